/**
 * The privacy posture of synthesized output, per agent, in the vocabulary of lib/policy/posture: every store that
 * holds conversation data, how long it really keeps it, who can really read it, which keys protect it. Built from
 * what was synthesized (CloudFormation templates, Terraform JSON, the Rasa and Meya files), so a hand-edited
 * override shows; compared with the plan's expected posture when out/plan.json is there.
 */
import type { ExpectedPosture, GenerativePath, Reader, RetentionBound, StoreKind } from '../policy/posture';
import type { Platform } from '../policy/schema';
import type { ScanPosture } from '../policy/verify';

export type { Reader, RetentionBound, StoreKind } from '../policy/posture';

export interface Encryption {
  /**
   * customer: a key the account controls; provider: the cloud's default encryption; none: unencrypted; unknown: a
   * store that is yours (a Rasa tracker store database), whose encryption the synthesized output cannot show.
   */
  readonly kind: 'customer' | 'provider' | 'none' | 'unknown';
  /** Resource address or logical id of the key, for customer keys. */
  readonly key?: string;
}

/** How one kind, entity or slot is de-identified on an agent. */
export interface DeidentifyRule {
  /** The kind, infoType, entity or slot, with its rule list where one applies (`default: PERSON`). */
  readonly subject: string;
  readonly method: string;
  /** 3 the value is gone, 2 part stays or it links records, 1 reversible or approximate (lib/report/detection). */
  readonly strength: 1 | 2 | 3;
  /** Characters of the value that stay. */
  readonly keeps: number;
}

/** What detection needs and lets through, beside which detectors run. */
export interface DetectionSettings {
  /** The likelihood a finding needs to count (DLP min_likelihood). */
  readonly threshold?: string;
  /** Exclusion rules: what they match is not redacted. */
  readonly exclusions?: number;
  /** A cap on findings per item or request: values past it are not redacted. */
  readonly findingsCap?: number;
  readonly rules: readonly DeidentifyRule[];
}

export interface StorePosture {
  readonly kind: StoreKind;
  /** Display name: topic name, bucket, log group, or the store's fixed label. */
  readonly name: string;
  /** Terraform address (`google_storage_bucket.x`) or CloudFormation logical id; `platform` for stores no resource configures. */
  readonly resource: string;
  readonly retention: RetentionBound;
  readonly encryption: Encryption;
  /** Whether data reaches the store redacted, and by what. */
  readonly redactedBy: readonly string[];
  readonly public: boolean;
  /** Whether the store holds raw (sensitive) data or anonymized events. */
  readonly sensitive: boolean;
  /** Who can read it in the clear: named principals first, then what the platform lets through. */
  readonly readers: readonly Reader[];
  /** True when the store comes from the plan (the platform keeps it; no synthesized resource says so). */
  readonly fromPlan?: boolean;
  /** What proves redaction held here (an alarm, an alert policy), read from the output; empty when nothing does. */
  readonly verifiedBy?: readonly string[];
  /** Checks that watch a trend on the store but cannot see a miss (the Lex findings alarm), read from the output. */
  readonly watchedBy?: readonly string[];
  /** Why nothing verifies it (from the plan, or what the platform allows). */
  readonly unverifiedReason?: string;
}

export interface KeyPosture {
  readonly resource: string;
  readonly name: string;
  readonly rotationDays?: number;
  readonly deletionProtected: boolean;
  /** Principals allowed to decrypt besides the service agents that use the key. */
  readonly decrypters: readonly string[];
  /** True when the key policy keeps kms:* (or kms:Decrypt) for the account root: every IAM admin can decrypt. */
  readonly accountAdmins: boolean;
  /**
   * The services that decrypt with the key for whoever they let read a store (S3, CloudWatch Logs, MSK, Secrets
   * Manager; on Google Cloud the service agents): the decrypter list limits direct decryption only.
   */
  readonly throughServices?: readonly string[];
}

export interface AgentPosture {
  readonly agent: string;
  readonly platform: Platform;
  /** Stack or file it was read from. */
  readonly source: string;
  /** The resource that makes this reading of the agent (a Lex alias, Dialogflow security settings), when there is one. */
  readonly attachedVia?: string;
  /**
   * Lex: the bot version the live alias serves, and whether it was published from the bot's current definition
   * (undefined when the output cannot tell: a version convoguard did not publish, a version number given literally).
   */
  readonly liveVersion?: { readonly resource: string; readonly current?: boolean };
  /** Built-in detectors (DLP infoTypes, CloudWatch identifiers, Presidio entities). */
  readonly detectors: readonly string[];
  /** Thresholds, exclusions and how each kind is de-identified, where the output says. */
  readonly detection?: DetectionSettings;
  readonly customPatterns: readonly string[];
  /** Where redaction happens, such as "Dialogflow security settings (DLP)". */
  readonly redaction: readonly string[];
  /** Whether the protection is attached to the agent. */
  readonly attached: boolean;
  readonly stores: readonly StorePosture[];
  readonly keys: readonly KeyPosture[];
  /** Lex: whether a policy of this agent denies logs:Unmask (the DenyUnmask managed policy). */
  readonly denyUnmask?: boolean;
  /** Alarms and alerts of this agent that notify nobody (a topic without a subscriber): CG-NOTIFY. */
  readonly silentChecks?: readonly string[];
  /** Lex: whom that policy is attached to (`role X`, `group Y`, `user Z`); it denies nothing for anyone else. */
  readonly denyUnmaskAttachedTo?: readonly string[];
  /** Meya's switches, read from its integration file. */
  readonly meya?: { readonly enabled: boolean; readonly transport: boolean; readonly transcript: boolean };
  /** What the plan says this agent's posture is, when out/plan.json was read. */
  readonly expected?: ExpectedPosture;
  /** The ways conversation text reaches a generative model, each with its guardrail or none, read from the output. */
  readonly generative?: readonly GenerativePath[];
  /** The scheduled scans of the agent's exports, read from the output. */
  readonly scans?: readonly ScanPosture[];
  /**
   * What the reader could not verify, each with the resource: a value it cannot resolve (a Ref, Fn::If, `${var.x}`)
   * where posture depends on it, or a resource that can grant access to a key or a store outside what it models.
   * Each is a finding and a weakening: the gate never passes what it could not read.
   */
  readonly unverified?: ReadonlyArray<{ readonly resource: string; readonly what: string }>;
  /** The kinds the policy names for this agent (from out/plan.json), whether or not its platform detects them. */
  readonly policyKinds?: readonly string[];
}

export interface Finding {
  readonly severity: 'high' | 'medium';
  /** The rule that found it (`CG-…`), for acknowledgements and the docs. */
  readonly rule: string;
  readonly agent: string;
  readonly resource: string;
  readonly message: string;
  /** True when the plan already says so (a platform gap), false when the output differs from the plan. */
  readonly planned: boolean;
}

export interface Posture {
  readonly agents: readonly AgentPosture[];
  readonly findings: readonly Finding[];
}
