/**
 * Amazon Lex V2: conversation logs masked by CloudWatch Logs data protection, audio logs in an S3 bucket, slot
 * obfuscation, MSK topics. What is true of Lex on AWS lives in this folder, one concern per file: the agent schema
 * (schema.ts), names (names.ts), limits (limits.ts), how kinds are detected (coverage.ts), the policy rules
 * (checks.ts), generative paths and the Bedrock guardrail (generative.ts), the logs:Unmask deny (logs.ts), the
 * expected posture (posture.ts), canary checks (canary.ts); this module plans the agent and registers the rest.
 */
import { CATALOG } from '../../catalog';
import { resourcePrefix } from '../../names';
import type { KindCoverage, LexAgentPlan, LexVerifyPlan, PlanNote } from '../../plan-types';
import type { LexAgentSpec, Policy } from '../../schema';
import { planEncryption, planRawTopics, planTopics, publishersTo, seconds } from '../common';
import type { DerivedName, PlatformModule } from '../types';
import {
  alarmLabel,
  MACIE_FINDINGS_TO,
  MACIE_FREQUENCY_DAYS,
  macieFrequency,
  scansOf,
  unscannedExportsNote,
  verifyBasics,
} from '../../verify';
import { BEDROCK_GUARDRAIL_REGIONS, outsideOf } from '../../regions';
import { canaryChecks } from './canary';
import { cloudWatchRetentionAtMost } from './limits';
import { planGenerative, guardrailName } from './generative';
import { lexCover } from './coverage';
import { names, MSK_DEFAULT_SECURITY_GROUP } from './names';
import { lexExpectedPosture } from './posture';
import { checkLexAgent, checkLexPolicy } from './checks';
import { MISS_METRIC_NAMESPACE, missAlarmLabel, planMissFilters } from './miss-detector';

export {
  AWS_KMS_ROTATION_DAYS,
  BEDROCK_GUARDRAIL_LIMITS,
  CLOUDWATCH_RETENTION_DAYS,
  cloudWatchRetentionAtMost,
  LEX_DEPLOYER_NEEDS,
  LEX_IDLE_SESSION_TTL,
} from './limits';
export {
  ASSISTED_SLOT_TYPES,
  assistedSlotResolutionCaveat,
  LEX_GENERATIVE_PATH,
  lexGenerativePaths,
  QNA_INTENT_NAME,
} from './generative';
export { auditLogGroupName, denyUnmaskDocument, denyUnmaskTargets } from './logs';
export { MSK_DEFAULT_SECURITY_GROUP, MSK_NO_ACLS } from './names';
export { lexExpectedPosture } from './posture';
export {
  fallbackIdentifierName,
  keywordFreeIdentifierName,
  lexCountry,
  lexCover,
  PHONE_OTHER_COUNTRIES_IDENTIFIER,
} from './coverage';

