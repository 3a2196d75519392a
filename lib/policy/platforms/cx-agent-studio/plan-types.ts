/** The plan variant of a `cx-agent-studio` agent: every decision made, so the adapter (lib/gcp/ces) only translates. */
import type { PlannedDlpTransformation } from '../../dlp-transformations';
import type { AgentPlanBase, PlannedEncryption } from '../../plan-base';

/** Where the app's own resources live: the matching location of each service for the app's multi-region. */
export interface CesResourceLocations {
  /** DLP inspect and de-identify templates (DLP names the EU multi-region `europe`). */
  readonly dlp: string;
  /** The key ring (Cloud KMS names the EU multi-region `europe`). */
  readonly kms: string;
  /** The audio bucket's location (`US`, `EU`). */
  readonly storage: string;
  /** The export dataset's location (`US`, `EU`). */
  readonly bigquery: string;
}

/** A guardrail convoguard creates under the app, and attaches to it. */
export type CesGuardrailPlan =
  | {
      readonly kind: 'patterns' | 'phrases';
      readonly id: string;
      readonly displayName: string;
      /** REGEXP_MATCH for patterns (RE2), SIMPLE_STRING_MATCH for phrases. */
      readonly matchType: 'REGEXP_MATCH' | 'SIMPLE_STRING_MATCH';
      /** What an agent response must not contain. */
      readonly bannedInAgentResponse: readonly string[];
      /** What the app says instead. */
      readonly response: string;
    }
  | {
      readonly kind: 'prompt-security';
      readonly id: string;
      readonly displayName: string;
      /** What the app says instead (every Google sample sets an action; without one the behaviour is undocumented). */
      readonly response: string;
      /** Always false: when the check cannot run, the turn is blocked. */
      readonly failOpen: false;
    };

export interface CxAgentStudioAgentPlan extends AgentPlanBase {
  readonly platform: 'cx-agent-studio';
  /** The default rule set as DLP transformations (first rule that names an infoType wins): what the template says. */
  readonly dlpTransformations: readonly PlannedDlpTransformation[];
  readonly project: string;
  /** `us` or `eu`. */
  readonly location: string;
  readonly resourceLocations: CesResourceLocations;
  readonly names: {
    readonly appId: string;
    readonly gcsBucket: string;
    readonly kmsKeyRing: string;
    readonly kmsCryptoKey: string;
    readonly inspectTemplate: string;
    readonly deidentifyTemplate: string;
    /** BigQuery dataset of the conversation export. */
    readonly exportDataset: string;
  };
  readonly create?: { readonly displayName: string; readonly description?: string; readonly language?: string };
  readonly audioRecording: boolean;
  readonly bigqueryExport: boolean;
  readonly cloudLogging: boolean;
  readonly conversationHistory: boolean;
  readonly guardrails: readonly CesGuardrailPlan[];
  readonly enableApis: boolean;
  /** The APIs enabled with enableApis. */
  readonly apis: readonly string[];
  /** Whole days the audio bucket keeps objects (Cloud Storage lifecycle ages are days). */
  readonly retentionDays: number;
  readonly cryptoKey?: { readonly kmsKeyName: string; readonly wrappedKey: string };
  readonly encryption: PlannedEncryption;
  /** IAM members allowed to decrypt. */
  readonly decrypters: readonly string[];
  /** Make the decrypters the audio bucket's and the export dataset's only bucket-level readers. */
  readonly enforceDecrypters: boolean;
}
