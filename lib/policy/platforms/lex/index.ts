/**
 * Amazon Lex V2: conversation logs masked by CloudWatch Logs data protection, audio logs in an S3 bucket, slot
 * obfuscation, MSK topics. What is true of Lex on AWS lives here and nowhere else.
 */
import { CATALOG, CLOUDWATCH_PHONE_COUNTRIES, Kind, PHONE_ANY_COUNTRY } from '../../catalog';
import {
  cloudWatchMarkerPattern,
  cloudWatchRegexError,
  CWL_MAX_CUSTOM_IDENTIFIERS,
  macieRegexError,
} from '../../detectors';
import { DAY } from '../../duration';
import type { PathSegment } from '../../errors';
import { resourcePrefix } from '../../names';
import type {
  BedrockGuardrailPlan,
  KindCoverage,
  LexAgentPlan,
  LexGenerativePlan,
  LexVerifyPlan,
  PlanNote,
} from '../../plan-types';
import {
  ExpectedPosture,
  ExpectedStore,
  GenerativePath,
  IMPLICIT_READERS,
  LAG,
  namedReader,
  STORE_NAME,
} from '../../posture';
import type { LexAgentSpec, Policy } from '../../schema';
import { PLACEHOLDER_INTENT } from './schema';
import {
  expected,
  planEncryption,
  planTopics,
  publishersTo,
  seconds,
  kafkaClientsOf,
  topicStore,
  unusedKafka,
} from '../common';
import type { DerivedName, Finding, PlatformModule } from '../types';
import {
  alarmLabel,
  MACIE_FINDINGS_TO,
  MACIE_FREQUENCY_DAYS,
  macieFrequency,
  scanTargets,
  unscannedExportsNote,
  verifyBasics,
} from '../../verify';
import { BEDROCK_GUARDRAIL_REGIONS, LEX_V2_REGIONS, outsideOf } from '../../regions';
import { canaryChecks } from './canary';

/** IdleSessionTTLInSeconds of AWS::Lex::Bot. */
export const LEX_IDLE_SESSION_TTL = { min: 60, max: 86_400 } as const;

/** AWS KMS automatic rotation period bounds (days). */
export const AWS_KMS_ROTATION_DAYS = { min: 90, max: 2560 } as const;

/** What the identity that runs `cdk deploy` needs, beyond the CDK bootstrap. */
export const LEX_DEPLOYER_NEEDS: readonly string[] = [
  'a CDK-bootstrapped account and region; the deploy role creates IAM roles and policies, KMS keys, log groups with data protection policies (logs:PutDataProtectionPolicy), S3 buckets, Lex bots, MSK clusters and Secrets Manager secrets',
  // A data protection policy that sends audit findings to a log group is a log delivery: CloudWatch checks these on the caller.
  'logs:CreateLogDelivery, logs:PutResourcePolicy, logs:DescribeResourcePolicies and logs:DescribeLogGroups for the data protection policy to deliver audit findings to their log group',
  'macie2:EnableMacie when macie and macieSession are on',
];

/** The retention values CloudWatch Logs accepts (`RetentionInDays`). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The longest CloudWatch Logs retention that does not exceed `days` (never keeps logs longer than asked). */
export function cloudWatchRetentionAtMost(days: number): number {
  const fit = CLOUDWATCH_RETENTION_DAYS.filter((v) => v <= days);
  return fit.length > 0 ? fit[fit.length - 1] : CLOUDWATCH_RETENTION_DAYS[0];
}

/** Amazon Bedrock guardrail limits (AWS::Bedrock::Guardrail, GuardrailRegexConfig). */
export const BEDROCK_GUARDRAIL_LIMITS = { regexes: 30, regexLength: 500, regexName: 100, message: 500 } as const;

/** The name of the intent a created bot answers questions with (AMAZON.QnAIntent). */
export const QNA_INTENT_NAME = 'AnswerFromKnowledgeBase';

/**
 * The name of each way a Lex bot sends conversation text to Bedrock, stated once: the plan, the guardrail aspect's
 * warnings and the report's reader all use it, so a planned path and the one read from a template match.
 */
