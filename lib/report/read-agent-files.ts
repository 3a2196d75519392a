/** Posture of Rasa and Meya agents from the files `convoguard synth` writes (out/rasa, out/meya). */
import { parse } from 'yaml';
import { RASA_DEFAULT_EVENT_TOPIC, RASA_MIN_AFTER_SESSION_END_MINUTES } from '../policy/platforms/rasa/versions';
import { IMPLICIT_READERS, LAG, STORE_NAME } from '../policy/posture';
import type { AgentPosture, DeidentifyRule, StorePosture } from './model';
import { rasaStrength } from './detection';

type Json = Record<string, unknown>;
function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * The event broker's own topic when it carries every original event: Rasa 3.6-3.12 always publishes there (the
 * anonymization pipeline only adds brokers for its topics), Rasa 3.13 unless `stream_pii: false`. Raw, kept as long as
 * the cluster keeps topics, readable by any client the cluster admits.
 */
function rawEventTopic(broker: Json, source: string): StorePosture {
  const topic = typeof broker.topic === 'string' && broker.topic.length > 0 ? broker.topic : RASA_DEFAULT_EVENT_TOPIC;
  return {
    kind: 'raw-event-topic',
    name: STORE_NAME.rasaRawEvents(topic),
    resource: source,
    retention: { lag: LAG.none },
    encryption: { kind: 'unknown' },
    redactedBy: [],
    public: false,
    sensitive: true,
    readers: [IMPLICIT_READERS.kafkaConsumers],
  };
}

/** `file` is the text of an endpoints.yml or its parsed mapping (`readYamlFile`): Rasa 3.13's privacy: or the 3.6 pipeline. */
export function readRasa(file: string | Record<string, unknown>, agent: string, source: string): AgentPosture {
  const doc = typeof file === 'string' ? obj(parse(file)) : file;
  return doc.privacy !== undefined ? readRasaPrivacy(doc, agent, source) : readRasaPipeline(doc, agent, source);
}

