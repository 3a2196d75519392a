/** Posture of Rasa and Meya agents from the files `convoguard synth` writes (out/rasa, out/meya). */
import { parse } from 'yaml';
import type { AgentPosture } from './model';

type Json = Record<string, unknown>;
function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `file` is the text of an endpoints.yml or its parsed mapping (`readYamlFile`). */
export function readRasa(file: string | Record<string, unknown>, agent: string, source: string): AgentPosture {
  const doc = typeof file === 'string' ? obj(parse(file)) : file;
  const lists = arr(obj(doc.anonymization).rule_lists).map(obj);
  const logRules = obj(obj(doc.logger).formatter).anonymization_rules;
  const logList = lists.find((l) => l.id === logRules);
  const entities = [...new Set(lists.flatMap((l) => arr(l.rules).map((r) => String(obj(r).entity))))];
  const redaction: string[] = [];
  if (logList) redaction.push('Rasa anonymization (logs)');
  const broker = obj(doc.event_broker);
  const topics = arr(broker.anonymization_topics).map(obj);
  if (topics.length > 0) redaction.push(`Rasa anonymization (Kafka topics: ${topics.map((t) => String(t.name)).join(', ')})`);
  // What Rasa would do differently from what this reader assumes: each is "cannot verify", never a pass.
  const unverified: Array<{ resource: string; what: string }> = [];
  const cannot = (what: string) => unverified.push({ resource: source, what });
  const ids = new Set(lists.map((l) => l.id));
  // convoguard writes these three; another key (a tracker_store, an action_endpoint) sends data somewhere unread.
  for (const k of Object.keys(doc)) if (!['anonymization', 'event_broker', 'logger'].includes(k)) cannot(`endpoints.yml has ${JSON.stringify(k)}, which convoguard does not write; where it sends conversation data is not reviewed here`);
  if (logRules !== undefined && !logList) cannot(`logger.formatter.anonymization_rules names ${JSON.stringify(logRules)}, which no rule list has`);
  for (const t of topics) if (!ids.has(t.anonymization_rules)) cannot(`topic ${JSON.stringify(t.name)} names the rule list ${JSON.stringify(t.anonymization_rules)}, which does not exist`);
  if (topics.length > 0 && broker.type !== 'kafka') cannot(`event_broker is type ${JSON.stringify(broker.type)}; Rasa sends anonymized topics through Kafka only`);
  if (topics.length > 0 && broker.security_protocol !== undefined && !/^SASL_SSL$|^SSL$/.test(String(broker.security_protocol))) cannot(`event_broker security_protocol is ${JSON.stringify(broker.security_protocol)}: events would travel unencrypted`);
  lists.forEach((l) =>
    arr(l.rules).forEach((raw) => {
      const r = obj(raw);
      if (!['mask', 'faker', 'text'].includes(String(r.substitution))) cannot(`rule list ${JSON.stringify(l.id)}: entity ${JSON.stringify(r.entity)} has substitution ${JSON.stringify(r.substitution)} (expected mask, faker or text)`);
      if (typeof r.value === 'string' && /\$\{/.test(r.value)) cannot(`rule list ${JSON.stringify(l.id)}: the replacement text of ${JSON.stringify(r.entity)} holds \${…}, which Rasa expands from the environment`);
    }),
  );
  return { agent, platform: 'rasa', source, detectors: entities, customPatterns: [], redaction, attached: Boolean(doc.anonymization) && Boolean(logList), stores: [], keys: [], unverified };
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
    .map((k) => ({ resource: source, what: `unknown key ${JSON.stringify(k)} in the Meya integration (expected ${known.join(', ')})` }));
  return { agent, platform: 'meya', source, detectors: [], customPatterns: [], redaction, attached: meya.enabled && doc.type === 'meya.sensitive_data.integration', stores: [], keys: [], meya, unverified };
}
