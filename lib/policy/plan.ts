/**
 * `plan(policy)`: the normalized decisions every target reads, per agent. Pure data, no cloud library: the
 * adapters in lib/aws, lib/gcp, lib/rasa and lib/meya only translate a plan into their resources or files.
 */
import { CATALOG, Kind } from './catalog';
import { cloudWatchMarkerPattern, MARKER_DETECTOR, markerPattern, PatternDetector } from './detectors';
import { ceilDays, formatSeconds, parseDuration } from './duration';
import { resourceNames, ResourceNames } from './names';
import { AgentSpec, DeidentifyMethod, LikelihoodName, Platform, Policy } from './schema';

export type Coverage = 'builtin' | 'approximate' | 'pattern' | 'none';

/** How one kind is detected on one agent's platform. */
export interface KindCoverage {
  readonly kind: Kind;
  readonly coverage: Coverage;
  /** Built-in detector names on this platform (DLP infoTypes, CloudWatch identifiers, Presidio entity). */
  readonly detectors: readonly string[];
  /** Fallback pattern detector name, when coverage is 'pattern'. */
  readonly pattern?: string;
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
  /** What this platform will do (faker becomes kind-name on Google Cloud, for example). */
  readonly effectiveMethod: DeidentifyMethod;
  readonly value?: string;
  readonly char: string;
}

export interface PlannedRuleSet {
  readonly name: string;
  readonly defaultMethod: DeidentifyMethod;
  readonly rules: readonly PlannedRule[];
}

export type StoreName = 'conversation-history' | 'audio' | 'conversation-logs' | 'anonymized-topic';

export interface StoreRetention {
  readonly store: StoreName;
  /** Topic name for anonymized-topic stores. */
  readonly name?: string;
  readonly sensitive: boolean;
  readonly seconds: number;
  /** Whole days, rounded up: what day-granular stores are configured with. */
  readonly days: number;
}

export interface PlannedTopic {
  readonly name: string;
  readonly ruleSet: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: number;
  readonly rasaXConsumer: boolean;
}

export interface PlanNote {
  readonly level: 'warning' | 'info';
  readonly message: string;
}

export interface AgentPlan {
  readonly name: string;
  readonly platform: Platform;
  readonly spec: AgentSpec;
  readonly names: ResourceNames;
  readonly detection: {
    readonly minLikelihood: string;
    readonly kinds: readonly KindCoverage[];
    /** Pattern detectors this platform applies: custom, markers, and fallbacks for uncovered kinds. */
    readonly patterns: readonly PlannedDetector[];
    readonly markers?: { readonly start: string; readonly end: string };
  };
  readonly deidentify: {
    readonly sets: readonly PlannedRuleSet[];
    readonly cryptoKey?: Policy['deidentify']['cryptoKey'];
  };
  readonly retention: {
    readonly stores: readonly StoreRetention[];
    readonly sensitiveSeconds: number;
    readonly sensitiveDays: number;
    readonly anonymizedSeconds: number;
    readonly exceptionReason?: string;
  };
  readonly encryption: { readonly rotationSeconds: number; readonly rotationDays: number; readonly deletionWindowDays: number };
  /** Principals allowed to decrypt, in this platform's form (ARNs, IAM members); empty for rasa and meya. */
  readonly decrypters: readonly string[];
  readonly scope: Policy['scope'];
  readonly topics: readonly PlannedTopic[];
  readonly notes: readonly PlanNote[];
}

export interface ProtectionPlan {
  readonly policy: string;
  readonly version: 1;
  readonly agents: readonly AgentPlan[];
}

const LIKELIHOOD: Record<LikelihoodName, string> = {
  very_unlikely: 'VERY_UNLIKELY',
  unlikely: 'UNLIKELY',
  possible: 'POSSIBLE',
  likely: 'LIKELY',
  very_likely: 'VERY_LIKELY',
};

/** Turns a validated policy into per-agent decisions. */
export function plan(policy: Policy): ProtectionPlan {
  return { policy: policy.name, version: 1, agents: policy.agents.map((a) => planAgent(policy, a)) };
}

