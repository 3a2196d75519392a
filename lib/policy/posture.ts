/**
 * The one vocabulary of privacy posture, shared by the plan (what each platform module expects), the adapters and
 * the report (what synthesized output really says): stores, how long each really keeps data (provider lag
 * included), who can really read it, and the caveats a platform cannot fix. Pure data, no cloud library.
 */
import { DAY, formatSeconds, HOUR } from './duration';
import { RASA_JOB_PERIOD_MINUTES, RASA_SESSION_END_MINUTES } from './platforms/rasa/versions';
import type { Platform } from './schema';

export const STORE_KINDS = [
  'conversation-history',
  'conversation-logs',
  'audio',
  'anonymized-topic',
  'raw-event-topic',
  'cloud-logging',
  'insights-export',
  'bigquery-export',
  'tracker-store',
] as const;
/** Where conversation data is kept. */
export type StoreKind = (typeof STORE_KINDS)[number];

/** Short labels for tables and flowcharts. */
export const STORE_LABEL: Readonly<Record<StoreKind, string>> = {
  'conversation-history': 'history',
  'conversation-logs': 'logs',
  audio: 'audio',
  'anonymized-topic': 'topic',
  'raw-event-topic': 'raw topic',
  'cloud-logging': 'Cloud Logging',
  'insights-export': 'Insights export',
  'bigquery-export': 'BigQuery export',
  'tracker-store': 'tracker store',
};

/** Display names of the stores that have one per agent, so the plan and the report name them alike. */
export const STORE_NAME = {
  lexAudio: 'Lex audio logs',
  dialogflowHistory: 'Dialogflow conversation history',
  cloudLoggingDefault: 'Cloud Logging _Default bucket (global)',
  /** _Default when only the request log is kept out of it: telephony and audit logs of Dialogflow still land there. */
  cloudLoggingDefaultOthers: 'Cloud Logging _Default bucket (global): Dialogflow logs other than the request log',
  insights: 'Conversational Insights export',
  rasaTracker: 'Rasa tracker store',
  /** Rasa 3.6-3.12's main event broker topic: every original event, beside the anonymized copies. */
  rasaRawEvents: (topic: string) => `Kafka topic ${topic} (every original event)`,
  meyaData: 'Meya sensitive data',
} as const;

/**
 * How often convoguard's topics roll a new log segment (`segment.ms`). Kafka deletes whole segments, and a segment
 * only once its newest event is older than `retention.ms` ("segment.ms: the period of time after which Kafka will
 * force the log to roll even if the segment file isn't full to ensure that retention can delete or compact old
 * data", Kafka topic configs). With Kafka's default of 7 days, an event of a quiet 24-hour topic stays up to 8 days.
 */
export const KAFKA_SEGMENT_MS = 3_600_000;
/** Kafka's own `segment.ms` default (`log.roll.hours` = 168), for a topic that does not set it. */
export const KAFKA_DEFAULT_SEGMENT_MS = 7 * 24 * 3_600_000;
/** The broker defaults a deletion waits on: `log.retention.check.interval.ms` (5 min), `file.delete.delay.ms` (1 min). */
const KAFKA_CHECK_SECONDS = 300 + 60;

/** How long after `retention.ms` a topic rolling segments every `segmentMs` may still hold an event. */
export function kafkaLag(segmentMs: number = KAFKA_DEFAULT_SEGMENT_MS): ProviderLag {
  // Rounded up to the hour: the check interval is a broker default no output shows, so minutes would claim precision.
  return {
    seconds: Math.ceil((Math.ceil(segmentMs / 1000) + KAFKA_CHECK_SECONDS) / 3600) * 3600,
    note: `Kafka deletes a log segment once its newest event is older than retention.ms: segments roll every ${formatSeconds(Math.ceil(segmentMs / 1000))} (segment.ms${segmentMs === KAFKA_DEFAULT_SEGMENT_MS ? ", Kafka's default" : ''}) and brokers check every 5 min by default (rounded up to the hour)`,
  };
}

/** The lag of a topic whose `segment.ms` reads as `segmentMs`: Kafka's 7-day default when absent or not a number. */
export function kafkaLagOf(segmentMs: number | undefined): ProviderLag {
  return segmentMs !== undefined && Number.isFinite(segmentMs) && segmentMs > 0 ? kafkaLag(segmentMs) : kafkaLag();
}

