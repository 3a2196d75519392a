/**
 * The parts of a plan every platform shares, built once with the platform module's own answers (coverage, the
 * method it really applies, whether it runs pattern detectors).
 */
import { CATALOG } from '../catalog';
import { dlpTransformations, PlannedDlpTransformation } from '../dlp-transformations';
import { cloudWatchMarkerPattern, MARKER_DETECTOR, markerPattern } from '../detectors';
import { ceilDays, formatSeconds, parseDuration } from '../duration';
import { resourcePrefix } from '../names';
import type { AgentPlanBase, PlanNote, PlannedDetector, PlannedRuleSet, PlannedTopic } from '../plan-types';
import { ExpectedPosture, ExpectedStore, IMPLICIT_READERS, LAG, Reader, STORE_NAME } from '../posture';
import type { AgentSpec, DeidentifyMethod, LikelihoodName, Policy } from '../schema';
import type { PathSegment } from '../errors';
import { rasaFormat } from './rasa/versions';
import type { EffectiveMethod, Finding, PatternDialect, PlatformModule } from './types';

export const LIKELIHOOD: Readonly<Record<LikelihoodName, string>> = {
  very_unlikely: 'VERY_UNLIKELY',
  unlikely: 'UNLIKELY',
  possible: 'POSSIBLE',
  likely: 'LIKELY',
  very_likely: 'VERY_LIKELY',
};

/** The keyword de-identification rules use for the SSML marker detector. */
export const MARKERS_KEYWORD = 'markers';

/** What Google DLP applies for a requested method: it has no faker, so a finding becomes its infoType name. */
export function dlpMethod(method: DeidentifyMethod, char: string): EffectiveMethod {
  if (method === 'faker')
    return {
      method: 'kind-name',
      char,
      lost: 'Google DLP has no faker: findings are replaced by their infoType name ([EMAIL_ADDRESS])',
    };
  return { method, char };
}

/** The default rule set of a DLP platform as transformations over its built-in infoTypes and pattern detectors. */
export function dlpTransformationsOf(base: AgentPlanBase): PlannedDlpTransformation[] {
  return dlpTransformations(
    base.deidentify.sets[0],
    base.detection.kinds.flatMap((k) => k.detectors),
    base.detection.patterns.map((p) => p.name),
  );
}

/** The key, audio bucket and DLP template names every Google platform gives an agent, from its resource prefix. */
export function googleAgentNames(prefix: string, project: string) {
  return {
    // Bucket names are global: the project id makes them unique across projects.
    gcsBucket: `${prefix}-audio-${project}`,
    kmsKeyRing: `${prefix}-keyring`,
    kmsCryptoKey: `${prefix}-sensitive`,
    inspectTemplate: `${prefix}-inspect`,
    deidentifyTemplate: `${prefix}-deidentify`,
  };
}

/** Seconds of a duration the schema and checks have accepted. */
export function seconds(text: string): number {
  const d = parseDuration(text);
  if (!d) throw new Error(`internal: "${text}" reached the plan without being a valid duration`);
  return d.seconds;
}

export type { PatternDialect } from './types';

export function buildBase(policy: Policy, agent: AgentSpec, m: PlatformModule, dialect: PatternDialect): AgentPlanBase {
  const notes: PlanNote[] = [];
  const kinds = agent.kinds ?? policy.detection.kinds;
  const markers = policy.detection.markers === false ? undefined : policy.detection.markers;
  const coverage = kinds.map((k) => m.cover(k, agent));
  for (const c of coverage)
    if (c.note) notes.push({ level: c.coverage === 'none' ? 'warning' : 'info', message: c.note });

  const patterns: PlannedDetector[] = [];
  if (dialect !== 'none') {
    for (const c of policy.detection.custom) {
      patterns.push({
        name: c.name,
        pattern: c.pattern,
        platformPattern: c.pattern,
        origin: 'custom',
        likelihood: LIKELIHOOD[c.likelihood ?? 'very_likely'],
      });
    }
    if (markers) {
      const re2 = markerPattern(markers.start, markers.end);
      const platformPattern = dialect === 'cloudwatch' ? cloudWatchMarkerPattern(markers.start, markers.end) : re2;
      patterns.push({
        name: MARKER_DETECTOR,
        pattern: re2,
        platformPattern,
        origin: 'markers',
        likelihood: 'VERY_LIKELY',
      });
    }
    for (const c of coverage) {
      const fallback = CATALOG[c.kind].fallbackPattern;
      if (c.coverage === 'pattern' && c.pattern && fallback) {
        patterns.push({
          name: c.pattern,
          pattern: fallback,
          platformPattern: fallback,
          origin: 'fallback',
          kind: c.kind,
          likelihood: 'LIKELY',
        });
      }
      if (c.supplement) {
        patterns.push({
          name: c.supplement.name,
          pattern: c.supplement.pattern,
          platformPattern: c.supplement.pattern,
          origin: 'fallback',
          kind: c.kind,
          likelihood: 'LIKELY',
        });
      }
    }
  }

  const sets: PlannedRuleSet[] = [
    planRuleSet('default', policy.deidentify, m, agent, notes),
    ...Object.entries(policy.deidentify.sets ?? {}).map(([n, s]) => planRuleSet(n, s, m, agent, notes)),
  ];

  const sensitiveSeconds = seconds(policy.retention.sensitive);
  const anonymizedSeconds = seconds(policy.retention.anonymized);
  const exceptionReason = policy.retention.exception?.reason.trim();
  if (exceptionReason) {
    notes.push({
      level: 'warning',
      message: `sensitive data is kept ${formatSeconds(sensitiveSeconds)}, over the 24h default, because: ${exceptionReason}`,
    });
  }
  return {
    name: agent.name,
    policy: policy.name,
    prefix: resourcePrefix(policy.name, agent.name),
    detection: {
      minLikelihood: LIKELIHOOD[policy.detection.minLikelihood],
      kinds: coverage,
      patterns,
      ...(markers ? { markers } : {}),
    },
    deidentify: { sets },
    retention: {
      sensitiveSeconds,
      sensitiveDays: ceilDays(sensitiveSeconds),
      anonymizedSeconds,
      ...(exceptionReason ? { exceptionReason } : {}),
    },
    scope: policy.scope,
    topics: [],
    notes,
  };
}

