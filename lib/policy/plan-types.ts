/**
 * The plan's shape: one variant per platform, every decision made (names, seconds, the method each platform really
 * applies, detector names), so adapters translate it without re-deciding, casting or asserting.
 */
import type { TerraformBackend } from './backend';
import type { Kind } from './catalog';
import type { GcpStackLayout } from './gcp-stack-layouts';
import type { AgentPlanBase, PlannedEncryption } from './plan-base';
import type { CxAgentStudioAgentPlan } from './platforms/cx-agent-studio/plan-types';

export type * from './plan-base';
export type { CxAgentStudioAgentPlan } from './platforms/cx-agent-studio/plan-types';

/** Macie schedules a job daily, weekly or monthly. */
export type MacieFrequency = 'daily' | 'weekly' | 'monthly';

/** Where a team keeps a copy of transcripts that a scan can read: a Cloud Storage prefix, a BigQuery table, an S3 prefix. */
export type PlannedExport =
  | { readonly uri: string; readonly service: 'gcs'; readonly bucket: string; readonly path: string }
  | {
      readonly uri: string;
      readonly service: 'bigquery';
      readonly project: string;
      readonly dataset: string;
      readonly table: string;
    }
  | { readonly uri: string; readonly service: 's3'; readonly bucket: string; readonly path: string };

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

/** Where alerts go: a topic the policy names, or one created per agent under its key. */
export type NotifyTopic = { readonly existing: string } | { readonly create: string };

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

