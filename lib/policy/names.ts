/**
 * Deterministic cloud resource names, derived from the policy name and the agent name, and the provider rules
 * each must satisfy. Validation checks every name here before any construct exists, so a name that a provider
 * would refuse at deploy time fails at `convoguard validate` instead.
 */
import type { AgentSpec } from './schema';

export interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  /** Provider and attribute, for messages. */
  readonly what: string;
  readonly expected: string;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const NAME_RULES = {
  gcsBucket: { max: 63, pattern: /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/, what: 'Cloud Storage bucket name', expected: '3-63 lower-case letters, digits, -, _ and .' },
  kmsKeyRing: { max: 63, pattern: /^[a-zA-Z0-9_-]+$/, what: 'Cloud KMS key ring name', expected: 'letters, digits, _ and -' },
  kmsCryptoKey: { max: 63, pattern: /^[a-zA-Z0-9_-]+$/, what: 'Cloud KMS key name', expected: 'letters, digits, _ and -' },
  dlpTemplate: { max: 100, pattern: /^[a-zA-Z0-9_-]+$/, what: 'DLP template id', expected: 'letters, digits, _ and -' },
  cxSecuritySettings: { max: 64, pattern: /^.+$/, what: 'Dialogflow CX security settings display name', expected: 'at most 64 characters' },
  managedKafkaCluster: { max: 63, pattern: DNS_LABEL, what: 'Managed Kafka cluster id', expected: '[a-z]([-a-z0-9]*[a-z0-9])?' },
  kmsAlias: { max: 256, pattern: /^alias\/[a-zA-Z0-9/_-]+$/, what: 'AWS KMS alias', expected: 'alias/ followed by letters, digits, /, _ and -' },
  logGroup: { max: 512, pattern: /^[\w#/.-]+$/, what: 'CloudWatch Logs log group name', expected: 'letters, digits, _ - / . #' },
  dataProtectionPolicy: { max: 128, pattern: /^[a-zA-Z0-9_-]+$/, what: 'CloudWatch Logs data protection policy name', expected: 'letters, digits, _ and - (aws/aws-cdk#33557)' },
  lexBot: { max: 100, pattern: /^([0-9a-zA-Z][_-]?)+$/, what: 'Lex V2 bot name', expected: 'letters and digits, single _ or - between them' },
  mskCluster: { max: 64, pattern: /^[0-9A-Za-z][0-9A-Za-z-]*$/, what: 'MSK cluster name', expected: 'letters, digits and -, starting with a letter or digit' },
} satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

export interface ResourceNames {
  readonly prefix: string;
  readonly names: Partial<Record<NameKind, string>>;
}

/** `<policy>-<agent>`: the stem of every name an agent's resources get. */
export function resourcePrefix(policyName: string, agentName: string): string {
  return `${policyName}-${agentName}`;
}

/** Every provider name an agent's resources get. */
export function resourceNames(policyName: string, agent: AgentSpec): ResourceNames {
  const prefix = resourcePrefix(policyName, agent.name);
  switch (agent.platform) {
    case 'dialogflow-cx':
      return {
        prefix,
        names: {
          // Bucket names are global: the project id makes them unique across projects.
          gcsBucket: `${prefix}-audio-${agent.project}`,
          kmsKeyRing: `${prefix}-keyring`,
          kmsCryptoKey: `${prefix}-sensitive`,
          dlpTemplate: `${prefix}-deidentify`,
          cxSecuritySettings: `${prefix} security settings`,
          ...(agent.kafka ? { managedKafkaCluster: `${prefix}-events` } : {}),
        },
      };
    case 'lex':
      return {
        prefix,
        names: {
          kmsAlias: `alias/convoguard/${prefix}`,
          logGroup: `/convoguard/${prefix}/lex-conversations`,
          dataProtectionPolicy: `${prefix}-data-protection`,
          ...(agent.create ? { lexBot: prefix } : {}),
          ...(agent.kafka && !agent.kafka.clusterArn ? { mskCluster: `${prefix}-events` } : {}),
        },
      };
    default:
      return { prefix, names: {} };
  }
}

/** Problems with an agent's names, as messages. */
export function checkNames(policyName: string, agent: AgentSpec): string[] {
  const out: string[] = [];
  const { names } = resourceNames(policyName, agent);
  for (const [kind, value] of Object.entries(names) as [NameKind, string][]) {
    const rule: NameRule = NAME_RULES[kind];
    if (value.length > rule.max) {
      out.push(
        `the ${rule.what} "${value}" would be ${value.length} characters; the provider allows ${rule.max}: shorten the policy name or the agent name by ${value.length - rule.max}`,
      );
    } else if (!rule.pattern.test(value)) {
      out.push(`the ${rule.what} "${value}" is not valid; expected ${rule.expected}`);
    }
  }
  return out;
}
