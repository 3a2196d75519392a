/**
 * Amazon Lex V2: conversation logs masked by CloudWatch Logs data protection, audio logs in an S3 bucket, slot
 * obfuscation, MSK topics. What is true of Lex on AWS lives here and nowhere else.
 */
import { CATALOG, Kind } from '../catalog';
import { cloudWatchMarkerPattern, cloudWatchRegexError, CWL_MAX_CUSTOM_IDENTIFIERS, macieRegexError } from '../detectors';
import { DAY } from '../duration';
import type { PathSegment } from '../errors';
import { resourcePrefix } from '../names';
import type { KindCoverage, LexAgentPlan } from '../plan-types';
import { ExpectedPosture, ExpectedStore, IMPLICIT_READERS, LAG, namedReader, STORE_NAME } from '../posture';
import { LexAgentSpec, PLACEHOLDER_INTENT } from '../schema';
import { expected, planEncryption, planTopics, publishersTo, seconds, topicStore, unusedKafkaNote } from './common';
import type { DerivedName, Finding, PlatformModule } from './types';

/** IdleSessionTTLInSeconds of AWS::Lex::Bot. */
export const LEX_IDLE_SESSION_TTL = { min: 60, max: 86_400 } as const;

/** AWS KMS automatic rotation period bounds (days). */
export const AWS_KMS_ROTATION_DAYS = { min: 90, max: 2560 } as const;

/** What the identity that runs `cdk deploy` needs, beyond the CDK bootstrap. */
export const LEX_DEPLOYER_NEEDS: readonly string[] = [
  'a CDK-bootstrapped account and region; the deploy role creates IAM roles and policies, KMS keys, log groups with data protection policies (logs:PutDataProtectionPolicy), S3 buckets, Lex bots, MSK clusters and Secrets Manager secrets',
  'macie2:EnableMacie when macie and macieSession are on',
  'an organization administrator to apply out/aws/<agent>/deny-unmask-scp.json, when access.enforce is on (an SCP is not part of the stack)',
];

/** The retention values CloudWatch Logs accepts (`RetentionInDays`). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The longest CloudWatch Logs retention that does not exceed `days` (never keeps logs longer than asked). */
export function cloudWatchRetentionAtMost(days: number): number {
  const fit = CLOUDWATCH_RETENTION_DAYS.filter((v) => v <= days);
  return fit.length > 0 ? fit[fit.length - 1] : CLOUDWATCH_RETENTION_DAYS[0];
}

/** The log group that receives CloudWatch data protection audit findings of `logGroupName`. */
export function auditLogGroupName(logGroupName: string): string {
  return `${logGroupName}-data-protection-audit`;
}

/**
 * An IAM policy document that denies logs:Unmask on the agent's log groups to every principal but the decrypters.
 * `arnOf` builds a log group ARN from its name (with the account and region, or `*` for an SCP).
 */
export function denyUnmaskDocument(logGroupNames: readonly string[], decrypters: readonly string[], arnOf: (name: string) => string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyUnmaskOfConvoguardLogs',
        Effect: 'Deny',
        Action: 'logs:Unmask',
        Resource: logGroupNames.flatMap((n) => [arnOf(n), `${arnOf(n)}:*`]),
        ...(decrypters.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalArn': [...decrypters] } } } : {}),
      },
    ],
  };
}

/** Name of the keyword-free custom identifier beside a managed identifier that needs a keyword. */
export function keywordFreeIdentifierName(kind: Kind): string {
  return `CONVOGUARD_${kind.toUpperCase()}_NO_KEYWORD`;
}

/** Name of the custom identifier that covers a kind CloudWatch has no managed identifier for. */
export function fallbackIdentifierName(kind: Kind): string {
  return `CONVOGUARD_${kind.toUpperCase()}`;
}

const REDACTED_BY_CLOUDWATCH = 'CloudWatch Logs data protection (masks with *)';

