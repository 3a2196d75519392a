import { DialogflowCxSecuritySettings } from '@cdktf/provider-google/lib/dialogflow-cx-security-settings';
import { Construct } from 'constructs';
import { DIALOGFLOW_RETENTION_DAYS } from '../policy/platforms';
import { GCP_DEFAULTS } from './defaults';
import { ConstructPropsError, isLiteral, locationOf } from './errors';

/** A template and the location it lives in (an `InspectTemplate`/`DeidentifyTemplate`, or your own). */
export interface TemplateRef {
  /** Full template name (`projects/P/locations/L/...Templates/ID`), never the short id. */
  readonly templateName: string;
  readonly location: string;
}

/** A bucket for audio export (a `SensitiveBucket`, or your own). */
export interface AudioBucketRef {
  readonly bucketName: string;
}

export interface SecuritySettingsProps {
  readonly project: string;
  /** Location of the settings: the agent's location. */
  readonly location: string;
  /** Display name (at most 64 characters). */
  readonly displayName: string;
  readonly inspectTemplate: TemplateRef;
  /** @default none: findings are replaced by their infoType */
  readonly deidentifyTemplate?: TemplateRef;
  /**
   * Days Dialogflow keeps conversation history, 1 to 365 (1 for 24 h).
   * @default 1
   */
  readonly retentionWindowDays?: number;
  /**
   * Redacted audio goes here. Without it, no audio is exported.
   * @default no audio export
   */
  readonly audioExportBucket?: AudioBucketRef;
  /** @default MP3 */
  readonly audioFormat?: 'MULAW' | 'MP3' | 'OGG';
  /**
   * Export conversations to Conversational Insights (after redaction).
   * @default false
   */
  readonly insightsExport?: boolean;
}

/**
 * Dialogflow CX security settings that redact with DLP before anything is stored: `REDACT_WITH_SERVICE` over
 * `REDACT_DISK_STORAGE`, both templates by full name, `retention_window_days` (which conflicts with, and is kept
 * instead of, `retention_strategy`: `REMOVE_AFTER_CONVERSATION` would disable audio and Insights export),
 * `purge_data_types = [DIALOGFLOW_HISTORY]`, audio export with redaction to a sensitive bucket. This native
 * resource replaces the REST-API workaround of older guides. Updates can take up to an hour to apply.
 *
 * Terraform: `google_dialogflow_cx_security_settings`.
 */
export class SecuritySettings extends Construct {
  public readonly settings: DialogflowCxSecuritySettings;
  /** Full name (`projects/P/locations/L/securitySettings/ID`): what agents reference. */
  public readonly settingsName: string;
  public readonly location: string;

  constructor(scope: Construct, id: string, props: SecuritySettingsProps) {
    super(scope, id);
    const problems: string[] = [];
    const templates: Array<[string, TemplateRef | undefined]> = [
      ['inspectTemplate', props.inspectTemplate],
      ['deidentifyTemplate', props.deidentifyTemplate],
    ];
    for (const [name, t] of templates) {
      if (!t) continue;
      const loc = locationOf(t.templateName) ?? t.location;
      if (loc !== props.location) {
        problems.push(
          `${name} is in "${loc}" but the security settings are in "${props.location}"; Dialogflow only uses templates from the settings' own location${loc === 'global' ? ' (a global template cannot serve regional settings)' : ''}`,
        );
      }
      if (isLiteral(t.templateName) && !/\/locations\/[^/]+\/(inspect|deidentify)Templates\//.test(t.templateName)) {
        problems.push(
          `${name} received "${t.templateName}"; expected the full name projects/P/locations/L/${name === 'inspectTemplate' ? 'inspect' : 'deidentify'}Templates/ID`,
        );
      }
    }
    const days = props.retentionWindowDays ?? GCP_DEFAULTS.retentionWindowDays;
    const { min, max } = DIALOGFLOW_RETENTION_DAYS;
    if (!Number.isInteger(days) || days < min || days > max)
      problems.push(
        `retentionWindowDays received ${days}; expected ${min} to ${max} (values above ${max} are ignored by Dialogflow)`,
      );
    if (props.displayName.length > 64)
      problems.push(`displayName received ${props.displayName.length} characters; expected at most 64`);
    ConstructPropsError.throwIfAny(this, problems);

    this.location = props.location;
    this.settings = new DialogflowCxSecuritySettings(this, 'Resource', {
      project: props.project,
      location: props.location,
      displayName: props.displayName,
      redactionStrategy: 'REDACT_WITH_SERVICE',
      redactionScope: 'REDACT_DISK_STORAGE',
      inspectTemplate: props.inspectTemplate.templateName,
      deidentifyTemplate: props.deidentifyTemplate?.templateName,
      retentionWindowDays: days,
      purgeDataTypes: ['DIALOGFLOW_HISTORY'],
      audioExportSettings: props.audioExportBucket
        ? {
            gcsBucket: props.audioExportBucket.bucketName,
            // One object per conversation and turn: a constant name would make every conversation overwrite the last.
            audioExportPattern: GCP_DEFAULTS.audioExportPattern,
            enableAudioRedaction: true,
            audioFormat: props.audioFormat ?? GCP_DEFAULTS.audioFormat,
          }
        : undefined,
      insightsExportSettings: { enableInsightsExport: props.insightsExport ?? false },
    });
    this.settingsName = this.settings.id;
  }
}
