/**
 * Typed bindings for the two `google_ces_*` types convoguard writes. `@cdktf/provider-google` 16.12.1 binds
 * hashicorp/google 6.50.0, which has no CES types (they arrive in 7.10 to 7.13), and cdktf is archived upstream, so
 * no generated binding will come: these are hand-written over cdktf's `TerraformResource`, for the arguments
 * convoguard sets, with the attribute names of the 7.45.0 schema (`../shared/reference/gcp/google-ces-schema.json`).
 * The tests validate every stack that holds them against that schema.
 */
import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { CES_PROVIDER_VERSION } from '../../policy/platforms/cx-agent-studio';
import { ConstructPropsError } from '../errors';

/** The provider release these bindings are written against; a CES stack pins it (the other Google stacks keep 6.50.0). */
export const CES_BINDING_PROVIDER_VERSION = CES_PROVIDER_VERSION;

const metadata = { providerName: 'google', providerVersion: CES_BINDING_PROVIDER_VERSION };

/** What `TerraformResource` takes: the type, and every meta-argument the config carries (none is dropped). */
function resourceConfig(type: string, c: TerraformMetaArguments) {
  return {
    terraformResourceType: type,
    terraformGeneratorMetadata: metadata,
    provider: c.provider,
    dependsOn: c.dependsOn,
    lifecycle: c.lifecycle,
    count: c.count,
    forEach: c.forEach,
    provisioners: c.provisioners,
    connection: c.connection,
  };
}

/** `logging_settings.redaction_config`: redaction of what the app logs, with DLP templates. */
export interface CesRedactionConfig {
  readonly enableRedaction: boolean;
  /** `projects/P/locations/L/inspectTemplates/ID`. @default none */
  readonly inspectTemplate?: string;
  /** `projects/P/locations/L/deidentifyTemplates/ID`. @default none */
  readonly deidentifyTemplate?: string;
}

/** `logging_settings.audio_recording_config`: where call audio is written. */
export interface CesAudioRecordingConfig {
  /** The bucket (`gs://B` or its name, as the API takes it). */
  readonly gcsBucket: string;
  /** @default none */
  readonly gcsPathPrefix?: string;
}

/** `logging_settings.bigquery_export_settings`: conversations exported to BigQuery. */
export interface CesBigqueryExportSettings {
  readonly enabled: boolean;
  /** @default the app's project */
  readonly project?: string;
  /** @default none */
  readonly dataset?: string;
}

/** `logging_settings.cloud_logging_settings`. */
export interface CesCloudLoggingSettings {
  readonly enableCloudLogging: boolean;
}

/** `logging_settings.conversation_logging_settings`. */
export interface CesConversationLoggingSettings {
  readonly disableConversationLogging: boolean;
}

/** `google_ces_app.logging_settings`. */
export interface CesAppLoggingSettings {
  /** @default none (no redaction) */
  readonly redactionConfig?: CesRedactionConfig;
  /** @default none (no audio) */
  readonly audioRecordingConfig?: CesAudioRecordingConfig;
  /** @default none (no export) */
  readonly bigqueryExportSettings?: CesBigqueryExportSettings;
  /** @default the API's (off) */
  readonly cloudLoggingSettings?: CesCloudLoggingSettings;
  /** @default the API's (on) */
  readonly conversationLoggingSettings?: CesConversationLoggingSettings;
}

export interface CesAppConfig extends TerraformMetaArguments {
  readonly project: string;
  readonly location: string;
  readonly appId: string;
  readonly displayName: string;
  /** @default none */
  readonly description?: string;
  /** @default the API's */
  readonly defaultLanguageCode?: string;
  /** Guardrail resource names (`projects/P/locations/L/apps/A/guardrails/G`), written literally: a guardrail is the app's child. @default none */
  readonly guardrails?: string[];
  /** @default the API's (Cloud Logging off, conversation logging on, no redaction) */
  readonly loggingSettings?: CesAppLoggingSettings;
  /** `PREVENT` keeps `terraform destroy` from deleting the app. @default 'DELETE' (the provider's) */
  readonly deletionPolicy?: 'DELETE' | 'PREVENT' | 'ABANDON';
}

/** `google_ces_app`: a CX Agent Studio app, with the logging settings that decide what it keeps and redacts. */
export class CesApp extends TerraformResource {
  public static readonly tfResourceType = 'google_ces_app';
  /** The app's full name, `projects/P/locations/L/apps/ID`. */
  public readonly appName: string;
  private readonly config: CesAppConfig;

  constructor(scope: Construct, id: string, config: CesAppConfig) {
    super(scope, id, resourceConfig(CesApp.tfResourceType, config));
    this.config = config;
    this.appName = `projects/${config.project}/locations/${config.location}/apps/${config.appId}`;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    const l = c.loggingSettings;
    return prune({
      project: c.project,
      location: c.location,
      app_id: c.appId,
      display_name: c.displayName,
      description: c.description,
      language_settings: c.defaultLanguageCode ? { default_language_code: c.defaultLanguageCode } : undefined,
      guardrails: c.guardrails && c.guardrails.length > 0 ? [...c.guardrails] : undefined,
      logging_settings: l ? loggingSettings(l) : undefined,
      deletion_policy: c.deletionPolicy,
    });
  }
}