/** How long after its configured expiry a provider may still hold data: the lag every bound adds. */
export interface ProviderLag {
  readonly seconds: number;
  readonly note: string;
  /**
   * True when the bound holds by construction (Rasa's own jobs, on the schedule convoguard writes). The providers
   * document their lags as typical, not as a limit (S3: "there might be a delay"; CloudWatch Logs: "typically up to
   * 72 hours … in rare situations might take longer"): those bounds read "typically ≤ …, no provider guarantee".
   */
  readonly guaranteed?: boolean;
}

/** What Cloud Logging's `_Default` bucket keeps by default (a project may change it): every Google platform's logs. */
export const CLOUD_LOGGING_DEFAULT_DAYS = 30;

/** Provider deletion lags, each stated once; platform modules and the report readers both use them. */
export const LAG = {
  s3Lifecycle: { seconds: DAY, note: 'S3 expiry rounds to the next midnight UTC and lifecycle runs daily' },
  cloudWatchRetention: { seconds: 3 * DAY, note: 'CloudWatch Logs deletes expired events up to 72 h late' },
  gcsLifecycle: { seconds: DAY, note: 'Cloud Storage lifecycle rules can take up to 24 h to act' },
  dialogflowHistory: { seconds: DAY, note: 'Dialogflow purges history in whole days, by a daily job' },
  cloudLogging: { seconds: DAY, note: 'Cloud Logging deletes expired entries in the background, not at once' },
  kafkaRetention: kafkaLag(KAFKA_SEGMENT_MS),
  rasaTrackerJobs: {
    seconds: (RASA_SESSION_END_MINUTES + RASA_JOB_PERIOD_MINUTES) * 60,
    guaranteed: true,
    note: `a session ends ${RASA_SESSION_END_MINUTES} min after its last message and Rasa's deletion job runs every ${RASA_JOB_PERIOD_MINUTES} min`,
  },
  none: { seconds: 0, note: '' },
} as const satisfies Record<string, ProviderLag>;

/** How long a store really keeps data: what is configured plus what the provider adds before deleting. */
export interface RetentionBound {
  /** The retention the resource is configured with; undefined when it keeps data without limit. */
  readonly configuredSeconds?: number;
  readonly lag: ProviderLag;
}

/** Configured retention plus lag, in seconds; undefined when unlimited. */
export function boundSeconds(b: RetentionBound): number | undefined {
  return b.configuredSeconds === undefined ? undefined : b.configuredSeconds + b.lag.seconds;
}

/** `≤ 48h (1d configured; S3 expiry rounds …)`, or `unlimited`. */
export function formatBound(b: RetentionBound): string {
  const total = boundSeconds(b);
  if (total === undefined) return 'unlimited';
  if (b.lag.seconds === 0) return `${formatSeconds(total)}${b.lag.note ? ` (${b.lag.note})` : ''}`;
  if (b.lag.guaranteed)
    return `≤ ${formatSeconds(total)} (${formatSeconds(b.configuredSeconds)} configured; ${b.lag.note})`;
  return `typically ≤ ${formatSeconds(total)} (${formatSeconds(b.configuredSeconds)} configured; ${b.lag.note}; no provider guarantee)`;
}

/** Someone who can read a store's data in the clear. */
export interface Reader {
  /** A principal (an ARN, an IAM member) or a class of principals ("account administrators"). */
  readonly who: string;
  /** How: "access.decrypters", "key policy grants kms:* to the account root", … */
  readonly via: string;
  /** True for principals the policy names (access.decrypters); false for what the platform lets through. */
  readonly named: boolean;
}

