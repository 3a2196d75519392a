/**
 * The parts of a plan every platform's variant has: coverage, detectors, rule sets, topics, notes, retention and
 * encryption. A leaf module: each platform's plan variant (in its folder) extends `AgentPlanBase` from here, and
 * plan-types.ts assembles the union.
 */
import type { Kind } from './catalog';
import type { PatternDetector } from './detectors';
import type { DeidentifyMethod } from './schema';

export type Coverage = 'builtin' | 'approximate' | 'pattern' | 'none';

/** How one kind is detected on one agent's platform. */
export interface KindCoverage {
  readonly kind: Kind;
  readonly coverage: Coverage;
  /** Built-in detector names on this platform (DLP infoTypes, CloudWatch identifiers, Presidio entity). */
  readonly detectors: readonly string[];
  /** Fallback pattern detector name, when coverage is 'pattern'. */
  readonly pattern?: string;
  /** A pattern detector beside the built-in one, where the built-in detector needs a keyword nearby. */
  readonly supplement?: { readonly name: string; readonly pattern: string; readonly note: string };
  readonly note?: string;
}

export interface PlannedDetector extends PatternDetector {
  /** Pattern in the platform's dialect (CloudWatch's character set for lex; RE2 otherwise). */
  readonly platformPattern: string;
  /** DLP likelihood enum, e.g. VERY_LIKELY. */
  readonly likelihood: string;
}

export interface PlannedRule {
  /** Kinds, custom detector names or "markers". */
  readonly targets: readonly string[];
  /** What the policy asked for. */
  readonly method: DeidentifyMethod;
  /** What this platform will really do (CloudWatch only masks; Google DLP has no faker). */
  readonly effectiveMethod: DeidentifyMethod;
  /** Replacement text, for effective method text. */
  readonly value?: string;
  /** Masking character the platform really uses, for effective method mask. */
  readonly char: string;
}

export interface PlannedRuleSet {
  readonly name: string;
  /** What the policy asked for every kind no rule names. */
  readonly method: DeidentifyMethod;
  /** What the platform really applies to them. */
  readonly defaultMethod: DeidentifyMethod;
  /** Masking character of the default method. */
  readonly defaultChar: string;
  readonly rules: readonly PlannedRule[];
}

export interface PlannedTopic {
  readonly name: string;
  readonly ruleSet: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: number;
  readonly rasaXConsumer: boolean;
  /**
   * Set on the topic a Rasa 3.6-3.12 agent's main event broker writes every original event to: raw, kept
   * `retention.sensitive`, a store of that rasa agent (`publisher`) rather than of the cluster's host.
   */
  readonly raw?: {
    readonly publisher: string;
    /** Managed Kafka: the publisher's service account, the only principal the topic's Kafka ACL lets in (to write). */
    readonly writer?: string;
  };
}

export interface PlanNote {
  readonly level: 'warning' | 'info';
  readonly message: string;
}

export interface PlannedRetention {
  readonly sensitiveSeconds: number;
  /** Whole days of sensitive retention: what day-granular stores are configured with. */
  readonly sensitiveDays: number;
  readonly anonymizedSeconds: number;
  readonly exceptionReason?: string;
}

export interface PlannedEncryption {
  readonly rotationSeconds: number;
  readonly rotationDays: number;
  readonly deletionWindowDays: number;
}

/** What every variant has. */
export interface AgentPlanBase {
  readonly name: string;
  /** The policy's name (labels, descriptions): the composites read it from here. */
  readonly policy: string;
  /** `<policy>-<agent>`: the stem of every resource name. */
  readonly prefix: string;
  readonly detection: {
    readonly minLikelihood: string;
    readonly kinds: readonly KindCoverage[];
    /** Pattern detectors this platform applies: custom, markers, and fallbacks for uncovered kinds. */
    readonly patterns: readonly PlannedDetector[];
    readonly markers?: { readonly start: string; readonly end: string };
  };
  readonly deidentify: { readonly sets: readonly PlannedRuleSet[] };
  readonly retention: PlannedRetention;
  readonly scope: { readonly transport: boolean; readonly transcript: boolean };
  readonly topics: readonly PlannedTopic[];
  readonly notes: readonly PlanNote[];
}

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

/** Where alerts go: a topic the policy names, or one created per agent under its key. */
export type NotifyTopic = { readonly existing: string } | { readonly create: string };
