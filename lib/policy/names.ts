/**
 * Deterministic cloud resource names, derived from the policy name and the agent name, and the provider rules
 * each must satisfy. Validation checks every name here before any construct exists, so a name that a provider
 * would refuse at deploy time fails at `convoguard validate` instead.
 */

export interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  /** Provider and attribute, for messages. */
  readonly what: string;
  readonly expected: string;
}

/** Lower-case DNS-like label: what every provider accepts in a resource name (and what policy and agent names are). */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const NAME_RULES = {
  gcsBucket: {
    max: 63,
    pattern: /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/,
    what: 'Cloud Storage bucket name',
    expected: '3-63 lower-case letters, digits, -, _ and .',
  },
  kmsKeyRing: {
    max: 63,
    pattern: /^[a-zA-Z0-9_-]+$/,
    what: 'Cloud KMS key ring name',
    expected: 'letters, digits, _ and -',
  },
  kmsCryptoKey: {
    max: 63,
    pattern: /^[a-zA-Z0-9_-]+$/,
    what: 'Cloud KMS key name',
    expected: 'letters, digits, _ and -',
  },
  dlpTemplate: { max: 100, pattern: /^[a-zA-Z0-9_-]+$/, what: 'DLP template id', expected: 'letters, digits, _ and -' },
  cxSecuritySettings: {
    max: 64,
    pattern: /^.+$/,
    what: 'Dialogflow CX security settings display name',
    expected: 'at most 64 characters',
  },
  logBucket: {
    max: 100,
    pattern: /^[A-Za-z0-9_-]+$/,
    what: 'Cloud Logging bucket id',
    expected: 'letters, digits, _ and -',
  },
  managedKafkaCluster: {
    max: 63,
    pattern: DNS_LABEL,
    what: 'Managed Kafka cluster id',
    expected: '[a-z]([-a-z0-9]*[a-z0-9])?',
  },
  kmsAlias: {
    max: 256,
    pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
    what: 'AWS KMS alias',
    expected: 'alias/ followed by letters, digits, /, _ and -',
  },
  logGroup: {
    max: 512,
    pattern: /^[\w#/.-]+$/,
    what: 'CloudWatch Logs log group name',
    expected: 'letters, digits, _ - / . #',
  },
  dataProtectionPolicy: {
    max: 128,
    pattern: /^[a-zA-Z0-9_-]+$/,
    what: 'CloudWatch Logs data protection policy name',
    expected: 'letters, digits, _ and - (aws/aws-cdk#33557)',
  },
  lexBot: {
    max: 100,
    pattern: /^([0-9a-zA-Z][_-]?)+$/,
    what: 'Lex V2 bot name',
    expected: 'letters and digits, single _ or - between them',
  },
  modelArmorTemplate: {
    max: 63,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/,
    what: 'Model Armor template id',
    expected: 'letters, digits, _ and -, starting with a letter or digit',
  },
  bedrockGuardrail: {
    max: 50,
    pattern: /^[0-9a-zA-Z_-]+$/,
    what: 'Bedrock guardrail name',
    expected: 'letters, digits, _ and -',
  },
  snsTopic: { max: 256, pattern: /^[A-Za-z0-9_-]+$/, what: 'SNS topic name', expected: 'letters, digits, _ and -' },
  cloudWatchAlarm: {
    max: 255,
    pattern: /^[ -~]+$/,
    what: 'CloudWatch alarm name',
    expected: 'printable ASCII characters',
  },
  macieJob: { max: 500, pattern: /^.+$/, what: 'Macie classification job name', expected: 'at most 500 characters' },
  pubsubTopic: {
    max: 255,
    pattern: /^[A-Za-z][A-Za-z0-9._~%+-]{2,254}$/,
    what: 'Pub/Sub topic name',
    expected: 'a letter, then letters, digits, . _ ~ % + -',
  },
  bigqueryDataset: {
    max: 1024,
    pattern: /^[A-Za-z0-9_]+$/,
    what: 'BigQuery dataset id',
    expected: 'letters, digits and _',
  },
  dlpJobTrigger: {
    max: 100,
    pattern: /^[a-zA-Z0-9_-]+$/,
    what: 'DLP job trigger id',
    expected: 'letters, digits, _ and -',
  },
  mskCluster: {
    max: 64,
    pattern: /^[0-9A-Za-z][0-9A-Za-z-]*$/,
    what: 'MSK cluster name',
    expected: 'letters, digits and -, starting with a letter or digit',
  },
} satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** `<policy>-<agent>`: the stem of every name an agent's resources get. */
export function resourcePrefix(policyName: string, agentName: string): string {
  return `${policyName}-${agentName}`;
}

/** Problems with a derived name, as a message, or undefined when the provider accepts it. */
export function nameProblem(kind: NameKind | NameRule, value: string): string | undefined {
  const rule: NameRule = typeof kind === 'string' ? NAME_RULES[kind] : kind;
  if (value.length > rule.max) {
    return `the ${rule.what} "${value}" would be ${value.length} characters; the provider allows ${rule.max}: shorten the policy name or the agent name by ${value.length - rule.max}`;
  }
  if (!rule.pattern.test(value)) return `the ${rule.what} "${value}" is not valid; expected ${rule.expected}`;
  return undefined;
}