/** The Terraform form of logging settings (snake_case), also for an app you declared yourself. */
export function loggingSettings(l: CesAppLoggingSettings): Record<string, unknown> {
  return prune({
    redaction_config: l.redactionConfig
      ? {
          enable_redaction: l.redactionConfig.enableRedaction,
          inspect_template: l.redactionConfig.inspectTemplate,
          deidentify_template: l.redactionConfig.deidentifyTemplate,
        }
      : undefined,
    audio_recording_config: l.audioRecordingConfig
      ? { gcs_bucket: l.audioRecordingConfig.gcsBucket, gcs_path_prefix: l.audioRecordingConfig.gcsPathPrefix }
      : undefined,
    bigquery_export_settings: l.bigqueryExportSettings
      ? {
          enabled: l.bigqueryExportSettings.enabled,
          project: l.bigqueryExportSettings.project,
          dataset: l.bigqueryExportSettings.dataset,
        }
      : undefined,
    cloud_logging_settings: l.cloudLoggingSettings
      ? { enable_cloud_logging: l.cloudLoggingSettings.enableCloudLogging }
      : undefined,
    conversation_logging_settings: l.conversationLoggingSettings
      ? { disable_conversation_logging: l.conversationLoggingSettings.disableConversationLogging }
      : undefined,
  });
}

/** `content_filter`: what the guardrail bans in responses and user input. */
export interface CesContentFilter {
  readonly matchType: 'SIMPLE_STRING_MATCH' | 'WORD_BOUNDARY_STRING_MATCH' | 'REGEXP_MATCH';
  /** @default none */
  readonly bannedContentsInAgentResponse?: string[];
  /** @default none */
  readonly bannedContentsInUserInput?: string[];
}

/** `llm_prompt_security`: the platform's prompt-injection screen. */
export interface CesPromptSecurity {
  /** Whether the turn goes on when the screen fails. */
  readonly failOpen: boolean;
}

/**
 * One kind-block of a guardrail, the two convoguard writes: give exactly one (the construct refuses both or
 * neither).
 */
export interface CesGuardrailRule {
  /** @default none */
  readonly contentFilter?: CesContentFilter;
  /** @default none */
  readonly llmPromptSecurity?: CesPromptSecurity;
}

export interface CesGuardrailConfig extends TerraformMetaArguments {
  readonly project: string;
  readonly location: string;
  /** The app id (not its full name). */
  readonly app: string;
  readonly guardrailId: string;
  readonly displayName: string;
  /** @default none */
  readonly description?: string;
  readonly rule: CesGuardrailRule;
  /** What the app answers when the guardrail blocks. @default the API's */
  readonly respondImmediately?: string;
}

/** `google_ces_guardrail`: a guardrail under an app. */
export class CesGuardrail extends TerraformResource {
  public static readonly tfResourceType = 'google_ces_guardrail';
  /** `projects/P/locations/L/apps/A/guardrails/G`: what the app's `guardrails` list names. */
  public readonly guardrailName: string;
  private readonly config: CesGuardrailConfig;

  constructor(scope: Construct, id: string, config: CesGuardrailConfig) {
    super(scope, id, resourceConfig(CesGuardrail.tfResourceType, config));
    if ((config.rule.contentFilter === undefined) === (config.rule.llmPromptSecurity === undefined))
      throw new ConstructPropsError(
        this,
        `rule received ${config.rule.contentFilter ? 'both contentFilter and llmPromptSecurity' : 'neither contentFilter nor llmPromptSecurity'}; expected exactly one`,
      );
    this.config = config;
    this.guardrailName = `projects/${config.project}/locations/${config.location}/apps/${config.app}/guardrails/${config.guardrailId}`;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    const r = c.rule;
    return prune({
      project: c.project,
      location: c.location,
      app: c.app,
      guardrail_id: c.guardrailId,
      display_name: c.displayName,
      description: c.description,
      enabled: true,
      content_filter: r.contentFilter
        ? {
            match_type: r.contentFilter.matchType,
            banned_contents_in_agent_response: r.contentFilter.bannedContentsInAgentResponse,
            banned_contents_in_user_input: r.contentFilter.bannedContentsInUserInput,
          }
        : undefined,
      llm_prompt_security: r.llmPromptSecurity
        ? { default_settings: {}, fail_open: r.llmPromptSecurity.failOpen }
        : undefined,
      action: c.respondImmediately
        ? { respond_immediately: { responses: [{ text: c.respondImmediately }] } }
        : undefined,
    });
  }
}

/** The object without its undefined members (Terraform JSON has no undefined). */
function prune(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? prune(v as Record<string, unknown>) : v;
  }
  return out;
}