export const LEX_GENERATIVE_PATH = {
  descriptiveBotBuilder: (locale: string) => `descriptive bot builder (${locale})`,
  sampleUtteranceGeneration: (locale: string) => `sample utterance generation (${locale})`,
  slotResolution: (locale: string) => `assisted slot resolution (${locale})`,
  assistedNlu: (locale: string) => `assisted NLU (${locale})`,
  qnaIntent: (intent: string, locale: string) => `QnAIntent ${intent} (${locale})`,
  knowledgeBaseIntent: (intent: string, locale: string) => `knowledge base intent ${intent} (${locale})`,
  bedrockAgentIntent: (intent: string, locale: string) => `Bedrock agent intent ${intent} (${locale})`,
} as const;

/**
 * The built-in slot types assisted slot resolution acts on; it does nothing for custom slot types or other built-in
 * ones, and only on a slot whose SlotResolutionSetting.SlotResolutionStrategy is EnhancedFallback (Lex V2 Developer
 * Guide, "Using assisted slot resolution", read 2026-12-07; API SlotResolutionSetting). CloudFormation's
 * AWS::Lex::Bot has no SlotResolutionSetting (its schema in @aws-cdk/aws-service-spec 0.1.216 and cfn-lint 1.51): no
 * slot of a bot deployed from a template has it on.
 */
export const ASSISTED_SLOT_TYPES: readonly string[] = [
  'AMAZON.AlphaNumeric',
  'AMAZON.City',
  'AMAZON.Country',
  'AMAZON.Date',
  'AMAZON.Number',
  'AMAZON.PhoneNumber',
  'AMAZON.Confirmation',
];

/**
 * The paths a created bot sends conversation text to Bedrock by. Assisted slot resolution is not one: a template
 * cannot switch it on for any slot (ASSISTED_SLOT_TYPES), so it sends nothing; the locale setting and its guardrail
 * are still written, for a slot someone switches on outside the template.
 */
export function lexGenerativePaths(g: Pick<LexGenerativePlan, 'qna'>, locale: string): string[] {
  return g.qna ? [LEX_GENERATIVE_PATH.qnaIntent(QNA_INTENT_NAME, locale)] : [];
}

/** The caveat of a created bot with assistedSlotResolution: what it does, which is nothing until a slot is switched on. */
export function assistedSlotResolutionCaveat(slotTypes: readonly string[]): string {
  const eligible = [...new Set(slotTypes.filter((t) => ASSISTED_SLOT_TYPES.includes(t)))];
  return `Assisted slot resolution is on for the locale, with the guardrail, but it acts only on slots set to EnhancedFallback, of ${ASSISTED_SLOT_TYPES.join(', ')}; CloudFormation cannot set that on a slot, so it sends nothing to Bedrock until one is switched on in the console or the API (a change the template does not hold).${eligible.length > 0 ? ` Slots of the bot it could act on: ${eligible.join(', ')}.` : ' None of the bot’s slots is of those types: it can never act here.'}`;
}

/** The log group that receives CloudWatch data protection audit findings of `logGroupName`. */
export function auditLogGroupName(logGroupName: string): string {
  return `${logGroupName}-data-protection-audit`;
}

/** Whom a lex agent's DenyUnmask policy is attached to, as `role X`, `group Y`, `user Z`. */
export function denyUnmaskTargets(plan: Pick<LexAgentPlan, 'denyUnmaskTo'>): string[] {
  const t = plan.denyUnmaskTo ?? { roles: [], groups: [], users: [] };
  return [...t.roles.map((n) => `role ${n}`), ...t.groups.map((n) => `group ${n}`), ...t.users.map((n) => `user ${n}`)];
}

/**
 * An IAM policy document that denies logs:Unmask on the agent's log groups to every principal but the decrypters.
 * `arnOf` builds a log group ARN from its name (with the account and region, or `*` for an SCP).
 */