function planAgent(policy: Policy, agent: AgentSpec): AgentPlan {
  const notes: PlanNote[] = [];
  const kinds = agent.kinds ?? policy.detection.kinds;
  const markers = policy.detection.markers === false ? undefined : policy.detection.markers;
  const platform = agent.platform;

  // ---- detection
  const coverage = kinds.map((k) => cover(k, platform));
  for (const c of coverage) if (c.note) notes.push({ level: c.coverage === 'none' ? 'warning' : 'info', message: c.note });
  if (platform === 'meya') {
    notes.push({ level: 'info', message: 'Meya does not detect PII in text: it encrypts the fields flows mark `sensitive: true` and, per scope, transport and transcript data' });
  }

  const patterns: PlannedDetector[] = [];
  if (platform === 'dialogflow-cx' || platform === 'lex') {
    for (const c of policy.detection.custom) {
      patterns.push({ name: c.name, pattern: c.pattern, platformPattern: c.pattern, origin: 'custom', likelihood: LIKELIHOOD[c.likelihood ?? 'very_likely'] });
    }
    if (markers) {
      const re2 = markerPattern(markers.start, markers.end);
      patterns.push({
        name: MARKER_DETECTOR,
        pattern: re2,
        platformPattern: platform === 'lex' ? cloudWatchMarkerPattern(markers.start, markers.end) : re2,
        origin: 'markers',
        likelihood: 'VERY_LIKELY',
      });
    }
    for (const c of coverage) {
      if (c.coverage === 'pattern') {
        const fallback = CATALOG[c.kind].fallbackPattern!;
        patterns.push({ name: c.pattern!, pattern: fallback, platformPattern: fallback, origin: 'fallback', kind: c.kind, likelihood: 'LIKELY' });
      }
    }
  } else if (policy.detection.custom.length > 0 || markers) {
    const what = [...policy.detection.custom.map((c) => c.name), ...(markers ? ['SSML markers'] : [])].join(', ');
    const where =
      platform === 'rasa'
        ? "Rasa's anonymization pipeline cannot apply custom patterns or markers"
        : "Meya's integration encrypts whole fields and does not inspect text";
    notes.push({ level: platform === 'rasa' ? 'warning' : 'info', message: `${where}: ${what} are not applied on this agent; they are enforced by the Dialogflow CX and Lex protections of the same policy, and by \`convoguard preview\` in review` });
  }

  // ---- de-identification
  const sets: PlannedRuleSet[] = [
    planRuleSet('default', policy.deidentify, platform, notes),
    ...Object.entries(policy.deidentify.sets ?? {}).map(([n, s]) => planRuleSet(n, s, platform, notes)),
  ];

  // ---- retention
  const sensitiveSeconds = parseDuration(policy.retention.sensitive)!.seconds;
  const anonymizedSeconds = parseDuration(policy.retention.anonymized)!.seconds;
  const sensitiveDays = ceilDays(sensitiveSeconds);
  const topics = planTopics(policy, agent, anonymizedSeconds);
  const sensitiveStore = (store: StoreName): StoreRetention => ({ store, sensitive: true, seconds: sensitiveSeconds, days: sensitiveDays });
  const stores: StoreRetention[] = [];
  if (platform === 'dialogflow-cx') {
    stores.push(sensitiveStore('conversation-history'), sensitiveStore('conversation-logs'));
    if (agent.audioExport) stores.push(sensitiveStore('audio'));
  } else if (platform === 'lex') {
    stores.push(sensitiveStore('conversation-logs'), sensitiveStore('audio'));
  } else if (platform === 'meya') {
    stores.push(sensitiveStore('conversation-history'));
    notes.push({ level: 'info', message: "Meya expires sensitive data after 24h on its side; the integration file has no retention setting, so retention.sensitive is not applied by convoguard" });
  } else if (platform === 'rasa') {
    notes.push({ level: 'info', message: "Rasa's tracker store keeps raw events by design; protect it separately (encryption, access, its own retention). Only the Kafka topics and logs are anonymized" });
  }
  for (const t of topics) {
    stores.push({ store: 'anonymized-topic', name: t.name, sensitive: false, seconds: t.retentionMs / 1000, days: ceilDays(t.retentionMs / 1000) });
  }
  if (policy.retention.exception) {
    notes.push({ level: 'warning', message: `sensitive data is kept ${formatSeconds(sensitiveSeconds)}, over the 24h default, because: ${policy.retention.exception.reason}` });
  }

  // ---- keys and access
  const rotationSeconds = parseDuration(policy.encryption.rotation)!.seconds;
  const decrypters = platform === 'lex' ? policy.access.decrypters.aws : platform === 'dialogflow-cx' ? policy.access.decrypters.gcp : [];

  return {
    name: agent.name,
    platform,
    spec: agent,
    names: resourceNames(policy.name, agent),
    detection: { minLikelihood: LIKELIHOOD[policy.detection.minLikelihood], kinds: coverage, patterns, ...(markers ? { markers } : {}) },
    deidentify: { sets, ...(policy.deidentify.cryptoKey ? { cryptoKey: policy.deidentify.cryptoKey } : {}) },
    retention: {
      stores,
      sensitiveSeconds,
      sensitiveDays,
      anonymizedSeconds,
      ...(policy.retention.exception ? { exceptionReason: policy.retention.exception.reason } : {}),
    },
    encryption: { rotationSeconds, rotationDays: rotationSeconds / 86400, deletionWindowDays: parseDuration(policy.encryption.deletionWindow)!.seconds / 86400 },
    decrypters,
    scope: policy.scope,
    topics,
    notes,
  };
}