export const lexModule: PlatformModule<LexAgentSpec, LexAgentPlan> = {
  platform: 'lex',
  canary: canaryChecks,

  verification(plan) {
    const v = plan.verify;
    if (!v) return undefined;
    const sc = v.scan;
    return {
      notify: v,
      // The miss alarm counts values that reach the masked view unmasked: it sees a miss, for its kinds.
      checksOf: (s) =>
        v.missAlarm && s.kind === 'conversation-logs' && s.name === v.missAlarm.logGroup
          ? [
              missAlarmLabel(
                v.missAlarm.name,
                v.missAlarm.filters.map((f) => f.kind),
              ),
            ]
          : [],
      // The findings alarm counts what masking caught: a trend, never a miss.
      trendsOf: (s) =>
        s.kind === 'conversation-logs' && s.name === v.alarm.logGroup ? [alarmLabel(v.alarm.name)] : [],
      scans: sc ? scansOf(sc.exports, 'Macie job', sc.frequency, [MACIE_FINDINGS_TO]) : [],
    };
  },
  target: 'cloudformation',
  inspectsText: true,
  notAttached: 'the bot alias does not send logs to a protected log group and an encrypted bucket',

  unverifiableReason(kind) {
    return kind === 'audio'
      ? 'Macie analyzes only objects with a supported file extension, and audio is not one: nothing scans it'
      : undefined;
  },
  dialect: 'cloudwatch',

  derivedNames(policyName, agent) {
    const n = names(policyName, agent);
    const out: Record<string, DerivedName> = {
      kmsAlias: { rule: 'kmsAlias', value: n.kmsAlias },
      logGroup: { rule: 'logGroup', value: n.logGroup },
      auditLogGroup: { rule: 'logGroup', value: n.auditLogGroup },
      dataProtectionPolicy: { rule: 'dataProtectionPolicy', value: n.dataProtectionPolicy },
    };
    if (agent.create) out.lexBot = { rule: 'lexBot', value: n.lexBot };
    if (agent.generative)
      out.bedrockGuardrail = { rule: 'bedrockGuardrail', value: guardrailName(resourcePrefix(policyName, agent.name)) };
    if (agent.kafka && !agent.kafka.clusterArn) out.mskCluster = { rule: 'mskCluster', value: n.mskCluster };
    out.alertTopic = { rule: 'snsTopic', value: n.alertTopic };
    out.findingsAlarm = { rule: 'cloudWatchAlarm', value: n.findingsAlarm };
    out.missAlarm = { rule: 'cloudWatchAlarm', value: n.missAlarm };
    if (agent.exports.length > 0) out.macieJob = { rule: 'macieJob', value: n.macieJob };
    return out;
  },

  cover(kind, agent): KindCoverage {
    return lexCover(kind, agent);
  },

  effectiveMethod(method, char) {
    if (method === 'mask' && char === '*') return { method, char };
    return {
      method: 'mask',
      char: '*',
      lost: `CloudWatch Logs data protection can only mask with "*"; Lex logs will show ****, not ${method === 'mask' ? `"${char}"` : method}`,
    };
  },

  checkPolicy: checkLexPolicy,

  checkAgent: checkLexAgent,

  plan(base, agent, policy) {
    const kafka = agent.kafka && publishersTo(policy, agent.name).length > 0 ? agent.kafka : undefined;
    const topics = kafka ? [...planTopics(policy, true), ...planRawTopics(policy, agent)] : [];
    const logRetentionDays = cloudWatchRetentionAtMost(base.retention.sensitiveDays);
    const notes = [...base.notes];
    const noGuardrails = agent.generative ? outsideOf(BEDROCK_GUARDRAIL_REGIONS, agent.region) : undefined;
    if (noGuardrails)
      notes.push({
        level: 'warning',
        message: `generative: ${noGuardrails}: without guardrails in the Region, the bot's generative calls would go unscreened or the deploy fails`,
      });
    if (kafka && !kafka.clusterArn && !kafka.securityGroupIds)
      notes.push({ level: 'warning', message: MSK_DEFAULT_SECURITY_GROUP });
    const verify = policy.verify ? planVerify(policy, agent, notes, base.detection.kinds) : undefined;
    unscannedExportsNote(policy, agent, notes);
    const t = policy.access.denyUnmaskTo;
    if (policy.access.enforce && t.roles.length + t.groups.length + t.users.length === 0) {
      notes.push({
        level: 'warning',
        message: `access.denyUnmaskTo is empty: the DenyUnmask policy is attached to nobody, and an identity policy denies only where it is attached. Name the roles, groups or users that can read the logs, attach protection.denyUnmask in your app, or have your organization apply out/aws/${agent.name}/deny-unmask-scp.json (the report lists it as CG-UNMASK until one of them acts)`,
      });
    }
    if (logRetentionDays !== base.retention.sensitiveDays) {
      notes.push({
        level: 'info',
        message: `CloudWatch Logs offers no ${base.retention.sensitiveDays}-day retention: conversation logs are kept ${logRetentionDays} days, the longest value that does not exceed retention.sensitive`,
      });
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
                slots: i.slots.map((s) => ({
                  name: s.name,
                  kind: s.kind,
                  slotType: CATALOG[s.kind].lexSlotTypes[0] ?? '',
                  prompt: s.prompt ?? `What is your ${s.name}?`,
                })),
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
            kafka: kafka.clusterArn
              ? { clusterArn: kafka.clusterArn }
              : {
                  subnetIds: kafka.subnetIds ?? [],
                  ...(kafka.securityGroupIds ? { securityGroupIds: kafka.securityGroupIds } : {}),
                  brokerInstanceType: kafka.brokerInstanceType,
                },
          }
        : {}),
      topics,
      encryption: planEncryption(policy),
      decrypters: policy.access.decrypters.aws,
      enforceDecrypters: policy.access.enforce,
      denyUnmaskTo: {
        roles: [...policy.access.denyUnmaskTo.roles],
        groups: [...policy.access.denyUnmaskTo.groups],
        users: [...policy.access.denyUnmaskTo.users],
      },
      ...(agent.generative
        ? {
            generative: planGenerative(
              policy,
              agent,
              base.detection.kinds.map((k) => k.kind),
              notes,
            ),
          }
        : {}),
      ...(verify ? { verify } : {}),
    };
  },

  expectedPosture: lexExpectedPosture,
};

