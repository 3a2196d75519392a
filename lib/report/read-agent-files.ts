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
  const topics = arr(obj(doc.event_broker).anonymization_topics).map(obj);
  if (topics.length > 0) redaction.push(`Rasa anonymization (Kafka topics: ${topics.map((t) => String(t.name)).join(', ')})`);
  return { agent, platform: 'rasa', source, detectors: entities, customPatterns: [], redaction, attached: Boolean(doc.anonymization) && Boolean(logList), stores: [], keys: [] };
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
  return { agent, platform: 'meya', source, detectors: [], customPatterns: [], redaction, attached: meya.enabled && doc.type === 'meya.sensitive_data.integration', stores: [], keys: [], meya };
}