function cover(kind: Kind, platform: Platform): KindCoverage {
  const c = CATALOG[kind];
  const fallbackName = `CONVOGUARD_${kind.toUpperCase()}`;
  switch (platform) {
    case 'dialogflow-cx':
      return { kind, coverage: 'builtin', detectors: c.dlp };
    case 'lex':
      if (c.cloudWatch.length > 0) return { kind, coverage: 'builtin', detectors: c.cloudWatch };
      return {
        kind,
        coverage: 'pattern',
        detectors: [],
        pattern: fallbackName,
        note: `CloudWatch Logs has no managed identifier for ${kind}: a custom identifier ${fallbackName} covers it (${c.fallbackNote})`,
      };
    case 'rasa':
      if (!c.presidio) return { kind, coverage: 'none', detectors: [], note: `Presidio has no entity for ${kind}; Rasa will not anonymize it` };
      return {
        kind,
        coverage: c.presidio.exact ? 'builtin' : 'approximate',
        detectors: [c.presidio.entity],
        ...(c.presidio.exact ? {} : { note: `Presidio has no exact entity for ${kind}: ${c.presidio.entity} covers it more broadly` }),
      };
    case 'meya':
      return { kind, coverage: 'none', detectors: [] };
  }
}

function planRuleSet(
  name: string,
  set: Pick<Policy['deidentify'], 'default' | 'rules'>,
  platform: Platform,
  notes: PlanNote[],
): PlannedRuleSet {
  const rules = set.rules.map((r) => {
    const effectiveMethod = effective(r.method, platform, r.kinds, notes, name);
    return { targets: r.kinds, method: r.method, effectiveMethod, char: r.char ?? '*', ...(r.value !== undefined ? { value: r.value } : {}) };
  });
  return { name, defaultMethod: effective(set.default, platform, ['(default)'], notes, name), rules };
}

function effective(method: DeidentifyMethod, platform: Platform, targets: readonly string[], notes: PlanNote[], set: string): DeidentifyMethod {
  if (platform === 'dialogflow-cx' && method === 'faker') {
    notes.push({ level: 'info', message: `rule set "${set}": Google DLP has no faker; ${targets.join(', ')} are replaced by the kind name instead` });
    return 'kind-name';
  }
  return method;
}

function planTopics(policy: Policy, agent: AgentSpec, anonymizedSeconds: number): PlannedTopic[] {
  const hosts = agent.platform === 'rasa' || (agent.platform !== 'meya' && agent.kafka !== undefined);
  if (!hosts) return [];
  return policy.streams.map((s) => ({
    name: s.topic,
    ruleSet: s.deidentify,
    partitions: s.partitions,
    replicationFactor: s.replicationFactor,
    retentionMs: (s.retention ? parseDuration(s.retention)!.seconds : anonymizedSeconds) * 1000,
    rasaXConsumer: s.rasaXConsumer,
  }));
}

/**
 * The plan's agents of one platform, grouped by deployment target (one stack each): `target` names the group
 * for an agent's spec. Groups keep the agents' policy order.
 */
export function groupAgents<S extends AgentSpec>(
  p: ProtectionPlan,
  platform: S['platform'],
  target: (spec: S) => string,
): Map<string, { spec: S; agents: AgentPlan[] }> {
  const groups = new Map<string, { spec: S; agents: AgentPlan[] }>();
  for (const a of p.agents) {
    if (a.platform !== platform) continue;
    const spec = a.spec as S;
    const name = target(spec);
    const g = groups.get(name) ?? { spec, agents: [] };
    g.agents.push(a);
    groups.set(name, g);
  }
  return groups;
}

/** Plain-data form of a plan for `convoguard plan` (drops the raw agent spec). */
export function planToJson(p: ProtectionPlan): unknown {
  return {
    policy: p.policy,
    version: p.version,
    agents: p.agents.map(({ spec: _spec, ...rest }) => rest),
  };
}

