import { DialogflowCxAgent } from '@cdktf/provider-google/lib/dialogflow-cx-agent';
import { DialogflowCxEntityType } from '@cdktf/provider-google/lib/dialogflow-cx-entity-type';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { Annotations, dependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Kind } from '../policy/catalog';
import { ConstructPropsError, isLiteral, locationOf } from './errors';
import { StackAspects } from './aspects';
import { RedactSensitiveParameters } from './redact-sensitive-parameters';
import { SecuritySettings } from './security-settings';
import { templateReaderGrants } from './service-agents';

/** Settings for an agent the construct creates. */
export interface CreateAgentOptions {
  readonly displayName: string;
  /** Default language code, such as `en`. */
  readonly language: string;
  /** IANA time zone, such as `Europe/London`. */
  readonly timeZone: string;
  /** @default none */
  readonly description?: string;
}

export interface DialogflowCxAgentProtectionProps {
  readonly project: string;
  /** Agent location: the settings' location. */
  readonly location: string;
  readonly securitySettings: SecuritySettings;
  /** The Dialogflow service agent (IAM member), granted read access to the DLP templates. */
  readonly dialogflowServiceAgent: string;
  /** Create an agent with these settings. Give exactly one of `create` and `agent`. @default none: `agent` is given */
  readonly create?: CreateAgentOptions;
  /**
   * An agent declared in the same stack: its `security_settings` is set. Give exactly one of `create` and `agent`.
   * @default none: `create` is given
   */
  readonly agent?: DialogflowCxAgent;
  /**
   * Keep redacted conversation logs (Cloud Logging and interaction logging). Off keeps no transcripts at all.
   * @default true
   */
  readonly conversationLogging?: boolean;
  /**
   * Let the session parameter `$session.params.conversation-redaction` decide whether each utterance is redacted.
   * @default false
   */
  readonly consentBasedRedaction?: boolean;
  /** Kinds whose parameters are marked "redact in logs". */
  readonly kinds: Kind[];
  /**
   * Custom entity types of your stack whose values are sensitive (an account number): marked `redact: true`, which
   * Dialogflow applies to every parameter of that type. convoguard cannot tell what a custom type holds.
   * @default none
   */
  readonly sensitiveEntityTypes?: DialogflowCxEntityType[];
  /**
   * The project's grants that let the Dialogflow service agent read DLP templates, when another agent of the project
   * made them: the project then holds one set, and destroying this agent never removes a grant another agent needs.
   * Pass `[]` when a stack deployed before this one owns them.
   * @default created here
   */
  readonly templateReaderGrants?: ProjectIamMember[];
}

/**
 * Attaches security settings to a Dialogflow CX agent, created here or declared by you in the same stack, and
 * grants the Dialogflow service agent `roles/dlp.inspectTemplatesReader` and `roles/dlp.deidentifyTemplatesReader`.
 * Adds the `RedactSensitiveParameters` aspect to the stack, limited to this agent's pages, intents and entity types.
 *
 * Terraform: `google_dialogflow_cx_agent` (created, or yours with `security_settings` set), two
 * `google_project_iam_member`.
 */
export class DialogflowCxAgentProtection extends Construct {
  public readonly agent: DialogflowCxAgent;
  /** True when the construct created the agent. */
  public readonly created: boolean;
  public readonly templateReaderGrants: ProjectIamMember[];

  constructor(scope: Construct, id: string, props: DialogflowCxAgentProtectionProps) {
    super(scope, id);
    if ((props.create === undefined) === (props.agent === undefined)) {
      throw new ConstructPropsError(
        this,
        `received ${props.create ? 'both create and agent' : 'neither create nor agent'}; expected exactly one: create a new agent, or pass one declared in this stack`,
      );
    }
    if (props.securitySettings.location !== props.location) {
      throw new ConstructPropsError(
        this,
        `the security settings are in "${props.securitySettings.location}" but the agent is in "${props.location}"; security settings apply only to agents in their location`,
      );
    }
    this.templateReaderGrants =
      props.templateReaderGrants ??
      templateReaderGrants(this, { project: props.project, dialogflowServiceAgent: props.dialogflowServiceAgent });
    const logging = props.conversationLogging ?? true;
    if (props.agent) {
      const agentLocation = props.agent.locationInput;
      if (isLiteral(agentLocation) && agentLocation !== props.location) {
        throw new ConstructPropsError(
          this,
          `the agent is in "${agentLocation}" but its security settings are in "${props.location}"`,
        );
      }
      const existing = props.agent.securitySettingsInput;
      if (isLiteral(existing) && locationOf(existing) !== undefined) {
        throw new ConstructPropsError(
          this,
          `the agent already uses security settings "${existing}"; remove them so convoguard's apply`,
        );
      }
      props.agent.securitySettings = props.securitySettings.settingsName;
      props.agent.dependsOn = [
        ...(props.agent.dependsOn ?? []),
        ...this.templateReaderGrants.map((g) => dependable(g)),
      ];
      // Your agent gets the logging settings the policy asks for, as a created one does: through overrides of the
      // three fields, so the rest of your advanced settings stay yours. A value you set otherwise is replaced, and said.
      const mine =
        (props.agent.advancedSettingsInput as { loggingSettings?: Record<string, unknown> } | undefined)
          ?.loggingSettings ?? {};
      const wanted: Record<string, boolean> = {
        enable_stackdriver_logging: logging,
        enable_interaction_logging: logging,
        enable_consent_based_redaction: props.consentBasedRedaction ?? false,
      };
      const camel: Record<string, string> = {
        enable_stackdriver_logging: 'enableStackdriverLogging',
        enable_interaction_logging: 'enableInteractionLogging',
        enable_consent_based_redaction: 'enableConsentBasedRedaction',
      };
      for (const [field, value] of Object.entries(wanted)) {
        const theirs = mine[camel[field]];
        if (typeof theirs === 'boolean' && theirs !== value) {
          Annotations.of(props.agent).addWarning(
            `convoguard: advanced_settings.logging_settings.${field} was ${String(theirs)}; the policy sets it to ${value}`,
          );
        }
        props.agent.addOverride(`advanced_settings.logging_settings.${field}`, value);
      }
      this.agent = props.agent;
      this.created = false;
    } else {
      const c = props.create!;
      this.agent = new DialogflowCxAgent(this, 'Agent', {
        project: props.project,
        location: props.location,
        displayName: c.displayName,
        defaultLanguageCode: c.language,
        timeZone: c.timeZone,
        description: c.description,
        securitySettings: props.securitySettings.settingsName,
        advancedSettings: {
          loggingSettings: {
            enableStackdriverLogging: logging,
            enableInteractionLogging: logging,
            enableConsentBasedRedaction: props.consentBasedRedaction ?? false,
          },
        },
        dependsOn: [...this.templateReaderGrants],
      });
      this.created = true;
    }
    // On the stack (your pages and intents live anywhere in it), but touching only this agent's own.
    StackAspects.of(TerraformStack.of(this)).add(
      new RedactSensitiveParameters({
        kinds: props.kinds,
        sensitiveEntityTypes: props.sensitiveEntityTypes,
        agent: this.agent,
      }),
    );
  }
}