export const lexModule: PlatformModule<LexAgentSpec, LexAgentPlan> = {
  platform: 'lex',

  derivedNames(policyName, agent) {
    const n = names(policyName, agent);
    const out: Record<string, DerivedName> = {
      kmsAlias: { rule: 'kmsAlias', value: n.kmsAlias },
      logGroup: { rule: 'logGroup', value: n.logGroup },
      auditLogGroup: { rule: 'logGroup', value: n.auditLogGroup },
      dataProtectionPolicy: { rule: 'dataProtectionPolicy', value: n.dataProtectionPolicy },
    };
    if (agent.create) out.lexBot = { rule: 'lexBot', value: n.lexBot };
    if (agent.kafka && !agent.kafka.clusterArn) out.mskCluster = { rule: 'mskCluster', value: n.mskCluster };
    return out;
  },

  cover(kind): KindCoverage {
    const c = CATALOG[kind];
    const free = c.cloudWatchKeywordFree;
    if (c.cloudWatch.length > 0 && free) {
      const name = keywordFreeIdentifierName(kind);
      return {
        kind,
        coverage: 'builtin',
        detectors: c.cloudWatch,
        supplement: { name, pattern: free.pattern, note: free.note },
        note: `CloudWatch's ${c.cloudWatch.join(', ')} match only with a keyword nearby: a custom identifier ${name} also masks bare values (${free.note})`,
      };
    }
    if (c.cloudWatch.length > 0) return { kind, coverage: 'builtin', detectors: c.cloudWatch };
    const name = fallbackIdentifierName(kind);
    return {
      kind,
      coverage: 'pattern',
      detectors: [],
      pattern: name,
      note: `CloudWatch Logs has no managed identifier for ${kind}: a custom identifier ${name} covers it (${c.fallbackNote})`,
    };
  },

  effectiveMethod(method, char) {
    if (method === 'mask' && char === '*') return { method, char };
    return {
      method: 'mask',
      char: '*',
      lost: `CloudWatch Logs data protection can only mask with "*"; Lex logs will show ****, not ${method === 'mask' ? `"${char}"` : method}`,
    };
  },

  checkPolicy(policy) {
    const out: Finding[] = [];
    policy.detection.custom.forEach((c, i) => {
      const err = cloudWatchRegexError(c.pattern);
      if (err) out.push({ path: ['detection', 'custom', i, 'pattern'], message: `received ${JSON.stringify(c.pattern)}, which ${err}; this policy has a lex agent whose logs are masked by CloudWatch Logs` });
    });
    const markers = policy.detection.markers;
    if (markers !== false) {
      const err = cloudWatchRegexError(cloudWatchMarkerPattern(markers.start, markers.end));
      if (err) out.push({ path: ['detection', 'markers'], message: `the marker detector ${err}; shorten the markers` });
    }
    const rotation = seconds(policy.encryption.rotation);
    if (rotation % DAY === 0 && (rotation / DAY < AWS_KMS_ROTATION_DAYS.min || rotation / DAY > AWS_KMS_ROTATION_DAYS.max)) {
      out.push({
        path: ['encryption', 'rotation'],
        message: `received ${JSON.stringify(policy.encryption.rotation)}; AWS KMS rotates every ${AWS_KMS_ROTATION_DAYS.min} to ${AWS_KMS_ROTATION_DAYS.max} days and this policy has a lex agent`,
      });
    }
    return out;
  },

  checkAgent(policy, agent, ap) {
    const out: Finding[] = [];
    const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });
    const markers = policy.detection.markers;
    const kinds = agent.kinds ?? policy.detection.kinds;
    const fallbacks = kinds.filter((k) => CATALOG[k].cloudWatch.length === 0);
    const keywordFree = kinds.filter((k) => CATALOG[k].cloudWatch.length > 0 && CATALOG[k].cloudWatchKeywordFree);
    const count = policy.detection.custom.length + (markers !== false ? 1 : 0) + fallbacks.length + keywordFree.length;
    if (count > CWL_MAX_CUSTOM_IDENTIFIERS) {
      add(
        ap,
        `needs ${count} CloudWatch Logs custom identifiers (${policy.detection.custom.length} custom, ${markers !== false ? 1 : 0} marker, ${fallbacks.length} for kinds without a managed identifier: ${fallbacks.join(', ') || 'none'}, ${keywordFree.length} keyword-free: ${keywordFree.join(', ') || 'none'}); CloudWatch allows ${CWL_MAX_CUSTOM_IDENTIFIERS} per policy`,
      );
    }
    const reserved = new Set([...fallbacks.map(fallbackIdentifierName), ...keywordFree.map(keywordFreeIdentifierName)]);
    policy.detection.custom.forEach((c, j) => {
      if (reserved.has(c.name)) add(['detection', 'custom', j, 'name'], `"${c.name}" is the name convoguard gives the CloudWatch identifier that covers a kind of agent "${agent.name}"; choose another name`);
    });
    if (agent.macie) {
      policy.detection.custom.forEach((c, j) => {
        const err = macieRegexError(c.pattern);
        if (err) add(['detection', 'custom', j, 'pattern'], `received ${JSON.stringify(c.pattern)}, which ${err}; agent "${agent.name}" turns Macie on`);
      });
    }
    const intents = agent.create?.intents ?? [];
    const seenIntents = new Set<string>();
    intents.forEach((intent, i) => {
      const ip: PathSegment[] = [...ap, 'create', 'intents', i];
      if (seenIntents.has(intent.name)) add([...ip, 'name'], `duplicate intent name "${intent.name}"`);
      seenIntents.add(intent.name);
      const slotNames = new Set<string>();
      intent.slots.forEach((slot, j) => {
        if (slotNames.has(slot.name)) add([...ip, 'slots', j, 'name'], `duplicate slot name "${slot.name}" in intent "${intent.name}"`);
        slotNames.add(slot.name);
        if (CATALOG[slot.kind].lexSlotTypes.length === 0) {
          add([...ip, 'slots', j, 'kind'], `Lex has no built-in slot type for ${slot.kind}; declare the bot yourself with a custom slot type and obfuscate it (obfuscateAllSlots)`);
        }
      });
      intent.utterances.forEach((u, j) => {
        for (const ref of u.match(/\{([^}]*)\}/g) ?? []) {
          if (!slotNames.has(ref.slice(1, -1))) add([...ip, 'utterances', j], `received ${JSON.stringify(u)}; ${ref} names no slot of intent "${intent.name}"`);
        }
      });
    });
    if (agent.create) {
      // IdleSessionTTLInSeconds: Lex accepts 60 to 86,400 seconds.
      const ttl = seconds(agent.create.idleSessionTtl);
      if (ttl < LEX_IDLE_SESSION_TTL.min || ttl > LEX_IDLE_SESSION_TTL.max) {
        add([...ap, 'create', 'idleSessionTtl'], `received ${JSON.stringify(agent.create.idleSessionTtl)} (${ttl} s); Lex keeps an idle session ${LEX_IDLE_SESSION_TTL.min} s to ${LEX_IDLE_SESSION_TTL.max} s (1m to 24h)`);
      }
    }
    if (agent.create?.childDirected) {
      add([...ap, 'create', 'childDirected'], 'a child-directed (COPPA) bot cannot use conversation logs, and convoguard always writes them to a protected log group; remove the bot from this policy or set childDirected: false');
    }
    if (agent.kafka) {
      const k = agent.kafka;
      if (k.clusterArn && k.subnetIds) add([...ap, 'kafka'], 'give either clusterArn (an existing cluster) or subnetIds (a new cluster), not both', true);
      else if (!k.clusterArn && !k.subnetIds) add([...ap, 'kafka'], 'missing clusterArn or subnetIds; expected an existing MSK cluster ARN or 2-3 subnets for a new cluster', true);
      else if (k.subnetIds && (k.subnetIds.length < 2 || k.subnetIds.length > 3)) {
        add([...ap, 'kafka', 'subnetIds'], `received ${k.subnetIds.length} subnet(s); an MSK cluster needs subnets in 2 or 3 Availability Zones`);
      }
      const brokers = k.subnetIds?.length;
      if (brokers && brokers >= 2) {
        policy.streams.forEach((st, j) => {
          if (st.replicationFactor > brokers) add(['streams', j, 'replicationFactor'], `received ${st.replicationFactor}; the new MSK cluster of agent "${agent.name}" has ${brokers} brokers (one per subnet), so at most ${brokers}`);
        });
      }
      const arnRegion = k.clusterArn?.split(':')[3];
      if (arnRegion && arnRegion !== agent.region) add([...ap, 'kafka', 'clusterArn'], `cluster region "${arnRegion}" differs from the agent region "${agent.region}"`);
    }
    return out;
  },

  plan(base, agent, policy) {
    const kafka = agent.kafka && publishersTo(policy, agent.name).length > 0 ? agent.kafka : undefined;
    const topics = planTopics(policy, kafka !== undefined);
    const logRetentionDays = cloudWatchRetentionAtMost(base.retention.sensitiveDays);
    const notes = [...base.notes];
    const unused = unusedKafkaNote(policy, agent);
    if (unused) notes.push(unused);
    if (logRetentionDays !== base.retention.sensitiveDays) {
      notes.push({ level: 'info', message: `CloudWatch Logs offers no ${base.retention.sensitiveDays}-day retention: conversation logs are kept ${logRetentionDays} days, the longest value that does not exceed retention.sensitive` });
    }
    return {
      ...base,
      notes,
      platform: 'lex',
      region: agent.region,
      ...(agent.account ? { account: agent.account } : {}),
      names: names(policy.name, agent),
      ...(agent.create
        ? {
            create: {
              locale: agent.create.locale,
              idleSessionTtlSeconds: seconds(agent.create.idleSessionTtl),
              intents: agent.create.intents.map((i) => ({
                name: i.name,
                utterances: i.utterances,
                slots: i.slots.map((s) => ({ name: s.name, kind: s.kind, slotType: CATALOG[s.kind].lexSlotTypes[0] ?? '', prompt: s.prompt ?? `What is your ${s.name}?` })),
              })),
            },
          }
        : {}),
      obfuscateAllSlots: agent.obfuscateAllSlots,
      sensitiveSlotTypes: [...agent.sensitiveSlotTypes],
      macie: agent.macie,
      macieSession: agent.macieSession,
      logRetentionDays,
      audioExpirationDays: base.retention.sensitiveDays,
      managedIdentifiers: base.detection.kinds.flatMap((k) => (k.coverage === 'builtin' ? k.detectors : [])),
      ...(kafka
        ? {
            kafka: kafka.clusterArn ? { clusterArn: kafka.clusterArn } : { subnetIds: kafka.subnetIds ?? [], ...(kafka.securityGroupIds ? { securityGroupIds: kafka.securityGroupIds } : {}), brokerInstanceType: kafka.brokerInstanceType },
          }
        : {}),
      topics,
      encryption: planEncryption(policy),
      decrypters: policy.access.decrypters.aws,
      enforceDecrypters: policy.access.enforce,
    };
  },

  expectedPosture(plan): ExpectedPosture {
    const named = plan.decrypters.map(namedReader);
    const admins = plan.enforceDecrypters ? IMPLICIT_READERS.awsKeyPolicyAdmins : IMPLICIT_READERS.awsAccountAdmins;
    const stores: ExpectedStore[] = [
      {
        kind: 'conversation-logs',
        name: plan.names.logGroup,
        sensitive: true,
        redactedBy: [REDACTED_BY_CLOUDWATCH],
        retention: { configuredSeconds: plan.logRetentionDays * DAY, lag: LAG.cloudWatchRetention },
        encryption: 'customer',
        readers: [...named, admins, IMPLICIT_READERS.logsUnmask],
        managed: true,
      },
      {
        kind: 'audio',
        name: STORE_NAME.lexAudio,
        sensitive: true,
        redactedBy: [],
        retention: { configuredSeconds: plan.audioExpirationDays * DAY, lag: LAG.s3Lifecycle },
        encryption: 'customer',
        readers: [...named, admins, IMPLICIT_READERS.s3ObjectReaders],
        managed: true,
      },
      ...plan.topics.map((t) => topicStore(t.name, t.retentionMs)),
    ];
    const caveats = [
      'Lex writes audio logs unredacted: the bucket holds raw customer speech, encrypted with the key, until it expires.',
      'Slot obfuscation covers slot values in text logs only: not audio, session attributes, or values echoed in prompts and responses.',
      'CloudWatch Logs masks at ingestion and only with "*": anyone with logs:Unmask on the log group reads the original values. No resource policy can restrict logs:Unmask: attach the DenyUnmask policy convoguard creates, or apply the SCP document it writes under out/aws/.',
    ];
    for (const k of plan.detection.kinds) {
      if (k.supplement) caveats.push(`${k.supplement.name} masks ${k.kind} without the keyword CloudWatch's own identifier needs; it has false positives: ${k.supplement.note}.`);
    }
    if (plan.deidentify.sets.some((s) => s.method !== s.defaultMethod || s.rules.some((r) => r.method !== r.effectiveMethod || r.char !== '*'))) {
      caveats.push('The rule sets ask for replacements CloudWatch cannot make: every finding in Lex logs shows as ****.');
    }
    if (plan.macie) caveats.push('Macie custom data identifiers are created, but convoguard runs no classification job: nothing is scanned until you run one.');
    if (plan.create?.intents.some((i) => i.name === PLACEHOLDER_INTENT.name)) {
      caveats.push(`The created bot has only the placeholder intent ${PLACEHOLDER_INTENT.name} (Lex builds no locale without a custom intent): give create.intents, or declare your own bot.`);
    }
    if (!plan.create) {
      caveats.push("The bot is yours: convoguard sets its alias's conversation logs; its test alias and custom slot types are as you declared them.");
      caveats.push(
        '`convoguard synth` and the shipped cdk app have no bot to attach to: they create the key, log groups and bucket only, which protect nothing until AwsAgentProtection({ bot, botAlias }) attaches them in the stack that declares the bot.',
      );
    }
    return expected(plan, stores, caveats, Boolean(plan.create), LEX_DEPLOYER_NEEDS);
  },
};

function names(policyName: string, agent: LexAgentSpec): LexAgentPlan['names'] {
  const prefix = resourcePrefix(policyName, agent.name);
  const logGroup = `/convoguard/${prefix}/lex-conversations`;
  return {
    kmsAlias: `alias/convoguard/${prefix}`,
    logGroup,
    auditLogGroup: auditLogGroupName(logGroup),
    dataProtectionPolicy: `${prefix}-data-protection`,
    lexBot: prefix,
    mskCluster: `${prefix}-events`,
  };
}