export interface LexVerifyPlan {
  readonly topic: NotifyTopic;
  /** verify.notify.email: an e-mail subscription each on the topic convoguard creates. */
  readonly emails: readonly string[];
  /** An anomaly-detection alarm on LogEventsWithFindings of the conversation log group. */
  readonly alarm: { readonly name: string; readonly logGroup: string };
  /** A scheduled Macie classification job over the S3 exports, with verify.every. */
  readonly scan?: {
    readonly everyDays: number;
    readonly frequency: MacieFrequency;
    readonly exports: readonly PlannedExport[];
    readonly jobName: string;
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

/** An intent of a bot convoguard creates: sample utterances and slots of built-in types that map to kinds. */
export interface PlannedLexIntent {
  readonly name: string;
  readonly utterances: readonly string[];
  readonly slots: ReadonlyArray<{
    readonly name: string;
    readonly kind: Kind;
    readonly slotType: string;
    readonly prompt: string;
  }>;
}

export interface LexAgentPlan extends AgentPlanBase {
  readonly platform: 'lex';
  readonly region: string;
  readonly account?: string;
  readonly names: {
    readonly kmsAlias: string;
    readonly logGroup: string;
    readonly auditLogGroup: string;
    readonly dataProtectionPolicy: string;
    readonly lexBot: string;
    readonly mskCluster: string;
    /** SNS topic created for the alarms, without verify.notify.aws. */
    readonly alertTopic: string;
    /** The LogEventsWithFindings alarm. */
    readonly findingsAlarm: string;
    /** The Macie classification job over the exports. */
    readonly macieJob: string;
  };
  readonly create?: {
    readonly locale: string;
    readonly idleSessionTtlSeconds: number;
    readonly intents: readonly PlannedLexIntent[];
  };
  readonly obfuscateAllSlots: boolean;
  /** Custom slot types whose slots are obfuscated too. */
  readonly sensitiveSlotTypes: readonly string[];
  readonly macie: boolean;
  /** With macie: create the account's Macie session too. */
  readonly macieSession: boolean;
  /** CloudWatch Logs retention: the longest value CloudWatch offers that does not exceed retention.sensitive. */
  readonly logRetentionDays: number;
  /** S3 expiration of audio logs, in days. */
  readonly audioExpirationDays: number;
  /** CloudWatch managed data identifiers. */
  readonly managedIdentifiers: readonly string[];
  readonly kafka?:
    | { readonly clusterArn: string }
    | {
        readonly subnetIds: readonly string[];
        readonly securityGroupIds?: readonly string[];
        readonly brokerInstanceType: string;
      };
  readonly encryption: PlannedEncryption;
  /** IAM role or user ARNs allowed to decrypt. */
  readonly decrypters: readonly string[];
  /** Deny kms:Decrypt to all but the decrypters and the store services; deny logs:Unmask to all but the decrypters. */
  readonly enforceDecrypters: boolean;
  /** With enforceDecrypters: whom the DenyUnmask policy is attached to (IAM names in the agent's account). */
  readonly denyUnmaskTo: {
    readonly roles: readonly string[];
    readonly groups: readonly string[];
    readonly users: readonly string[];
  };
  /** The bot's Amazon Bedrock features and the guardrail attached to every Bedrock model specification. */
  readonly generative?: LexGenerativePlan;
  /** The alarm and scan that prove redaction held (policy verify). */
  readonly verify?: LexVerifyPlan;
}

/** What a Bedrock guardrail does with a finding in a prompt or a response. */
export type GuardrailAction = 'ANONYMIZE' | 'BLOCK';

/** An `AWS::Bedrock::Guardrail` from the policy: PII entity types from the catalog, regexes for the rest. */
export interface BedrockGuardrailPlan {
  readonly name: string;
  readonly blockedMessage: string;
  readonly piiEntities: ReadonlyArray<{ readonly type: string; readonly action: GuardrailAction; readonly kind: Kind }>;
  /** `promptsOnly`: screens prompts, not responses (a fallback that matches far more than its kind). */
  readonly regexes: ReadonlyArray<{
    readonly name: string;
    readonly pattern: string;
    readonly action: GuardrailAction;
    readonly origin: 'custom' | 'fallback';
    readonly kind?: Kind;
    readonly promptsOnly?: boolean;
  }>;
  /** Kinds neither a Bedrock PII type nor a regex covers. */
  readonly uncovered: readonly Kind[];
  /** BedrockTraceStatus on every model specification. */
  readonly traceStatus: 'ENABLED' | 'DISABLED';
}

export interface LexGenerativePlan {
  /** The Bedrock model of a created bot's features. */
  readonly modelArn?: string;
  readonly assistedSlotResolution: boolean;
  readonly qna?: { readonly knowledgeBaseArn: string; readonly exactResponse: boolean };
  readonly guardrail: BedrockGuardrailPlan;
}

export interface RasaAgentPlan extends AgentPlanBase {
  readonly platform: 'rasa';
  readonly language: string;
  /** The Rasa Pro release (`3.13`), and the endpoints.yml format it reads. */
  readonly rasaVersion: string;
  readonly format: 'privacy' | 'anonymization';
  /** 3.6–3.12: the Presidio NLP model of the anonymization pipeline. */
  readonly model?:
    | { readonly provider: 'spacy' | 'stanza'; readonly name: string }
    | { readonly provider: 'transformers'; readonly spacy: string; readonly transformers: string };
  /** 3.13+: the `privacy:` block's decisions. */
  readonly privacy?: RasaPrivacyPlan;
  readonly kafka?: {
    /** A bootstrap address, or undefined to read ${KAFKA_BOOTSTRAP_SERVERS}. */
    readonly url?: string;
    readonly securityProtocol: string;
    /** The cloud agent whose cluster carries the topics, and the SASL mechanism that cluster gives Rasa. */
    readonly cluster?: {
      readonly agent: string;
      readonly platform: 'lex' | 'dialogflow-cx';
      readonly saslMechanism: 'SCRAM-SHA-512' | 'PLAIN';
    };
  };
}

/** One slot rule of Rasa 3.13's `privacy.rules`. */
export interface RasaSlotRule {
  readonly slot: string;
  readonly kind: Kind;
  /** redact: the value's characters replaced by `char` (some kept); mask: `[SLOT_NAME]`. */
  readonly type: 'redact' | 'mask';
  readonly char?: string;
  readonly keepLeft?: number;
  readonly keepRight?: number;
}

/** A tracker-store job of Rasa 3.13 (`privacy.tracker_store_settings`). */
export interface RasaTrackerJob {
  readonly minAfterSessionEnd: number;
  readonly cron: string;
}

export interface RasaPrivacyPlan {
  readonly rules: readonly RasaSlotRule[];
  readonly trackerStore: { readonly anonymization: RasaTrackerJob; readonly deletion: RasaTrackerJob };
  /** Whether the deployment runs GLiNER free-text detection (rasa-pro[pii]). */
  readonly gliner: boolean;
}

export interface MeyaAgentPlan extends AgentPlanBase {
  readonly platform: 'meya';
  readonly enabled: boolean;
}

/** One agent's plan: a discriminated union on `platform`. */
export type AgentPlan = DialogflowCxAgentPlan | LexAgentPlan | RasaAgentPlan | MeyaAgentPlan | CxAgentStudioAgentPlan;

export interface ProtectionPlan {
  readonly policy: string;
  readonly version: 1;
  readonly agents: readonly AgentPlan[];
  /** Where the Google Cloud stacks keep Terraform state (terraform.backend; local when absent). */
  readonly terraformBackend: TerraformBackend;
  /** The policy's verify block, when there is one (each lex and dialogflow-cx agent has its own part). */
  readonly verify?: { readonly every?: string };
  /**
   * How the Google Cloud agents are laid out in Terraform stacks (terraform.stacks).
   * @default 'per-location'
   */
  readonly gcpStacks?: GcpStackLayout;
  /** Layout `per-agent`: the shared stack of each project and location that has something project-wide. */
  readonly gcpShared?: readonly GcpSharedPlan[];
  /** review.acknowledge: changes the review gate cannot classify, acknowledged with a reason. */
  readonly review?: {
    readonly acknowledge: ReadonlyArray<{ readonly resource: string; readonly path: string; readonly reason: string }>;
  };
}