/** Readers that no convoguard setting removes, stated once. */
export const IMPLICIT_READERS = {
  awsAccountAdmins: {
    who: 'account administrators',
    via: 'the key policy keeps kms:* for the account root, so any IAM principal the account allows kms:Decrypt can decrypt',
    named: false,
  },
  awsKeyPolicyAdmins: {
    who: 'key administrators',
    via: 'the account root keeps kms:PutKeyPolicy so the key stays manageable: an administrator can rewrite the policy and then decrypt',
    named: false,
  },
  logsUnmask: {
    who: 'any principal with logs:Unmask on the log group',
    via: 'CloudWatch decrypts for every reader with logs: read rights; logs:Unmask shows masked values (IAM or SCP only, no resource policy restricts it)',
    named: false,
  },
  logsReaders: {
    who: 'any principal with logs:GetLogEvents, FilterLogEvents or StartQuery on the log group',
    via: 'no data protection policy masks it, and CloudWatch decrypts for every reader it lets through',
    named: false,
  },
  bucketPolicyAdmins: {
    who: 'principals that can change the bucket policy (s3:PutBucketPolicy, s3:DeleteBucketPolicy)',
    via: 'the read deny is in the bucket policy: whoever may rewrite it may lift it',
    named: false,
  },
  s3ObjectReaders: {
    who: 'IAM principals with s3:GetObject and kms:Decrypt in the account',
    via: 'identity policies, which the key policy delegates to through the account root',
    named: false,
  },
  gcsObjectReaders: {
    who: 'any principal with storage.objects.get on the bucket or the project',
    via: 'Cloud Storage decrypts CMEK objects for every reader it lets through, whatever the key IAM says (roles/storage.objectViewer, roles/storage.admin, owner, editor)',
    named: false,
  },
  gcpKmsAdmins: {
    who: 'project owners and Cloud KMS admins',
    via: 'they can grant themselves roles/cloudkms.cryptoKeyDecrypter on the key',
    named: false,
  },
  dialogflowReaders: {
    who: 'principals with Dialogflow roles on the project',
    via: 'conversation history is read through the Dialogflow API (roles/dialogflow.admin, roles/dialogflow.reader)',
    named: false,
  },
  cloudLoggingReaders: {
    who: 'principals with roles/logging.viewer (logging.logEntries.list) on the project',
    via: 'the _Default bucket is readable by every log viewer of the project',
    named: false,
  },
  insightsReaders: {
    who: 'principals with Contact Center AI Insights roles on the project',
    via: 'exported conversations are read through the Insights API',
    named: false,
  },
  /**
   * An MSK cluster convoguard creates: IAM access control and SASL/SCRAM are both on, and it sets no Kafka ACLs. MSK
   * lets an authenticated client use a topic that has no ACL (allow.everyone.if.no.acl.found), so every SCRAM user
   * reads every topic; IAM principals read what their policies allow, and kafka-cluster:* (an administrator) is all.
   */
  mskClients: {
    who: 'IAM principals allowed kafka-cluster:ReadData on the topic (kafka-cluster:* administrators included), and every SASL/SCRAM user of the cluster (whoever reads the rasa user secret)',
    via: 'MSK IAM access control and SASL/SCRAM without Kafka ACLs; the security group decides who can connect',
    named: false,
  },
  /**
   * A Managed Kafka topic whose Kafka ACL lets only its writer in: once a topic has an ACL, only the principals it
   * allows reach it (Kafka's authorizer; allow.everyone.if.no.acl.found applies to topics with none), so nobody
   * reads it but whoever may change the ACLs or bypasses them.
   */
  managedKafkaAclEditors: {
    who: "nobody through Kafka (the topic's ACL allows only its writer); principals who may change the cluster's ACLs (roles/managedkafka.aclEditor, roles/managedkafka.admin, owners) can open it",
    via: 'Managed Kafka ACLs',
    named: false,
  },
  /** A Managed Kafka cluster convoguard creates: IAM decides who connects, and no Kafka ACL narrows it to a topic. */
  managedKafkaClients: {
    who: 'principals with a Managed Kafka client role (roles/managedkafka.client) on the cluster or its project: without Kafka ACLs each reads every topic',
    via: 'Managed Kafka IAM and SASL, no Kafka ACLs',
    named: false,
  },
  kafkaConsumers: {
    who: 'clients allowed to consume the topic',
    via: 'broker authentication and ACLs, outside convoguard',
    named: false,
  },
  trackerStoreReaders: {
    who: 'whoever can read the tracker store database',
    via: "Rasa's tracker store is your database: its encryption and access are outside convoguard",
    named: false,
  },
  meyaMembers: {
    who: 'Meya Console members with sensitive-data permission',
    via: 'Meya decrypts for the members you allow in Meya Console; the integration file cannot say who',
    named: false,
  },
} as const satisfies Record<string, Reader>;

