import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { DataGoogleBigqueryDefaultServiceAccount } from '@cdktf/provider-google/lib/data-google-bigquery-default-service-account';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { StorageBucketIamBinding } from '@cdktf/provider-google/lib/storage-bucket-iam-binding';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { dependable, ITerraformDependable, TerraformOutput, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { DAY } from '../../policy/duration';
import { BIGQUERY_TIME_TRAVEL_HOURS } from '../../policy/platforms/cx-agent-studio';
import type { CxAgentStudioAgentPlan } from '../../policy/plan';
import { agentTemplates } from '../agent-templates';
import type { DeidentifyTemplate } from '../deidentify-template';
import { labels, ROLES } from '../defaults';
import { ConstructPropsError } from '../errors';
import { attributeToAgent } from '../gcp-agent-protection';
import type { InspectTemplate } from '../inspect-template';
import { ProjectApis } from '../project-apis';
import { SensitiveBucket } from '../sensitive-bucket';
import { SensitiveDataKey } from '../sensitive-data-key';
import { ProjectServiceAgents } from '../service-agents';
import { terraformLiterals } from '../terraform-literal';
import { CesApp, CesAppLoggingSettings, CesGuardrail, loggingSettings } from './ces-resources';

/** A CX Agent Studio app you declared yourself. */
export interface ExistingCesApp {
  /** The app: a resource of Terraform type `google_ces_app`. */
  readonly resource: TerraformResource;
  /** Its app id. */
  readonly appId: string;
}

export interface CxAgentStudioProtectionProps {
  /** The plan of one `cx-agent-studio` agent (`agentPlan(plan(policy), 'name', 'cx-agent-studio')`). */
  readonly plan: CxAgentStudioAgentPlan;
  /**
   * Policy name, for labels.
   * @default the plan's (`plan.policy`)
   */
  readonly policyName?: string;
  /**
   * An app you declared yourself (a resource of Terraform type `google_ces_app`), with its app id: its logging
   * settings and guardrails are set here instead of the policy's `create`.
   * @default the app is created when the policy says `create`; otherwise the logging settings are output
   */
  readonly existingApp?: ExistingCesApp;
  /** Service agents of the project, when the stack already has them. @default created here */
  readonly serviceAgents?: ProjectServiceAgents;
  /**
   * The project's DLP template-reader grants for the CX Agent Studio service agent, when another construct made them
   * (`[]` when another stack of the project owns them). They exist once per project: two copies in two states would
   * each remove the binding the other needs when destroyed.
   * @default made here (`cesTemplateReaderGrants`)
   */
  readonly templateReaderGrants?: ITerraformDependable[];
}

/**
 * The two project-level grants that let the CX Agent Studio service agent read the DLP templates, made in `scope`
 * under fixed ids. Once per project: `CesProtectionStack` makes them in the first stack of a project.
 */
export function cesTemplateReaderGrants(
  scope: Construct,
  project: string,
  cesServiceAgent: string,
): ProjectIamMember[] {
  return [
    new ProjectIamMember(scope, 'CesInspectTemplatesReader', {
      project,
      role: ROLES.inspectTemplatesReader,
      member: cesServiceAgent,
    }),
    new ProjectIamMember(scope, 'CesDeidentifyTemplatesReader', {
      project,
      role: ROLES.deidentifyTemplatesReader,
      member: cesServiceAgent,
    }),
  ];
}

/**
 * Everything that protects one CX Agent Studio app of a policy: a key, the agent's DLP inspect and de-identify
 * templates (read by the CX Agent Studio service agent), an audio bucket that deletes objects at retention.sensitive,
 * a BigQuery export dataset whose tables and partitions expire at retention.sensitive, guardrails that fail closed,
 * and the app's logging settings that redact with the templates.
 *
 * Construct ids are stable API (they name Terraform resources): `ServiceAgents`, `Key`, `AudioBucket`,
 * `AudioWriter`, `AudioBucketReaders`, `InspectTemplate`, `DeidentifyTemplate`, `CesInspectTemplatesReader`,
 * `CesDeidentifyTemplatesReader` (used on its own), `ExportDataset`, `ExportWriter`, `Guardrail-<kind>`, `App`, `Apis`.
 */
export class CxAgentStudioProtection extends Construct {
  /** The plan this construct applies; `ConvoGuardChecksAspect` compares the synthesized output with it. */
  public readonly convoguardPlan: CxAgentStudioAgentPlan;
  public readonly key: SensitiveDataKey;
  public readonly inspectTemplate: InspectTemplate;
  public readonly deidentifyTemplate: DeidentifyTemplate;
  public readonly audioBucket?: SensitiveBucket;
  public readonly exportDataset?: BigqueryDataset;
  public readonly guardrails: CesGuardrail[];
  /** The app convoguard created (policy `create`). */
  public readonly app?: CesApp;
  /** The logging settings set on the app (or output, without one). */
  public readonly loggingSettings: CesAppLoggingSettings;
  /** The CX Agent Studio service agent of the project, as an IAM member. */
  public readonly cesServiceAgent: string;
  public readonly apis?: ProjectApis;

  constructor(scope: Construct, id: string, props: CxAgentStudioProtectionProps) {
    super(scope, id);
    if (props.plan.platform !== 'cx-agent-studio')
      throw new ConstructPropsError(
        this,
        `received the ${String(props.plan.platform)} agent "${props.plan.name}"; expected a cx-agent-studio agent`,
      );
    const existing = props.existingApp;
    if (existing && existing.resource.terraformResourceType !== CesApp.tfResourceType)
      throw new ConstructPropsError(
        this,
        `existingApp received a ${existing.resource.terraformResourceType}; expected a google_ces_app`,
      );
    this.convoguardPlan = props.plan;
    // Every policy string reaches Terraform as a literal: ${…} and %{…} in it are escaped, never evaluated.
    const plan = terraformLiterals(props.plan);
    const { project, location, names, resourceLocations: at } = plan;
    const sensitive = labels(props.policyName ?? plan.policy, plan.name, 'sensitive');
    const agents = props.serviceAgents ?? new ProjectServiceAgents(this, 'ServiceAgents', { project });
    this.cesServiceAgent = agents.ces;

    const keyUsers: Record<string, string> = {};
    if (plan.audioRecording) keyUsers.storage = agents.storage;
    if (plan.bigqueryExport)
      keyUsers.bigquery = new DataGoogleBigqueryDefaultServiceAccount(this, 'BigQueryAgent', { project }).member;
    this.key = new SensitiveDataKey(this, 'Key', {
      project,
      location: at.kms,
      keyRingName: names.kmsKeyRing,
      keyName: names.kmsCryptoKey,
      rotationPeriodSeconds: plan.encryption.rotationSeconds,
      destroyScheduledDurationSeconds: plan.encryption.deletionWindowDays * DAY,
      serviceAgents: keyUsers,
      decrypters: [...plan.decrypters],
      labels: sensitive,
    });

    const templates = agentTemplates(this, {
      project,
      location: at.dlp,
      inspectTemplateId: names.inspectTemplate,
      deidentifyTemplateId: names.deidentifyTemplate,
      plan,
    });
    this.inspectTemplate = templates.inspectTemplate;
    this.deidentifyTemplate = templates.deidentifyTemplate;
    // The service agent reads the templates when it redacts: the grants are project-level (DLP has no template IAM).
    const grants: ITerraformDependable[] = [
      ...(props.templateReaderGrants ?? cesTemplateReaderGrants(this, project, agents.ces)),
    ];

    if (plan.audioRecording) {
      this.audioBucket = new SensitiveBucket(this, 'AudioBucket', {
        project,
        name: names.gcsBucket,
        location: at.storage,
        kmsKeyId: this.key.keyId,
        kmsKeyLocation: this.key.location,
        objectAgeDays: plan.retentionDays,
        dependsOn: [this.key.serviceAgentGrants.storage],
        labels: sensitive,
      });
      grants.push(
        new StorageBucketIamMember(this, 'AudioWriter', {
          bucket: this.audioBucket.bucketName,
          role: 'roles/storage.objectCreator',
          member: agents.ces,
        }),
      );
      if (plan.enforceDecrypters && plan.decrypters.length > 0)
        // Authoritative for the role at bucket level: the decrypters are the bucket's only object viewers.
        new StorageBucketIamBinding(this, 'AudioBucketReaders', {
          bucket: this.audioBucket.bucketName,
          role: 'roles/storage.objectViewer',
          members: [...plan.decrypters],
        });
    }

    if (plan.bigqueryExport) {
      const ms = plan.retention.sensitiveSeconds * 1000;
      this.exportDataset = new BigqueryDataset(this, 'ExportDataset', {
        project,
        datasetId: names.exportDataset,
        location: at.bigquery,
        description: `convoguard: CX Agent Studio export of app ${names.appId}; tables and partitions expire after retention.sensitive`,
        defaultTableExpirationMs: ms,
        defaultPartitionExpirationMs: ms,
        // Expired tables stay readable through time travel: the shortest window BigQuery allows.
        maxTimeTravelHours: String(BIGQUERY_TIME_TRAVEL_HOURS.min),
        defaultEncryptionConfiguration: { kmsKeyName: this.key.keyId },
        deleteContentsOnDestroy: false,
        labels: sensitive,
        dependsOn: [this.key.serviceAgentGrants.bigquery],
      });
      grants.push(
        new BigqueryDatasetIamMember(this, 'ExportWriter', {
          project,
          datasetId: this.exportDataset.datasetId,
          role: 'roles/bigquery.dataEditor',
          member: agents.ces,
        }),
      );
    }

    this.loggingSettings = {
      redactionConfig: {
        enableRedaction: true,
        inspectTemplate: this.inspectTemplate.templateName,
        deidentifyTemplate: this.deidentifyTemplate.templateName,
      },
      ...(this.audioBucket ? { audioRecordingConfig: { gcsBucket: `gs://${this.audioBucket.bucketName}` } } : {}),
      bigqueryExportSettings: this.exportDataset
        ? { enabled: true, project, dataset: this.exportDataset.datasetId }
        : { enabled: false },
      cloudLoggingSettings: { enableCloudLogging: plan.cloudLogging },
      conversationLoggingSettings: { disableConversationLogging: !plan.conversationHistory },
    };

    const appId = existing?.appId ?? (plan.create ? names.appId : undefined);
    const guardrails: CesGuardrail[] = [];
    if (appId) {
      for (const g of plan.guardrails) {
        guardrails.push(
          new CesGuardrail(this, `Guardrail-${g.kind}`, {
            project,
            location,
            app: appId,
            guardrailId: g.id,
            displayName: g.displayName,
            rule:
              g.kind === 'prompt-security'
                ? { llmPromptSecurity: { failOpen: g.failOpen } }
                : {
                    contentFilter: {
                      matchType: g.matchType,
                      bannedContentsInAgentResponse: [...g.bannedInAgentResponse],
                    },
                  },
            respondImmediately: g.response,
            dependsOn: existing ? [existing.resource] : undefined,
          }),
        );
      }
    }
    this.guardrails = guardrails;
    const guardrailNames = guardrails.map((g) => g.guardrailName);

    if (existing) {
      existing.resource.addOverride('logging_settings', loggingSettings(this.loggingSettings));
      if (guardrailNames.length > 0) existing.resource.addOverride('guardrails', guardrailNames);
      existing.resource.dependsOn = [...(existing.resource.dependsOn ?? []), ...grants.map((g) => dependable(g))];
    } else if (plan.create) {
      this.app = new CesApp(this, 'App', {
        project,
        location,
        appId: names.appId,
        displayName: plan.create.displayName,
        ...(plan.create.description ? { description: plan.create.description } : {}),
        ...(plan.create.language ? { defaultLanguageCode: plan.create.language } : {}),
        guardrails: guardrailNames,
        loggingSettings: this.loggingSettings,
        dependsOn: grants,
      });
      // The guardrails are the app's children: created after it, and the app names them literally.
      for (const g of guardrails) g.dependsOn = [dependable(this.app)];
    } else {
      new TerraformOutput(this, 'LoggingSettings', {
        value: loggingSettings(this.loggingSettings),
        description: `Set as logging_settings on the CX Agent Studio app "${plan.name}": convoguard did not create it, so nothing is redacted until you do`,
      });
    }

    if (plan.enableApis) {
      this.apis = new ProjectApis(this, 'Apis', { project, services: [...plan.apis] });
      this.apis.before(this);
      if (props.serviceAgents) this.apis.before(props.serviceAgents);
    }
    attributeToAgent(this, plan.name, ...(existing ? [existing.resource] : []));
  }
}