function planRuleSet(
  name: string,
  set: Pick<Policy['deidentify'], 'default' | 'rules'>,
  m: PlatformModule,
  agent: AgentSpec,
  notes: PlanNote[],
): PlannedRuleSet {
  const lost = (targets: readonly string[], why: string) =>
    notes.push({ level: 'warning', message: `rule set "${name}", ${targets.join(', ')}: ${why}` });
  const rules = set.rules.map((r) => {
    const e = m.effectiveMethod(r.method, r.char ?? '*', agent);
    if (e.lost) lost(r.kinds, e.lost);
    return {
      targets: r.kinds,
      method: r.method,
      effectiveMethod: e.method,
      char: e.char,
      ...(e.method === 'text' && r.value !== undefined ? { value: r.value } : {}),
    };
  });
  const d = m.effectiveMethod(set.default, '*', agent);
  if (d.lost) lost(['(default)'], d.lost);
  return { name, method: set.default, defaultMethod: d.method, defaultChar: d.char, rules };
}

/** The rasa agents that publish their anonymized events to the cluster of the cloud agent `host`. */
export function publishersTo(policy: Policy, host: string): string[] {
  return policy.agents.flatMap((a) => (a.platform === 'rasa' && a.kafka?.cluster === host ? [a.name] : []));
}

/**
 * A cloud agent's `kafka` that carries nothing is refused, never a warning: only Rasa writes anonymized events, so
 * without a rasa agent publishing to it no cluster would be provisioned (the policy's streams would exist nowhere), and
 * without streams the cluster would carry no topic.
 */
export function unusedKafka(policy: Policy, agent: { name: string; kafka?: unknown }, ap: PathSegment[]): Finding[] {
  if (agent.kafka === undefined) return [];
  const publishers = publishersTo(policy, agent.name);
  if (publishers.length === 0) {
    return [
      {
        path: [...ap, 'kafka'],
        message: `no rasa agent publishes to this cluster (kafka: { cluster: ${agent.name} } on a rasa agent), and only Rasa writes anonymized events: no cluster and no topic would be provisioned. Point a rasa agent at it, or remove kafka`,
        onKey: true,
      },
    ];
  }
  if (policy.streams.length === 0) {
    return [
      {
        path: [...ap, 'kafka'],
        message: `rasa agent${publishers.length === 1 ? '' : 's'} ${publishers.join(', ')} publish${publishers.length === 1 ? 'es' : ''} here, but the policy has no streams: the cluster would carry no topic. Add streams, or remove kafka`,
        onKey: true,
      },
    ];
  }
  return [];
}

/** The topic a Rasa 3.6-3.12 agent's main event broker writes every original event to, on a cloud agent's cluster. */
export function rasaRawTopicName(agent: string): string {
  return `${agent}-raw-events`;
}

/**
 * The raw topics the cluster of cloud agent `host` carries: Rasa 3.6-3.12 publishes every original event to its
 * broker's own topic beside the anonymized copies (rasa/anonymization/anonymization_pipeline.py), so each such
 * publisher gets a topic of its own, kept retention.sensitive under the cluster's key, instead of rasa_core_events
 * kept as long as the cluster keeps topics.
 */
export function planRawTopics(policy: Policy, host: { name: string; platform: string }): PlannedTopic[] {
  if (policy.streams.length === 0) return [];
  const sensitiveMs = seconds(policy.retention.sensitive) * 1000;
  return policy.agents.flatMap((a) =>
    a.platform === 'rasa' && a.kafka?.cluster === host.name && rasaFormat(a.rasa.version) === 'anonymization'
      ? [
          {
            name: rasaRawTopicName(a.name),
            ruleSet: '',
            partitions: 3,
            replicationFactor: 3,
            retentionMs: sensitiveMs,
            rasaXConsumer: false,
            raw: {
              publisher: a.name,
              ...(a.kafka.principal && host.platform === 'dialogflow-cx' ? { writer: a.kafka.principal } : {}),
            },
          },
        ]
      : [],
  );
}