/** Rasa 3.13+: the tracker store's bound is the deletion job the file configures; what Rasa would refuse is unverified. */
function readRasaPrivacy(doc: Json, agent: string, source: string): AgentPosture {
  const unverified: Array<{ resource: string; what: string }> = [];
  const cannot = (what: string) => unverified.push({ resource: source, what });
  const privacy = obj(doc.privacy);
  const rules = arr(privacy.rules).map(obj);
  const slots = rules.map((r) => String(r.slot));
  const jobs = obj(privacy.tracker_store_settings);
  const minutes = (job: unknown) => {
    const m = obj(job).min_after_session_end;
    return typeof m === 'number' && m > 0 ? m : undefined;
  };
  const deletion = minutes(jobs.deletion);
  const anonymization = minutes(jobs.anonymization);
  const known = ['privacy', 'event_broker', 'lock_store'];
  for (const k of Object.keys(doc)) {
    if (k === 'anonymization' || (k === 'logger' && obj(obj(doc.logger).formatter).anonymization_rules !== undefined)) {
      cannot(
        `endpoints.yml has both privacy: and the Rasa 3.6 ${k === 'logger' ? 'logger.formatter.anonymization_rules' : 'anonymization:'} pipeline; the two formats conflict and Rasa 3.13 reads privacy: only`,
      );
    } else if (!known.includes(k)) {
      cannot(
        `endpoints.yml has ${JSON.stringify(k)}, which convoguard does not write; where it sends conversation data is not reviewed here`,
      );
    }
  }
  if (Object.keys(jobs).length > 0 && (doc.lock_store === undefined || doc.lock_store === null))
    cannot(
      'privacy.tracker_store_settings has jobs but endpoints.yml has no lock_store: Rasa refuses to start, so nothing is anonymized or deleted',
    );
  if (deletion !== undefined && anonymization !== undefined && deletion <= anonymization)
    cannot(
      `the deletion job (${deletion} min) does not come after the anonymization job (${anonymization} min): Rasa refuses to start`,
    );
  for (const [name, m] of [
    ['anonymization', anonymization],
    ['deletion', deletion],
  ] as const) {
    if (m !== undefined && m < RASA_MIN_AFTER_SESSION_END_MINUTES) {
      cannot(
        `the ${name} job's min_after_session_end is ${m}: Rasa refuses values under USER_CHAT_INACTIVITY_IN_MINUTES (${RASA_MIN_AFTER_SESSION_END_MINUTES} by default)`,
      );
    }
  }
  rules.forEach((r) => {
    const type = obj(r.anonymization).type;
    if (type !== 'redact' && type !== 'mask')
      cannot(
        `privacy rule for slot ${JSON.stringify(r.slot)} has type ${JSON.stringify(type)} (expected redact or mask)`,
      );
  });
  const broker = obj(doc.event_broker);
  const topics = arr(broker.anonymization_topics);
  const redaction: string[] = [];
  if (anonymization !== undefined)
    redaction.push(`Rasa privacy anonymization job (tracker store, slots: ${slots.join(', ') || 'none'})`);
  if (doc.event_broker !== undefined) {
    if (broker.stream_pii !== false)
      cannot('event_broker does not set stream_pii: false, so Rasa streams every raw event to its topic');
    if (topics.some((t) => typeof t !== 'string'))
      cannot('event_broker.anonymization_topics holds objects (the Rasa 3.6 form); Rasa 3.13 expects topic names');
    if (topics.length > 0) redaction.push(`Rasa privacy (Kafka topics: ${topics.map(String).join(', ')})`);
  }
  const tracker: StorePosture = {
    kind: 'tracker-store',
    name: STORE_NAME.rasaTracker,
    resource: source,
    retention:
      deletion === undefined ? { lag: LAG.none } : { configuredSeconds: deletion * 60, lag: LAG.rasaTrackerJobs },
    // The tracker store is your database: convoguard cannot see how it is encrypted.
    encryption: { kind: 'unknown' },
    redactedBy:
      anonymization === undefined
        ? []
        : [
            `Rasa privacy anonymization job (slots ${slots.join(', ') || 'none'}), ${anonymization} min after session end`,
          ],
    public: false,
    sensitive: true,
    readers: [IMPLICIT_READERS.trackerStoreReaders],
  };
  const detection = {
    rules: rules.map((r): DeidentifyRule => {
      const a = obj(r.anonymization);
      const keeps = [a.keep_left, a.keep_right].reduce<number>(
        (n, k) => n + (typeof k === 'number' && k > 0 ? k : 0),
        0,
      );
      return {
        subject: `slot ${String(r.slot)}`,
        method: String(a.type),
        strength: rasaStrength(String(a.type), keeps) ?? 1,
        keeps,
      };
    }),
  };
  return {
    agent,
    platform: 'rasa',
    source,
    detection,
    detectors: slots.map((s) => `slot:${s}`),
    customPatterns: [],
    redaction,
    attached: rules.length > 0 || anonymization !== undefined,
    stores:
      doc.event_broker !== undefined && doc.event_broker !== null && broker.stream_pii !== false
        ? [tracker, rawEventTopic(broker, source)]
        : [tracker],
    keys: [],
    unverified,
  };
}

