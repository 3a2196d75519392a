/**
 * The privacy posture of synthesized output, per agent: what is detected, where redaction happens, which stores
 * hold conversation data and how long, which keys protect them and who may decrypt. Built only from what was
 * synthesized (CloudFormation templates, Terraform JSON, the Rasa and Meya files), never from the policy file, so a
 * hand-edited override shows.
 */
export type StoreKind = 'conversation-history' | 'conversation-logs' | 'audio' | 'anonymized-topic';

export interface Encryption {
  /** customer: a key the account controls; provider: the cloud's default encryption; none: unencrypted. */
  readonly kind: 'customer' | 'provider' | 'none';
  /** Resource address or logical id of the key, for customer keys. */
  readonly key?: string;
}

export interface StorePosture {
  readonly kind: StoreKind;
  /** Display name: topic name, bucket, log group. */
  readonly name: string;
  /** Terraform address (`google_storage_bucket.x`) or CloudFormation logical id. */
  readonly resource: string;
  /** Undefined when the store keeps data without limit. */
  readonly retentionSeconds?: number;
  readonly encryption: Encryption;
  /** Whether data reaches the store redacted, and by what. */
  readonly redactedBy: readonly string[];
  readonly public: boolean;
  /** Whether the store holds raw (sensitive) data or anonymized events. */
  readonly sensitive: boolean;
}

export interface KeyPosture {
  readonly resource: string;
  readonly name: string;
  readonly rotationDays?: number;
  readonly deletionProtected: boolean;
  /** Principals allowed to decrypt besides the service agents that use the key. */
  readonly decrypters: readonly string[];
}

export interface Finding {
  readonly severity: 'high' | 'medium';
  readonly agent: string;
  readonly resource: string;
  readonly message: string;
}

export interface AgentPosture {
  readonly agent: string;
  readonly platform: 'dialogflow-cx' | 'lex' | 'rasa' | 'meya';
  /** Stack or file it was read from. */
  readonly source: string;
  /** Built-in detectors (DLP infoTypes, CloudWatch identifiers, Presidio entities). */
  readonly detectors: readonly string[];
  readonly customPatterns: readonly string[];
  /** Where redaction happens, such as "Dialogflow security settings (DLP)". */
  readonly redaction: readonly string[];
  /** Whether the protection is attached to the agent. */
  readonly attached: boolean;
  readonly stores: readonly StorePosture[];
  readonly keys: readonly KeyPosture[];
}

export interface Posture {
  readonly agents: readonly AgentPosture[];
  readonly findings: readonly Finding[];
}

export const DAY = 86400;

export function formatRetention(seconds: number | undefined): string {
  if (seconds === undefined) return 'unlimited';
  if (seconds % DAY === 0) return seconds === DAY ? '24h' : `${seconds / DAY}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${seconds}s`;
}