/** The alarm and the Macie scan of one agent (policy verify). */
function planVerify(
  policy: Policy,
  agent: LexAgentSpec,
  notes: PlanNote[],
  kinds: readonly KindCoverage[],
): LexVerifyPlan {
  const n = names(policy.name, agent);
  const { topic, exports, everyDays, emails } = verifyBasics(policy, agent, 'lex', n.alertTopic, notes);
  notes.push({
    level: 'info',
    message: `verify: an anomaly-detection alarm on LogEventsWithFindings of ${n.logGroup} notifies ${'existing' in topic ? topic.existing : `the SNS topic ${n.alertTopic}`}: a rise means more personal data reaches the logs past slot obfuscation (masked there, so look for the path that carries it). It is a trend, not a verification: it counts what masking found, never a value masking missed, and its band is learned from the metric's history, so a leak present from the first day is the band and a new log group's alarm stays quiet until it has some. convoguard canary's query of the masked view is what sees a miss`,
  });
  let scan: LexVerifyPlan['scan'];
  if (everyDays !== undefined && exports.length > 0) {
    const frequency = macieFrequency(everyDays);
    scan = { everyDays, frequency, exports, jobName: n.macieJob };
    const exact = MACIE_FREQUENCY_DAYS[frequency] === everyDays;
    const identifiers = agent.macie
      ? "the recommended managed identifiers and the policy's custom identifiers"
      : 'the recommended managed identifiers (the custom patterns need macie: true, which creates their identifiers)';
    notes.push({
      level: exact && agent.macie ? 'info' : 'warning',
      message: `verify: a Macie job per bucket scans ${exports.map((e) => e.uri).join(', ')} ${frequency}${exact ? '' : ` (Macie schedules daily, weekly or monthly; verify.every is ${everyDays} days)`}, with ${identifiers}; Macie must be enabled in the account (macie: true with macieSession creates it), and a job cannot be changed: a new definition starts a new job and cancels the old`,
    });
  }
  const filters = planMissFilters(kinds);
  const unseen = kinds.map((k) => k.kind).filter((k) => !filters.some((f) => f.kind === k));
  if (filters.length > 0)
    notes.push({
      level: unseen.length > 0 ? 'warning' : 'info',
      message: `verify: metric filters over the masked view of ${n.logGroup} count utterances whose transcript still holds ${filters.map((f) => f.kind).join(', ')}, and alarm ${n.missAlarm} fires on the first one: a miss it sees${unseen.length > 0 ? `; ${unseen.join(', ')} ${unseen.length === 1 ? 'has' : 'have'} no narrow pattern (or CloudWatch masks ${unseen.length === 1 ? 'it' : 'them'} with convoguard's own), so nothing sees ${unseen.length === 1 ? 'its' : 'their'} misses but convoguard canary` : ''}`,
    });
  const missAlarm =
    filters.length > 0
      ? {
          name: n.missAlarm,
          logGroup: n.logGroup,
          metricNamespace: MISS_METRIC_NAMESPACE,
          metricName: n.missAlarm,
          filters,
        }
      : undefined;
  return {
    topic,
    emails,
    alarm: { name: n.findingsAlarm, logGroup: n.logGroup },
    ...(missAlarm ? { missAlarm } : {}),
    ...(scan ? { scan } : {}),
  };
}