function readRasaPipeline(doc: Json, agent: string, source: string): AgentPosture {
  const lists = arr(obj(doc.anonymization).rule_lists).map(obj);
  const logRules = obj(obj(doc.logger).formatter).anonymization_rules;
  const logList = lists.find((l) => l.id === logRules);
  const entities = [...new Set(lists.flatMap((l) => arr(l.rules).map((r) => String(obj(r).entity))))];
  const redaction: string[] = [];
  if (logList) redaction.push('Rasa anonymization (logs)');
  const broker = obj(doc.event_broker);
  const topics = arr(broker.anonymization_topics).map(obj);
  if (topics.length > 0)
    redaction.push(`Rasa anonymization (Kafka topics: ${topics.map((t) => String(t.name)).join(', ')})`);
  // What Rasa would do differently from what this reader assumes: each is "cannot verify", never a pass.
  const unverified: Array<{ resource: string; what: string }> = [];
  const cannot = (what: string) => unverified.push({ resource: source, what });
  const ids = new Set(lists.map((l) => l.id));
  // convoguard writes these three; another key (a tracker_store, an action_endpoint) sends data somewhere unread.
  for (const k of Object.keys(doc))
    if (!['anonymization', 'event_broker', 'logger'].includes(k))
      cannot(
        `endpoints.yml has ${JSON.stringify(k)}, which convoguard does not write; where it sends conversation data is not reviewed here`,
      );
  if (logRules !== undefined && !logList)
    cannot(`logger.formatter.anonymization_rules names ${JSON.stringify(logRules)}, which no rule list has`);
  for (const t of topics)
    if (!ids.has(t.anonymization_rules))
      cannot(
        `topic ${JSON.stringify(t.name)} names the rule list ${JSON.stringify(t.anonymization_rules)}, which does not exist`,
      );
  if (topics.length > 0 && broker.type !== 'kafka')
    cannot(`event_broker is type ${JSON.stringify(broker.type)}; Rasa sends anonymized topics through Kafka only`);
  if (
    topics.length > 0 &&
    broker.security_protocol !== undefined &&
    !/^SASL_SSL$|^SSL$/.test(String(broker.security_protocol))
  )
    cannot(
      `event_broker security_protocol is ${JSON.stringify(broker.security_protocol)}: events would travel unencrypted`,
    );
  lists.forEach((l) =>
    arr(l.rules).forEach((raw) => {
      const r = obj(raw);
      if (!['mask', 'faker', 'text'].includes(String(r.substitution)))
        cannot(
          `rule list ${JSON.stringify(l.id)}: entity ${JSON.stringify(r.entity)} has substitution ${JSON.stringify(r.substitution)} (expected mask, faker or text)`,
        );
      if (typeof r.value === 'string' && /\$\{/.test(r.value))
        cannot(
          `rule list ${JSON.stringify(l.id)}: the replacement text of ${JSON.stringify(r.entity)} holds \${…}, which Rasa expands from the environment`,
        );
    }),
  );
  // Per rule list and entity, the substitution; per topic and for the logs, the rule list that anonymizes them.
  const detection = {
    rules: [
      ...lists.flatMap((l) =>
        arr(l.rules).map((raw): DeidentifyRule => ({
          subject: `${String(l.id)}: ${String(obj(raw).entity)}`,
          method: String(obj(raw).substitution),
          strength: rasaStrength(String(obj(raw).substitution), 0) ?? 1,
          keeps: 0,
        })),
      ),
      ...topics.map((t): DeidentifyRule => ({
        subject: `topic ${String(t.name)}`,
        method: `rule list ${String(t.anonymization_rules)}`,
        strength: 3,
        keeps: 0,
      })),
      ...(logList
        ? [{ subject: 'logs', method: `rule list ${String(logRules)}`, strength: 3 as const, keeps: 0 }]
        : []),
    ],
  };
  const stores = doc.event_broker !== undefined && doc.event_broker !== null ? [rawEventTopic(broker, source)] : [];
  return {
    agent,
    platform: 'rasa',
    source,
    detection,
    detectors: entities,
    customPatterns: [],
    redaction,
    attached: Boolean(doc.anonymization) && Boolean(logList),
    stores,
    keys: [],
    unverified,
  };
}

/** `file` is the text of a sensitive_data.yaml or its parsed mapping (`readYamlFile`). */
export function readMeya(file: string | Record<string, unknown>, agent: string, source: string): AgentPosture {
  const doc = typeof file === 'string' ? obj(parse(file)) : file;
  // Meya's defaults: presence of the file means enabled; transport and transcript default to true. Only a real
  // boolean true counts: YAML 1.1 spellings (`no`, `off`) are strings here and are read as off.
  const flag = (v: unknown) => v === undefined || v === true;
  const meya = { enabled: flag(doc.enabled), transport: flag(doc.transport), transcript: flag(doc.transcript) };
  const on = (['transport', 'transcript'] as const).filter((k) => meya[k]);
  const redaction = meya.enabled ? [`Meya sensitive data encryption (${on.join(', ') || 'nothing'})`] : [];
  // A key this reader does not know (`Enabled`, a typo) may mean something to Meya: it cannot be verified.
  const known = ['type', 'enabled', 'transport', 'transcript'];
  const unverified = Object.keys(doc)
    .filter((k) => !known.includes(k))
    .map((k) => ({
      resource: source,
      what: `unknown key ${JSON.stringify(k)} in the Meya integration (expected ${known.join(', ')})`,
    }));
  return {
    agent,
    platform: 'meya',
    source,
    detectors: [],
    customPatterns: [],
    redaction,
    attached: meya.enabled && doc.type === 'meya.sensitive_data.integration',
    stores: [],
    keys: [],
    meya,
    unverified,
  };
}
