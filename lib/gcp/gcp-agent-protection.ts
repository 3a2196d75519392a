import { DialogflowCxAgent } from '@cdktf/provider-google/lib/dialogflow-cx-agent';
import { DialogflowCxEntityType } from '@cdktf/provider-google/lib/dialogflow-cx-entity-type';
import type { DialogflowCxGenerativeSettings } from '@cdktf/provider-google/lib/dialogflow-cx-generative-settings';
import type { DialogflowEncryptionSpec } from '@cdktf/provider-google/lib/dialogflow-encryption-spec';
import { StorageBucketIamBinding } from '@cdktf/provider-google/lib/storage-bucket-iam-binding';
import { dependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { DAY } from '../policy/duration';
import { agentApis } from '../policy/platforms';
import { AGENT_KEY } from '../report/read-terraform';
import type { DialogflowCxAgentPlan } from '../policy/plan';
import type { AnonymizedTopics } from './anonymized-topics';
import { labels } from './defaults';
import { agentTemplates } from './agent-templates';
import type { DeidentifyTemplate } from './deidentify-template';
import { DialogflowCxAgentProtection } from './dialogflow-cx-agent-protection';
import { DialogflowLogRouting } from './dialogflow-log-routing';
import type { ProjectApis } from './project-apis';
import { terraformLiterals } from './terraform-literal';
import { ConstructPropsError } from './errors';
import type { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import type { InspectTemplate } from './inspect-template';
import type { ProjectArmorFloor, SensitiveDataArmor } from './model-armor';
import { SecuritySettings } from './security-settings';
import { SensitiveBucket } from './sensitive-bucket';
import { SensitiveDataKey } from './sensitive-data-key';
import { ProjectServiceAgents } from './service-agents';
import type { RedactionVerification } from './redaction-verification';

/* eslint-disable @typescript-eslint/no-require-imports -- loading them is the cost being avoided */
/**
 * The parts a plan may not use, loaded when one does: each provider module is large, and a fleet without Kafka,
 * Model Armor, CMEK for Dialogflow, verify or enabled APIs would load a dozen for nothing (npm run bench).
 */
const optional = {
  topics: () => require('./anonymized-topics') as typeof import('./anonymized-topics'),
  armor: () => require('./model-armor') as typeof import('./model-armor'),
  verification: () => require('./redaction-verification') as typeof import('./redaction-verification'),
  apis: () => require('./project-apis') as typeof import('./project-apis'),
  encryptionSpec: () =>
    require('@cdktf/provider-google/lib/dialogflow-encryption-spec') as typeof import('@cdktf/provider-google/lib/dialogflow-encryption-spec'),
  generativeSettings: () =>
    require('@cdktf/provider-google/lib/dialogflow-cx-generative-settings') as typeof import('@cdktf/provider-google/lib/dialogflow-cx-generative-settings'),
  bigqueryAgent: () =>
    require('@cdktf/provider-google/lib/data-google-bigquery-default-service-account') as typeof import('@cdktf/provider-google/lib/data-google-bigquery-default-service-account'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface GcpAgentProtectionProps {
  /**
   * Policy name, for labels.
   * @default the plan's (`plan.policy`)
   */
  readonly policyName?: string;
  /** The plan of one `dialogflow-cx` agent (`agentPlan(plan(policy), 'name', 'dialogflow-cx')`). */
  readonly plan: DialogflowCxAgentPlan;
  /**
   * An agent you declared in the same stack, instead of the policy's `create`.
   * @default the agent is created when the policy says `create`, otherwise the settings are output for manual attachment
   */
  readonly agent?: DialogflowCxAgent;
  /** Service agents of the project, when the stack already has them. @default created here */
  readonly serviceAgents?: ProjectServiceAgents;
  /** Custom entity types whose values are sensitive. @default none */
  readonly sensitiveEntityTypes?: DialogflowCxEntityType[];
  /**
   * The project's Dialogflow log routing, when another agent's protection already has one (it covers every Dialogflow
   * request log of the project); `false` when another stack routes them (the shared stack of terraform.stacks:
   * per-agent, deployed first).
   * @default created here when the plan routes Cloud Logging
   */
  readonly logRouting?: DialogflowLogRouting | false;
  /**
   * The project's `google_project_service` resources, when the stack already enables the APIs; every resource here
   * depends on them.
   * @default created here when the plan says `enableApis`
   */
  readonly apis?: ProjectApis;
  /**
   * The project's DLP template reader grants for the Dialogflow service agent, when another agent's protection made
   * them (`[]` when another stack of the project owns them).
   * @default created here
   */
  readonly templateReaderGrants?: ProjectIamMember[];
}

/**
 * Everything that protects one Dialogflow CX agent of a policy, wired together: key, audio bucket, inspect and
 * de-identify templates, security settings, the agent (or yours) with parameter redaction, and anonymized topics.
 *
 * Construct ids are stable API (they name Terraform resources): `ServiceAgents`, `Apis`, `Key`, `EncryptionSpec`,
 * `AudioBucket`, `InspectTemplate`, `DeidentifyTemplate`, `SecuritySettings`, `LogRouting`, `Agent`, `Topics`, `Verify`.
 */
export class GcpAgentProtection extends Construct {
  /** The plan this construct applies; `ConvoGuardChecksAspect` compares the synthesized output with it. */
  public readonly convoguardPlan: DialogflowCxAgentPlan;
  public readonly key: SensitiveDataKey;
  /** Dialogflow's location-wide CMEK setting, when the policy asks for it (`cmek: true`). */
  public readonly encryptionSpec?: DialogflowEncryptionSpec;
  public readonly audioBucket?: SensitiveBucket;
  public readonly inspectTemplate: InspectTemplate;
  public readonly deidentifyTemplate: DeidentifyTemplate;
  public readonly securitySettings: SecuritySettings;
  public readonly protection?: DialogflowCxAgentProtection;
  public readonly topics?: AnonymizedTopics;
  /** Dialogflow's request logs routed to a short-lived CMEK log bucket, when the plan says `cloudLogging: routed`. */
  public readonly logRouting?: DialogflowLogRouting;
  public readonly apis?: ProjectApis;
  /** The Model Armor template from the agent's DLP templates (policy generative.modelArmor). */
  public readonly modelArmor?: SensitiveDataArmor;
  /** The project's Model Armor floor setting (generative.floorSetting). */
  public readonly armorFloor?: ProjectArmorFloor;
  /** Banned phrases on the created agent's generative settings (generative.bannedPhrases). */
  public readonly generativeSettings?: DialogflowCxGenerativeSettings;
  /** The audio bucket's object viewers: exactly the decrypters, when the policy enforces them. */
  public readonly audioReaders?: StorageBucketIamBinding;
  /** The alert, topic and DLP scans that prove redaction held (policy verify). */
  public readonly verification?: RedactionVerification;

  constructor(scope: Construct, id: string, props: GcpAgentProtectionProps) {
    super(scope, id);
    if (props.plan.platform !== 'dialogflow-cx')
      throw new ConstructPropsError(
        this,
        `received the ${String(props.plan.platform)} agent "${props.plan.name}"; expected a dialogflow-cx agent`,
      );
    this.convoguardPlan = props.plan;
    // Every policy string reaches Terraform as a literal: ${…} and %{…} in it are escaped, never evaluated.
    const plan = terraformLiterals(props.plan);
    const { project, location, names } = plan;
    const sensitive = labels(props.policyName ?? plan.policy, plan.name, 'sensitive');
    const agents = props.serviceAgents ?? new ProjectServiceAgents(this, 'ServiceAgents', { project });

    const keyUsers: Record<string, string> = {};
    if (plan.audioExport) keyUsers.storage = agents.storage;
    if (plan.kafka && plan.topics.length > 0) keyUsers.managedKafka = agents.managedKafka;
    if (plan.cmek) keyUsers.dialogflowCmek = agents.dialogflowCmek;
    const v = plan.verify;
    if (v && 'create' in v.topic) keyUsers.pubsub = agents.pubsub;
    // BigQuery's encryption service account, from its GA data source (which creates it on first use).
    if (v?.scan)
      keyUsers.bigquery = new (optional.bigqueryAgent().DataGoogleBigqueryDefaultServiceAccount)(
        this,
        'BigQueryAgent',
        { project },
      ).member;
    this.key = new SensitiveDataKey(this, 'Key', {
      project,
      location,
      keyRingName: names.kmsKeyRing,
      keyName: names.kmsCryptoKey,
      rotationPeriodSeconds: plan.encryption.rotationSeconds,
      destroyScheduledDurationSeconds: plan.encryption.deletionWindowDays * DAY,
      serviceAgents: keyUsers,
      decrypters: [...plan.decrypters],
      labels: sensitive,
    });

    if (plan.audioExport) {
      this.audioBucket = new SensitiveBucket(this, 'AudioBucket', {
        project,
        name: names.gcsBucket,
        location,
        kmsKeyId: this.key.keyId,
        kmsKeyLocation: this.key.location,
        objectAgeDays: plan.retentionDays,
        dependsOn: [this.key.serviceAgentGrants.storage],
        labels: sensitive,
      });
    }

    if (this.audioBucket && plan.enforceDecrypters && plan.decrypters.length > 0) {
      // Authoritative for the role at bucket level: the decrypters are the bucket's only object viewers. Project-level
      // roles still read (the report lists them); Dialogflow's own Storage Object Creator grant is another role.
      this.audioReaders = new StorageBucketIamBinding(this, 'AudioBucketReaders', {
        bucket: this.audioBucket.bucketName,
        role: 'roles/storage.objectViewer',
        members: [...plan.decrypters],
      });
    }

    if (plan.cmek) {
      this.encryptionSpec = new (optional.encryptionSpec().DialogflowEncryptionSpec)(this, 'EncryptionSpec', {
        project,
        location,
        encryptionSpec: { kmsKey: this.key.keyId },
        dependsOn: [this.key.serviceAgentGrants.dialogflowCmek],
      });
    }

    const templates = agentTemplates(this, {
      project,
      location: location,
      inspectTemplateId: names.inspectTemplate,
      deidentifyTemplateId: names.deidentifyTemplate,
      plan,
    });
    this.inspectTemplate = templates.inspectTemplate;
    this.deidentifyTemplate = templates.deidentifyTemplate;
    this.securitySettings = new SecuritySettings(this, 'SecuritySettings', {
      project,
      location,
      displayName: names.cxSecuritySettings,
      inspectTemplate: this.inspectTemplate,
      deidentifyTemplate: this.deidentifyTemplate,
      retentionWindowDays: plan.retentionDays,
      audioExportBucket: this.audioBucket,
      insightsExport: plan.insightsExport,
    });

    if (plan.cloudLogging === 'routed') {
      if (props.logRouting !== false)
        this.logRouting =
          props.logRouting ??
          new DialogflowLogRouting(this, 'LogRouting', {
            project,
            location,
            bucketId: names.logBucket,
            retentionDays: plan.retentionDays,
            kmsKeyId: this.key.keyId,
          });
    }

    if (plan.create || props.agent) {
      this.protection = new DialogflowCxAgentProtection(this, 'Agent', {
        project,
        location,
        securitySettings: this.securitySettings,
        dialogflowServiceAgent: agents.dialogflow,
        ...(props.agent ? { agent: props.agent } : { create: plan.create }),
        conversationLogging: plan.cloudLogging === 'routed',
        consentBasedRedaction: plan.consentBasedRedaction,
        kinds: plan.detection.kinds.map((k) => k.kind),
        sensitiveEntityTypes: props.sensitiveEntityTypes,
        templateReaderGrants: props.templateReaderGrants,
      });
      // An agent created before the location's encryption spec would keep Google-managed encryption.
      if (this.encryptionSpec)
        this.protection.agent.dependsOn = [...(this.protection.agent.dependsOn ?? []), dependable(this.encryptionSpec)];
    } else {
      new TerraformOutput(this, 'SecuritySettingsName', {
        value: this.securitySettings.settingsName,
        description: `Attach to the Dialogflow CX agent "${plan.name}" (agent.security_settings): convoguard did not create it`,
      });
    }

    const g = plan.generative;
    if (g?.modelArmorTemplate) {
      this.modelArmor = new (optional.armor().SensitiveDataArmor)(this, 'ModelArmor', {
        project,
        location,
        templateId: g.modelArmorTemplate,
        inspectTemplate: this.inspectTemplate.templateName,
        deidentifyTemplate: this.deidentifyTemplate.templateName,
        labels: labels(props.policyName ?? plan.policy, plan.name, 'control'),
      });
    }
    if (g?.floorSetting) this.armorFloor = new (optional.armor().ProjectArmorFloor)(this, 'ArmorFloor', { project });
    if (g && g.bannedPhrases.length > 0 && plan.create && this.protection) {
      const languageCode = plan.create.language;
      this.generativeSettings = new (optional.generativeSettings().DialogflowCxGenerativeSettings)(
        this,
        'GenerativeSettings',
        {
          parent: this.protection.agent.id,
          languageCode,
          generativeSafetySettings: {
            defaultBannedPhraseMatchStrategy: g.bannedPhraseMatch,
            bannedPhrases: g.bannedPhrases.map((text) => ({ text, languageCode })),
          },
        },
      );
    }

    if (plan.kafka && plan.topics.length > 0) {
      this.topics = new (optional.topics().AnonymizedTopics)(this, 'Topics', {
        project,
        location,
        clusterId: names.managedKafkaCluster,
        subnet: plan.kafka.subnet,
        vcpus: plan.kafka.vcpus,
        memoryGiB: plan.kafka.memoryGiB,
        kmsKeyId: this.key.keyId,
        kmsKeyLocation: this.key.location,
        topics: plan.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions,
          replicationFactor: t.replicationFactor,
          retentionMs: t.retentionMs,
          ...(t.raw?.writer ? { onlyWriter: t.raw.writer } : {}),
        })),
        dependsOn: [this.key.serviceAgentGrants.managedKafka],
        labels: labels(props.policyName ?? plan.policy, plan.name, 'anonymized'),
      });
    }
    if (v) {
      this.verification = new (optional.verification().RedactionVerification)(this, 'Verify', {
        project,
        location,
        kmsKeyId: this.key.keyId,
        serviceAgents: { dlp: agents.dlp, monitoringNotifications: agents.monitoringNotifications },
        ...('existing' in v.topic
          ? { topic: v.topic.existing }
          : { topicName: v.topic.create, topicDependsOn: [this.key.serviceAgentGrants.pubsub] }),
        ...(v.logAlert ? { logAlert: { displayName: v.logAlert.displayName, filter: v.logAlert.filter } } : {}),
        emails: [...(v.emails ?? [])],
        ...(v.scan
          ? {
              scans: {
                everyDays: v.scan.everyDays,
                inspectTemplateName: this.inspectTemplate.templateName,
                exports: [...v.scan.exports],
                triggerIds: [...v.scan.triggerIds],
                findingsDataset: v.scan.findingsDataset,
                findingsDays: v.scan.findingsDays,
                keyGrants: [this.key.serviceAgentGrants.bigquery],
              },
            }
          : {}),
        labels: labels(props.policyName ?? plan.policy, plan.name, 'control'),
      });
    }
    this.apis =
      props.apis ??
      (plan.enableApis
        ? new (optional.apis().ProjectApis)(this, 'Apis', { project, services: agentApis(plan) })
        : undefined);
    if (this.apis) {
      this.apis.before(this);
      // The project's service-agent data sources read through the APIs too (when they live outside this construct).
      if (props.serviceAgents) this.apis.before(props.serviceAgents);
    }
    attributeToAgent(this, plan.name, ...(props.agent ? [props.agent] : []));
  }
}

/** Key under each Terraform resource's `//` comment block that names the agent it protects; the report reads it. */
export const AGENT_ATTRIBUTION_KEY = AGENT_KEY;

/**
 * Marks every Terraform resource under `scope` (and under `extra`, such as an agent you declared) as protecting
 * `agent`, in the resource's `//` block, which Terraform ignores, so the report attributes resources explicitly
 * instead of by construct path. Resources are recognised by their Terraform type, not by class.
 */
export function attributeToAgent(scope: Construct, agent: string, ...extra: Construct[]): void {
  for (const root of [scope, ...extra]) markResources(root, AGENT_ATTRIBUTION_KEY, agent);
}

/** Sets `//.<key>` on every Terraform resource under `scope` (recognised by its Terraform type, not its class). */
export function markResources(scope: Construct, key: string, value: string): void {
  for (const c of scope.node.findAll()) {
    const r = c as Partial<{ terraformResourceType: unknown; addOverride: (path: string, value: unknown) => void }>;
    if (typeof r.terraformResourceType === 'string' && typeof r.addOverride === 'function')
      r.addOverride(`//.${key}`, value);
  }
}