export function denyUnmaskDocument(
  logGroupNames: readonly string[],
  decrypters: readonly string[],
  arnOf: (name: string) => string,
) {
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

/** Who can connect to an MSK cluster created without kafka.securityGroupIds (MSK uses the VPC's default group). */
export const MSK_DEFAULT_SECURITY_GROUP =
  "The MSK cluster has no security group of its own (kafka.securityGroupIds is empty), so MSK puts its brokers in the VPC's default security group: every resource in that group can connect. Give kafka.securityGroupIds a group that admits the Rasa hosts and the topics' readers only.";
/** What no CloudFormation resource can set on MSK: Kafka ACLs. */
export const MSK_NO_ACLS =
  'convoguard sets no Kafka ACLs (CloudFormation has no resource for them): every SASL/SCRAM user can read and write every topic of the cluster, and IAM principals whatever their kafka-cluster policies allow. Add ACLs with a Kafka admin client if other SCRAM users share the cluster.';

/** The custom identifier that masks telephone numbers of countries CloudWatch has no PhoneNumber-XX identifier for. */
export const PHONE_OTHER_COUNTRIES_IDENTIFIER = 'CONVOGUARD_PHONE_OTHER_COUNTRIES';

/** The country of the bot convoguard creates (`en_IE` → `IE`); undefined for a bot you declare (its locales are yours). */
export function lexCountry(agent: Pick<LexAgentSpec, 'create'>): string | undefined {
  return agent.create?.locale.split('_')[1];
}

/**
 * How CloudWatch covers `kind` on this agent: its managed identifiers, a keyword-free supplement, or a custom
 * identifier where it has none. Telephone numbers: the PhoneNumber-XX identifiers exist for seven countries, so a bot
 * of another country (or one whose locales are not in the policy) also gets a custom identifier for any country's
 * numbers.
 */
export function lexCover(kind: Kind, agent: Pick<LexAgentSpec, 'create'>): KindCoverage {
  const c = CATALOG[kind];
  const country = lexCountry(agent);
  if (kind === 'phone' && (country === undefined || !CLOUDWATCH_PHONE_COUNTRIES.includes(country))) {
    const why = country
      ? `the bot's locale ${agent.create!.locale} is of ${country}`
      : "the bot's locales are not in the policy (a bot you declare)";
    return {
      kind,
      coverage: 'builtin',
      detectors: c.cloudWatch,
      supplement: {
        name: PHONE_OTHER_COUNTRIES_IDENTIFIER,
        pattern: PHONE_ANY_COUNTRY.pattern,
        note: PHONE_ANY_COUNTRY.note,
      },
      note: `CloudWatch has phone identifiers for ${CLOUDWATCH_PHONE_COUNTRIES.join(', ')} only, and ${why}: a custom identifier ${PHONE_OTHER_COUNTRIES_IDENTIFIER} also masks numbers of any country (${PHONE_ANY_COUNTRY.note})`,
    };
  }
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
}

const REDACTED_BY_CLOUDWATCH = 'CloudWatch Logs data protection (masks with *)';

export const lexModule: PlatformModule<LexAgentSpec, LexAgentPlan> = {
  platform: 'lex',
  canary: canaryChecks,

  verification(plan) {
    const v = plan.verify;
    if (!v) return undefined;
    const sc = v.scan;
    return {
      notify: v,
      checksOf: () => [],
      // The findings alarm counts what masking caught: a trend, never a miss.
      trendsOf: (s) =>
        s.kind === 'conversation-logs' && s.name === v.alarm.logGroup ? [alarmLabel(v.alarm.name)] : [],
      scans: sc
        ? scanTargets(sc.exports).map((target) => ({
            target,
            by: 'Macie job' as const,
            schedule: sc.frequency,
            findingsTo: [MACIE_FINDINGS_TO],
          }))
        : [],
    };
  },
  target: 'cloudformation',
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

  checkPolicy(policy) {
    const out: Finding[] = [];
    policy.detection.custom.forEach((c, i) => {
      const err = cloudWatchRegexError(c.pattern);
      if (err)
        out.push({
          path: ['detection', 'custom', i, 'pattern'],
          message: `received ${JSON.stringify(c.pattern)}, which ${err}; this policy has a lex agent whose logs are masked by CloudWatch Logs`,
        });
    });
    const markers = policy.detection.markers;
    if (markers !== false) {
      const err = cloudWatchRegexError(cloudWatchMarkerPattern(markers.start, markers.end));
      if (err) out.push({ path: ['detection', 'markers'], message: `the marker detector ${err}; shorten the markers` });
    }
    const rotation = seconds(policy.encryption.rotation);
    if (
      rotation % DAY === 0 &&
      (rotation / DAY < AWS_KMS_ROTATION_DAYS.min || rotation / DAY > AWS_KMS_ROTATION_DAYS.max)
    ) {
      out.push({
        path: ['encryption', 'rotation'],
        message: `received ${JSON.stringify(policy.encryption.rotation)}; AWS KMS rotates every ${AWS_KMS_ROTATION_DAYS.min} to ${AWS_KMS_ROTATION_DAYS.max} days and this policy has a lex agent`,
      });
    }
    return out;
  },

  checkAgent(policy, agent, ap) {
    const out: Finding[] = [...unusedKafka(policy, agent, ap)];
    const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });
    const noLex = outsideOf(LEX_V2_REGIONS, agent.region);
    if (noLex) add([...ap, 'region'], `received ${JSON.stringify(agent.region)}; ${noLex}`);
    const markers = policy.detection.markers;
    const kinds = agent.kinds ?? policy.detection.kinds;
    const fallbacks = kinds.filter((k) => CATALOG[k].cloudWatch.length === 0);
    const supplements = kinds.flatMap((k) => lexCover(k, agent).supplement ?? []);
    const keywordFree = supplements.map((s) => s.name);
    const count = policy.detection.custom.length + (markers !== false ? 1 : 0) + fallbacks.length + keywordFree.length;
    if (count > CWL_MAX_CUSTOM_IDENTIFIERS) {
      add(
        ap,
        `needs ${count} CloudWatch Logs custom identifiers (${policy.detection.custom.length} custom, ${markers !== false ? 1 : 0} marker, ${fallbacks.length} for kinds without a managed identifier: ${fallbacks.join(', ') || 'none'}, ${keywordFree.length} supplementing a managed one: ${keywordFree.join(', ') || 'none'}); CloudWatch allows ${CWL_MAX_CUSTOM_IDENTIFIERS} per policy`,
      );
    }
    const reserved = new Set([...fallbacks.map(fallbackIdentifierName), ...keywordFree]);
    policy.detection.custom.forEach((c, j) => {
      if (reserved.has(c.name))
        add(
          ['detection', 'custom', j, 'name'],
          `"${c.name}" is the name convoguard gives the CloudWatch identifier that covers a kind of agent "${agent.name}"; choose another name`,
        );
    });
    if (agent.macie) {
      policy.detection.custom.forEach((c, j) => {
        const err = macieRegexError(c.pattern);
        if (err)
          add(
            ['detection', 'custom', j, 'pattern'],
            `received ${JSON.stringify(c.pattern)}, which ${err}; agent "${agent.name}" turns Macie on`,
          );
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
        if (slotNames.has(slot.name))
          add([...ip, 'slots', j, 'name'], `duplicate slot name "${slot.name}" in intent "${intent.name}"`);
        slotNames.add(slot.name);
        if (CATALOG[slot.kind].lexSlotTypes.length === 0) {
          add(
            [...ip, 'slots', j, 'kind'],
            `Lex has no built-in slot type for ${slot.kind}; declare the bot yourself with a custom slot type and obfuscate it (obfuscateAllSlots)`,
          );
        }
      });
      intent.utterances.forEach((u, j) => {
        for (const ref of u.match(/\{([^}]*)\}/g) ?? []) {
          if (!slotNames.has(ref.slice(1, -1)))
            add(
              [...ip, 'utterances', j],
              `received ${JSON.stringify(u)}; ${ref} names no slot of intent "${intent.name}"`,
            );
        }
      });
    });
    if (agent.create) {
      // IdleSessionTTLInSeconds: Lex accepts 60 to 86,400 seconds.
      const ttl = seconds(agent.create.idleSessionTtl);
      if (ttl < LEX_IDLE_SESSION_TTL.min || ttl > LEX_IDLE_SESSION_TTL.max) {
        add(
          [...ap, 'create', 'idleSessionTtl'],
          `received ${JSON.stringify(agent.create.idleSessionTtl)} (${ttl} s); Lex keeps an idle session ${LEX_IDLE_SESSION_TTL.min} s to ${LEX_IDLE_SESSION_TTL.max} s (1m to 24h)`,
        );
      }
    }
    if (agent.generative) out.push(...checkGenerative(policy, agent, ap));
    if (agent.create?.childDirected) {
      add(
        [...ap, 'create', 'childDirected'],
        'a child-directed (COPPA) bot cannot use conversation logs, and convoguard always writes them to a protected log group; remove the bot from this policy or set childDirected: false',
      );
    }
    if (agent.kafka) {
      const k = agent.kafka;
      if (k.clusterArn && k.subnetIds)
        add(
          [...ap, 'kafka'],
          'give either clusterArn (an existing cluster) or subnetIds (a new cluster), not both',
          true,
        );
      else if (!k.clusterArn && !k.subnetIds)
        add(
          [...ap, 'kafka'],
          'missing clusterArn or subnetIds; expected an existing MSK cluster ARN or 2-3 subnets for a new cluster',
          true,
        );
      else if (k.subnetIds && (k.subnetIds.length < 2 || k.subnetIds.length > 3)) {
        add(
          [...ap, 'kafka', 'subnetIds'],
          `received ${k.subnetIds.length} subnet(s); an MSK cluster needs subnets in 2 or 3 Availability Zones`,
        );
      }
      const brokers = k.subnetIds?.length;
      if (brokers && brokers >= 2) {
        policy.streams.forEach((st, j) => {
          if (st.replicationFactor > brokers)
            add(
              ['streams', j, 'replicationFactor'],
              `received ${st.replicationFactor}; the new MSK cluster of agent "${agent.name}" has ${brokers} brokers (one per subnet), so at most ${brokers}`,
            );
        });
      }
      const arnRegion = k.clusterArn?.split(':')[3];
      if (arnRegion && arnRegion !== agent.region)
        add(
          [...ap, 'kafka', 'clusterArn'],
          `cluster region "${arnRegion}" differs from the agent region "${agent.region}"`,
        );
    }
    return out;
  },

  plan(base, agent, policy) {
    const kafka = agent.kafka && publishersTo(policy, agent.name).length > 0 ? agent.kafka : undefined;
    const topics = planTopics(policy, kafka !== undefined);
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
    const verify = policy.verify ? planVerify(policy, agent, notes) : undefined;
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
        // The decrypters are not log readers: CloudWatch decrypts for whoever it lets read (the key's deny exempts
        // requests through logs), and only logs:Unmask shows the values in the clear.
        readers: [IMPLICIT_READERS.logsUnmask],
        managed: true,
      },
      {
        kind: 'audio',
        name: STORE_NAME.lexAudio,
        sensitive: true,
        redactedBy: [],
        retention: { configuredSeconds: plan.audioExpirationDays * DAY, lag: LAG.s3Lifecycle },
        encryption: 'customer',
        // With access.enforce the bucket policy denies reads to all but the decrypters (the key's deny exempts S3).
        readers: plan.enforceDecrypters
          ? [...named, IMPLICIT_READERS.bucketPolicyAdmins]
          : [...named, admins, IMPLICIT_READERS.s3ObjectReaders],
        managed: true,
      },
      ...plan.topics.map((t) => topicStore(t.name, t.retentionMs, kafkaClientsOf('lex'))),
    ];
    const caveats = [
      'Lex writes audio logs unredacted: the bucket holds raw customer speech, encrypted with the key, until it expires.',
      'Slot obfuscation covers slot values in text logs only: not audio, session attributes, or values echoed in prompts and responses.',
      'CloudWatch Logs masks at ingestion and only with "*": anyone with logs:Unmask on the log group reads the original values. No resource policy can restrict logs:Unmask: attach the DenyUnmask policy convoguard creates, or apply the SCP document it writes under out/aws/.',
    ];
    const unmaskTargets = denyUnmaskTargets(plan);
    if (plan.enforceDecrypters) {
      caveats.push(
        unmaskTargets.length > 0
          ? `The DenyUnmask policy is attached to ${unmaskTargets.join(', ')} (access.denyUnmaskTo): logs:Unmask is denied to them only; any other principal with it reads the original values unless the SCP document is applied.`
          : 'The DenyUnmask policy is attached to nobody (access.denyUnmaskTo is empty): an identity policy denies only where it is attached, so logs:Unmask is denied only if you attach it in your app or your organization applies the SCP document under out/aws/.',
      );
    }
    for (const k of plan.detection.kinds) {
      if (k.supplement)
        caveats.push(
          `${k.supplement.name} masks ${k.kind} without the keyword CloudWatch's own identifier needs; it has false positives: ${k.supplement.note}.`,
        );
    }
    if (
      plan.deidentify.sets.some(
        (s) => s.method !== s.defaultMethod || s.rules.some((r) => r.method !== r.effectiveMethod || r.char !== '*'),
      )
    ) {
      caveats.push(
        'The rule sets ask for replacements CloudWatch cannot make: every finding in Lex logs shows as ****.',
      );
    }
    if (plan.kafka && 'subnetIds' in plan.kafka && !plan.kafka.securityGroupIds) {
      caveats.push(MSK_DEFAULT_SECURITY_GROUP);
    }
    if (plan.topics.length > 0) caveats.push(MSK_NO_ACLS);
    if (plan.macie)
      caveats.push(
        'Macie custom data identifiers are created, but convoguard runs no classification job: nothing is scanned until you run one.',
      );
    if (plan.create?.intents.some((i) => i.name === PLACEHOLDER_INTENT.name)) {
      caveats.push(
        `The created bot has only the placeholder intent ${PLACEHOLDER_INTENT.name} (Lex builds no locale without a custom intent): give create.intents, or declare your own bot.`,
      );
    }
    const generative: GenerativePath[] = [];
    const g = plan.generative;
    if (g) {
      const gr = g.guardrail;
      const covered = [...new Set(gr.piiEntities.map((e) => e.kind))];
      caveats.push(
        `Bedrock guardrail ${gr.name} screens prompts and responses of the bot's Bedrock model specifications: ${covered.length > 0 ? `${covered.join(', ')} by Bedrock PII types` : 'no kind by a Bedrock PII type'}${gr.regexes.length > 0 ? `, ${gr.regexes.map((r) => r.name).join(', ')} by regex` : ''}${gr.uncovered.length > 0 ? `; ${gr.uncovered.join(', ')} not at all` : ''}.`,
      );
      caveats.push(
        "Bedrock agent mode (BedrockAgentConfiguration) and assisted NLU (NluImprovementSpecification) have no guardrail field: the bot's text reaches them unscreened.",
      );
      if (gr.traceStatus === 'ENABLED')
        caveats.push(
          'Bedrock traces are on (generative.traces): they keep prompts and responses, with what the guardrail did not anonymize.',
        );
      if (plan.create) {
        for (const path of lexGenerativePaths(g, plan.create.locale)) generative.push({ path, guardrail: gr.name });
        if (g.assistedSlotResolution)
          caveats.push(
            assistedSlotResolutionCaveat(plan.create.intents.flatMap((i) => i.slots.map((x) => x.slotType))),
          );
      }
    }
    if (!plan.create) {
      caveats.push(
        "The bot is yours: convoguard sets its alias's conversation logs; its test alias and custom slot types are as you declared them.",
      );
      caveats.push(
        '`convoguard synth` and the shipped cdk app have no bot to attach to: they create the key, log groups and bucket only, which protect nothing until AwsAgentProtection({ bot, botAlias }) attaches them in the stack that declares the bot.',
      );
    }
    const needs = [
      ...LEX_DEPLOYER_NEEDS,
      ...(plan.enforceDecrypters
        ? [
            `an organization administrator to apply out/aws/${plan.name}/deny-unmask-scp.json (an SCP is not part of the stack)`,
          ]
        : []),
      // KMS refuses a key policy naming a principal that does not exist (MalformedPolicyDocumentException).
      ...(plan.decrypters.length > 0
        ? [
            `${plan.decrypters.join(', ')} existing before the deploy: KMS refuses a key policy that names a principal it cannot find (MalformedPolicyDocumentException)`,
          ]
        : []),
      ...(plan.enforceDecrypters && unmaskTargets.length > 0
        ? [
            `${unmaskTargets.join(', ')} existing in the account before the deploy, and iam:AttachRolePolicy, iam:AttachGroupPolicy or iam:AttachUserPolicy on them for the DenyUnmask policy (access.denyUnmaskTo)`,
          ]
        : []),
      ...(g
        ? [
            'bedrock:CreateGuardrail, bedrock:CreateGuardrailVersion, bedrock:UpdateGuardrail and bedrock:DeleteGuardrail for the guardrail; access to the foundation model granted once in the Bedrock console (model access) for generative.model',
          ]
        : []),
      ...(plan.verify
        ? [
            `cloudwatch:PutMetricAlarm for the alarm${'create' in plan.verify.topic ? ', sns:CreateTopic and sns:SetTopicAttributes for the alert topic' : ''}${plan.verify.scan ? '; Macie enabled in the account and region, and the Lambda function the stack creates calls macie2:CreateClassificationJob and macie2:UpdateClassificationJob' : ''}`,
          ]
        : []),
    ];
    const posture = {
      ...expected(plan, stores, caveats, Boolean(plan.create), needs),
      ...(plan.enforceDecrypters ? { denyUnmaskTo: unmaskTargets } : {}),
    };
    return generative.length > 0 ? { ...posture, generative } : posture;
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
    alertTopic: `${prefix}-redaction-alerts`,
    findingsAlarm: `${prefix}-log-findings-rise`,
    macieJob: `${prefix}-exports`,
  };
}