/** Topics an agent hosts: a rasa agent publishes to them; a cloud agent with `kafka` provisions them. */
export function planTopics(policy: Policy, hosts: boolean): PlannedTopic[] {
  if (!hosts) return [];
  const anonymized = seconds(policy.retention.anonymized);
  return policy.streams.map((s) => ({
    name: s.topic,
    ruleSet: s.deidentify,
    partitions: s.partitions,
    replicationFactor: s.replicationFactor,
    retentionMs: (s.retention ? seconds(s.retention) : anonymized) * 1000,
    rasaXConsumer: s.rasaXConsumer,
  }));
}

/** Pending deletion window bounds of AWS KMS (days); Cloud KMS accepts the same range. */
export const KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;

/** The key rotation and deletion window every cloud platform plans. */
export function planEncryption(policy: Policy) {
  const rotationSeconds = seconds(policy.encryption.rotation);
  return {
    rotationSeconds,
    rotationDays: ceilDays(rotationSeconds),
    deletionWindowDays: ceilDays(seconds(policy.encryption.deletionWindow)),
  };
}

/** A note for the custom patterns and markers a platform does not apply. */
export function unappliedPatternsNote(policy: Policy, why: string, level: PlanNote['level']): PlanNote | undefined {
  const markers = policy.detection.markers !== false;
  if (policy.detection.custom.length === 0 && !markers) return undefined;
  const what = [...policy.detection.custom.map((c) => c.name), ...(markers ? ['SSML markers'] : [])].join(', ');
  // "SSML markers" is plural on its own.
  return {
    level,
    message: `${why}: ${what} ${policy.detection.custom.length === 1 && !markers ? 'is' : 'are'} not applied on this agent`,
  };
}

/** An anonymized Kafka topic: the same on every platform that publishes to one. */
/** Who can read a topic of the cluster a cloud agent of `host` provisions (no Kafka ACLs set), or of your own Kafka. */
export function kafkaClientsOf(host: 'lex' | 'dialogflow-cx' | undefined): Reader {
  return host === 'lex'
    ? IMPLICIT_READERS.mskClients
    : host === 'dialogflow-cx'
      ? IMPLICIT_READERS.managedKafkaClients
      : IMPLICIT_READERS.kafkaConsumers;
}

export function topicStore(
  name: string,
  retentionMs: number,
  reader: Reader = IMPLICIT_READERS.kafkaConsumers,
): ExpectedStore {
  return {
    kind: 'anonymized-topic',
    name,
    sensitive: false,
    redactedBy: ['anonymized before publishing'],
    retention: { configuredSeconds: retentionMs / 1000, lag: LAG.kafkaRetention },
    encryption: 'customer',
    readers: [reader],
    managed: true,
  };
}

/**
 * The topic a Rasa 3.6-3.12 agent's broker writes every original event to, as the cluster convoguard provisions it:
 * raw, kept retention.sensitive (the planned topic's retention.ms) under the cluster's key. The same store in the
 * host's expected posture (its stack provisions it) and in the publisher's (its file points there).
 */
export function rawTopicStore(t: Pick<PlannedTopic, 'name' | 'retentionMs' | 'raw'>, clients: Reader): ExpectedStore {
  const reader = t.raw?.writer ? IMPLICIT_READERS.managedKafkaAclEditors : clients;
  return {
    kind: 'raw-event-topic',
    name: STORE_NAME.rasaRawEvents(t.name),
    sensitive: true,
    redactedBy: [],
    retention: { configuredSeconds: t.retentionMs / 1000, lag: LAG.kafkaRetention },
    encryption: 'customer',
    readers: [reader],
    managed: true,
  };
}

/** The ExpectedPosture of any plan, given its stores and caveats. */
export function expected(
  plan: Pick<AgentPlanBase, 'name' | 'retention' | 'detection'> & { readonly platform: ExpectedPosture['platform'] },
  stores: ExpectedStore[],
  caveats: string[],
  attachedBySynth = true,
  deployerNeeds: readonly string[] = [],
): ExpectedPosture {
  return {
    detection: {
      detectors: [...new Set(plan.detection.kinds.flatMap((k) => k.detectors))],
      customPatterns: plan.detection.patterns.map((p) => p.name),
    },
    agent: plan.name,
    platform: plan.platform,
    stores,
    caveats,
    attachedBySynth,
    deployerNeeds,
    sensitiveSeconds: plan.retention.sensitiveSeconds,
    anonymizedSeconds: plan.retention.anonymizedSeconds,
    ...(plan.detection.kinds.some((k) => k.coverage === 'none')
      ? { uncoveredKinds: plan.detection.kinds.filter((k) => k.coverage === 'none').map((k) => k.kind) }
      : {}),
    ...(plan.retention.exceptionReason ? { exceptionReason: plan.retention.exceptionReason } : {}),
  };
}
