/** The plan variant of a `dialogflow-cx` agent, and the shared stack of its project. */
import type { PlannedDlpTransformation } from '../../dlp-transformations';
import type { AgentPlanBase, NotifyTopic, PlannedEncryption, PlannedExport } from '../../plan-base';

/** The shared stack of one project (layout `per-agent`). */
export interface GcpSharedPlan {
  readonly project: string;
  /**
   * The log routing, while an agent of the project routes Cloud Logging: in the location of the routed agents (one
   * per project: the routing's filter covers every Dialogflow log of the project).
   */
  readonly routing?: {
    readonly location: string;
    readonly names: { readonly kmsKeyRing: string; readonly kmsCryptoKey: string; readonly logBucket: string };
    /** Days the bucket keeps entries: the shortest of the routed agents' (the policy's retention.sensitive). */
    readonly retentionDays: number;
  };
  /** The base APIs of a Dialogflow protection (its own resources and the agents' use them), when an agent of the project says `enableApis`. */
  readonly apis?: readonly string[];
  /** Key rotation and deletion window, and who may decrypt the routed logs: the policy's, as for every agent key. */
  readonly encryption: DialogflowCxAgentPlan['encryption'];
  readonly decrypters: readonly string[];
  /** Whether the project's DLP template-reader grants are made: while convoguard creates an agent of the project. */
  readonly projectGrants: boolean;
}

export interface DialogflowCxAgentPlan extends AgentPlanBase {
  readonly platform: 'dialogflow-cx';
  /** The default rule set as DLP transformations (first rule that names an infoType wins): what the template says. */
  readonly dlpTransformations: readonly PlannedDlpTransformation[];
  readonly project: string;
  readonly location: string;
  readonly names: {
    readonly gcsBucket: string;
    readonly kmsKeyRing: string;
    readonly kmsCryptoKey: string;
    readonly inspectTemplate: string;
    readonly deidentifyTemplate: string;
    readonly cxSecuritySettings: string;
    readonly managedKafkaCluster: string;
    /** Cloud Logging bucket id (and sink name) for Dialogflow's request logs. */
    readonly logBucket: string;
    /** Model Armor template id, with generative.modelArmor. */
    readonly modelArmorTemplate: string;
    /** Pub/Sub topic created for alerts and findings, without verify.notify.gcp. */
    readonly alertTopic: string;
    /** BigQuery dataset of DLP findings. */
    readonly findingsDataset: string;
    /** Stem of the DLP job trigger ids (`-1`, `-2`, … per export). */
    readonly exportTrigger: string;
  };
  readonly create?: {
    readonly displayName: string;
    readonly language: string;
    readonly timeZone: string;
    readonly description?: string;
  };
  readonly audioExport: boolean;
  readonly insightsExport: boolean;
  readonly cmek: boolean;
  /** routed: Dialogflow's request logs go to a regional CMEK log bucket kept retentionDays; off: logging disabled. */
  readonly cloudLogging: 'routed' | 'off';
  /**
   * cloudLogging routed: the log bucket the request logs land in. The routing is project-wide and made once: the
   * first routed agent's bucket of the project and location (terraform.stacks: per-location), or the shared stack's
   * (per-agent). `names.logBucket` is the bucket this agent makes when it routes them itself.
   */
  readonly logsRoutedTo?: string;
  readonly consentBasedRedaction: boolean;
  /** Enable the APIs the protection uses with google_project_service. */
  readonly enableApis: boolean;
  /** Days Dialogflow keeps history and the audio bucket keeps objects. */
  readonly retentionDays: number;
  readonly kafka?: { readonly subnet: string; readonly vcpus: number; readonly memoryGiB: number };
  readonly cryptoKey?: { readonly kmsKeyName: string; readonly wrappedKey: string };
  readonly encryption: PlannedEncryption;
  /** IAM members allowed to decrypt. */
  readonly decrypters: readonly string[];
  /** Make the decrypters the audio bucket's only bucket-level object viewers. */
  readonly enforceDecrypters: boolean;
  /** Model Armor and Dialogflow's generative safety settings. */
  readonly generative?: DialogflowGenerativePlan;
  /** The alert and scans that prove redaction held (policy verify). */
  readonly verify?: DialogflowVerifyPlan;
}

export interface DialogflowVerifyPlan {
  readonly topic: NotifyTopic;
  /** verify.notify.email: a Cloud Monitoring e-mail channel each on the alert. */
  readonly emails: readonly string[];
  /** A log-match alert policy on the project's request logs, when they are routed (cloudLogging: routed). */
  readonly logAlert?: { readonly displayName: string; readonly filter: string; readonly patterns: readonly string[] };
  /** DLP job triggers over the exports, with verify.every. */
  readonly scan?: {
    readonly everyDays: number;
    readonly exports: readonly PlannedExport[];
    /** BigQuery dataset (in the agent's location, under its key) that keeps the findings, not the data. */
    readonly findingsDataset: string;
    /** Days the findings tables keep rows: retention.anonymized. */
    readonly findingsDays: number;
    /** Trigger id per export, in order. */
    readonly triggerIds: readonly string[];
  };
}

export interface DialogflowGenerativePlan {
  /** A Model Armor template from the agent's DLP templates, in its location. */
  readonly modelArmorTemplate?: string;
  /** The project's Model Armor floor setting (basic SDP on Vertex AI). */
  readonly floorSetting: boolean;
  readonly bannedPhrases: readonly string[];
  /** default_banned_phrase_match_strategy. */
  readonly bannedPhraseMatch: 'PARTIAL_MATCH';
}
