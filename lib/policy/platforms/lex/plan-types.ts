/** The plan variant of a `lex` agent. */
import type { Kind } from '../../catalog';
import type { PlannedMissFilter } from './miss-detector';
import type { AgentPlanBase, MacieFrequency, NotifyTopic, PlannedEncryption, PlannedExport } from '../../plan-base';

export interface LexVerifyPlan {
  readonly topic: NotifyTopic;
  /** verify.notify.email: an e-mail subscription each on the topic convoguard creates. */
  readonly emails: readonly string[];
  /** An anomaly-detection alarm on LogEventsWithFindings of the conversation log group. */
  readonly alarm: { readonly name: string; readonly logGroup: string };
  /**
   * Metric filters over the masked view of the log group, counting utterances that still hold a value of a kind
   * CloudWatch was to mask, and an alarm on their count: the check that sees a miss (lex/miss-detector.ts).
   */
  readonly missAlarm?: {
    readonly name: string;
    readonly logGroup: string;
    readonly metricNamespace: string;
    readonly metricName: string;
    readonly filters: readonly PlannedMissFilter[];
  };
  /** A scheduled Macie classification job over the S3 exports, with verify.every. */
  readonly scan?: {
    readonly everyDays: number;
    readonly frequency: MacieFrequency;
    readonly exports: readonly PlannedExport[];
    readonly jobName: string;
  };
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
    readonly missAlarm: string;
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