/** The alarm and the Macie scan of one agent (policy verify). */
function planVerify(policy: Policy, agent: LexAgentSpec, notes: PlanNote[]): LexVerifyPlan {
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
  return { topic, emails, alarm: { name: n.findingsAlarm, logGroup: n.logGroup }, ...(scan ? { scan } : {}) };
}

/** The generative settings' own rules: features only on a bot convoguard creates, a model for them, Bedrock's limits. */
function checkGenerative(policy: Policy, agent: LexAgentSpec, ap: PathSegment[]): Finding[] {
  const g = agent.generative!;
  const gp: PathSegment[] = [...ap, 'generative'];
  const out: Finding[] = [];
  const features = (['model', 'qna'] as const).filter((k) => g[k] !== undefined).map(String);
  if (g.assistedSlotResolution) features.push('assistedSlotResolution');
  if (!agent.create) {
    for (const f of features) {
      out.push({
        path: [...gp, f],
        message: `${f} configures a bot convoguard creates (create:); this agent's bot is yours: set it on your CfnBot, and the guardrail is attached to every Bedrock model specification it has`,
        onKey: true,
      });
    }
  }
  if ((g.assistedSlotResolution || g.qna) && !g.model) {
    out.push({
      path: gp,
      message: `missing model; QnAIntent and assisted slot resolution need the Bedrock foundation model ARN they call, such as arn:aws:bedrock:${agent.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
      onKey: true,
    });
  }
  const modelRegion = g.model?.split(':')[3];
  if (modelRegion && modelRegion !== agent.region)
    out.push({
      path: [...gp, 'model'],
      message: `the model's region "${modelRegion}" differs from the agent region "${agent.region}"; Lex calls Bedrock in its own region`,
    });
  const kbRegion = g.qna?.knowledgeBaseArn.split(':')[3];
  if (kbRegion && kbRegion !== agent.region)
    out.push({
      path: [...gp, 'qna', 'knowledgeBaseArn'],
      message: `the knowledge base's region "${kbRegion}" differs from the agent region "${agent.region}"`,
    });
  const kinds = agent.kinds ?? policy.detection.kinds;
  g.block.forEach((k, i) => {
    if (!kinds.includes(k))
      out.push({
        path: [...gp, 'block', i],
        message: `received ${JSON.stringify(k)}; this agent detects ${kinds.join(', ')}`,
      });
  });
  const regexes = guardrailRegexes(policy, kinds);
  if (regexes.length > BEDROCK_GUARDRAIL_LIMITS.regexes) {
    out.push({
      path: gp,
      message: `the guardrail needs ${regexes.length} regexes (${regexes.map((r) => r.name).join(', ')}); Bedrock allows ${BEDROCK_GUARDRAIL_LIMITS.regexes}`,
      onKey: true,
    });
  }
  policy.detection.custom.forEach((c, i) => {
    if (c.pattern.length > BEDROCK_GUARDRAIL_LIMITS.regexLength) {
      out.push({
        path: ['detection', 'custom', i, 'pattern'],
        message: `${c.pattern.length} characters; a Bedrock guardrail regex has at most ${BEDROCK_GUARDRAIL_LIMITS.regexLength}, and agent "${agent.name}" uses one`,
      });
    }
  });
  return out;
}

/** The guardrail's regexes: the custom patterns, and the fallback pattern of each kind Bedrock has no PII type for. */
function guardrailRegexes(
  policy: Policy,
  kinds: readonly Kind[],
  block: readonly Kind[] = [],
): BedrockGuardrailPlan['regexes'] {
  return [
    ...policy.detection.custom.map((c) => ({
      name: c.name,
      pattern: c.pattern,
      action: 'ANONYMIZE' as const,
      origin: 'custom' as const,
    })),
    ...kinds
      .filter((k) => CATALOG[k].bedrock.length === 0 && CATALOG[k].fallbackPattern)
      .map((k) => ({
        name: fallbackIdentifierName(k),
        pattern: CATALOG[k].fallbackPattern!,
        action: block.includes(k) ? ('BLOCK' as const) : ('ANONYMIZE' as const),
        origin: 'fallback' as const,
        kind: k,
        ...(CATALOG[k].guardrailPromptsOnly ? { promptsOnly: true } : {}),
      })),
  ];
}

function planGenerative(
  policy: Policy,
  agent: LexAgentSpec,
  kinds: readonly Kind[],
  notes: LexAgentPlan['notes'][number][],
): LexGenerativePlan {
  const g = agent.generative!;
  const action = (k: Kind) => (g.block.includes(k) ? ('BLOCK' as const) : ('ANONYMIZE' as const));
  const piiEntities = kinds.flatMap((k) => CATALOG[k].bedrock.map((type) => ({ type, action: action(k), kind: k })));
  const regexes = guardrailRegexes(policy, kinds, g.block);
  const uncovered = kinds.filter((k) => CATALOG[k].bedrock.length === 0 && !regexes.some((r) => r.kind === k));
  for (const k of kinds.filter((x) => CATALOG[x].bedrock.length === 0)) {
    notes.push({
      level: uncovered.includes(k) ? 'warning' : 'info',
      message: `Bedrock Guardrails has no PII type for ${k}: ${uncovered.includes(k) ? 'prompts and responses carry it unscreened' : `the regex ${fallbackIdentifierName(k)} covers it (${CATALOG[k].fallbackNote})${CATALOG[k].guardrailPromptsOnly ? ' in prompts only, so answers keep their dates and one in an answer is not screened' : ''}`}`,
    });
  }
  if (policy.detection.markers !== false)
    notes.push({
      level: 'info',
      message:
        'SSML markers are not a guardrail regex: they mark bot output for logs, and a model prompt does not carry them',
    });
  notes.push({
    level: 'warning',
    message:
      'Bedrock agent mode (BedrockAgentConfiguration) and assisted NLU have no guardrail field: if the bot uses them, its text reaches them unscreened',
  });
  if (agent.create && g.assistedSlotResolution) {
    notes.push({
      level: 'warning',
      message: `generative.assistedSlotResolution turns the feature on for the locale, but it acts only on slots set to EnhancedFallback (of ${ASSISTED_SLOT_TYPES.join(', ')}), which CloudFormation cannot set: it does nothing until a slot is switched on in the console or the API, and the report does not count it as a path`,
    });
  }
  if (agent.create && !g.qna && !g.assistedSlotResolution)
    notes.push({
      level: 'info',
      message:
        'generative is set but the created bot uses no Bedrock feature: the guardrail is provisioned and attaches to nothing yet',
    });
  const prefix = resourcePrefix(policy.name, agent.name);
  return {
    ...(g.model ? { modelArn: g.model } : {}),
    assistedSlotResolution: g.assistedSlotResolution,
    ...(g.qna ? { qna: { knowledgeBaseArn: g.qna.knowledgeBaseArn, exactResponse: g.qna.exactResponse } } : {}),
    guardrail: {
      name: guardrailName(prefix),
      blockedMessage: g.blockedMessage,
      piiEntities,
      regexes,
      uncovered,
      traceStatus: g.traces ? 'ENABLED' : 'DISABLED',
    },
  };
}

/** `<prefix>-pii`, cut to Bedrock's 50 characters. */
function guardrailName(prefix: string): string {
  return `${prefix.slice(0, 46)}-pii`;
}