/** A store a platform module expects an agent to have, with its real bound, readers and redaction. */
export interface ExpectedStore {
  readonly kind: StoreKind;
  /** Display name: a topic name, a log group name, a bucket name, or a fixed label. */
  readonly name: string;
  /** True when the store holds raw (not anonymized) conversation data. */
  readonly sensitive: boolean;
  /** What redacts data before it lands here; empty when nothing does. */
  readonly redactedBy: readonly string[];
  readonly retention: RetentionBound;
  /** unknown: the store is yours (a tracker store database) and convoguard cannot see how it is encrypted. */
  readonly encryption: 'customer' | 'provider' | 'unknown';
  readonly readers: readonly Reader[];
  /** True when convoguard provisions or configures the store (false: the platform keeps it on its own). */
  readonly managed: boolean;
  /** What proves redaction held here after a deploy (an alarm, an alert policy, a scan); empty when nothing does. */
  readonly verifiedBy?: readonly string[];
  /** Checks that watch a trend on the store but cannot see a miss (the Lex findings alarm): never counted as verification. */
  readonly watchedBy?: readonly string[];
  /** Why nothing verifies the store, when nothing does. */
  readonly unverifiedReason?: string;
}

/**
 * A way conversation text reaches a generative model (a Lex QnAIntent, Dialogflow's generative fallback), with what
 * screens it: a guardrail (a Bedrock guardrail, a Model Armor template) or nothing.
 */
export interface GenerativePath {
  /** `QnAIntent FAQ (en_US)`, `assisted slot resolution (en_US)`, `Dialogflow generative features`. */
  readonly path: string;
  /** The guardrail that screens prompts and responses; undefined when none does. */
  readonly guardrail?: string;
  /** Why there is none, or what the guardrail does not cover. */
  readonly note?: string;
}

/** What a platform module says an agent's protection really amounts to. */
export interface ExpectedPosture {
  readonly agent: string;
  readonly platform: Platform;
  readonly stores: readonly ExpectedStore[];
  /** What the platform cannot do, in plain words. */
  readonly caveats: readonly string[];
  /** False when the synthesized output leaves attaching the protection to you (an agent convoguard did not create). */
  readonly attachedBySynth: boolean;
  /** What the identity that deploys needs beyond creating the resources (roles, one-time steps). */
  readonly deployerNeeds: readonly string[];
  /** The policy's longest allowed retention of sensitive data (retention.sensitive). */
  readonly sensitiveSeconds: number;
  /** The policy's retention of anonymized data (retention.anonymized). */
  readonly anonymizedSeconds: number;
  /** retention.exception.reason, when the policy keeps sensitive data over 24 h. */
  readonly exceptionReason?: string;
  /** Kinds the platform does not detect on this agent at all: they reach its stores as typed. */
  readonly uncoveredKinds?: readonly string[];
  /** Lex with access.enforce: whom the plan attaches the DenyUnmask policy to (`role X`, …); empty: nobody. */
  readonly denyUnmaskTo?: readonly string[];
  /** The generative paths the plan knows of, each with its guardrail or none. */
  readonly generative?: readonly GenerativePath[];
  /** The scheduled scans of the agent's exports (policy verify). */
  readonly scans?: readonly ScanPosture[];
  /** access.decrypters of the agent's cloud: the principals allowed to decrypt, whatever stores the agent has. */
  readonly decrypters?: readonly string[];
  /** The service's detectors (infoTypes, managed identifiers, Presidio entities) and the pattern detectors the platform applies. */
  readonly detection: { readonly detectors: readonly string[]; readonly customPatterns: readonly string[] };
}

/** The policy allows sensitive data for 24 h unless retention.exception says why. */
export const SENSITIVE_DEFAULT_SECONDS = 24 * HOUR;

/** A reader from `access.decrypters`. */
export function namedReader(who: string): Reader {
  return { who, via: 'access.decrypters', named: true };
}

/** Stable key of a store within one agent: kind and name. */
export function storeKey(s: { readonly kind: StoreKind; readonly name: string }): string {
  return `${s.kind}:${s.name}`;
}

/** A scheduled scan of an export, as the plan expects it and the report reads it. */
export interface ScanPosture {
  /** The export's URI (gs://, bq://, s3://). */
  readonly target: string;
  readonly by: 'DLP job trigger' | 'Macie job';
  /** `every 7 days`, `weekly`. */
  readonly schedule: string;
  /** Where findings go: a topic, a dataset. */
  readonly findingsTo: readonly string[];
  /** Terraform address or CloudFormation logical id, in the report. */
  readonly resource?: string;
}
