/** Posture of Rasa and Meya agents from the files `convoguard synth` writes (out/rasa, out/meya). */
import { parse } from 'yaml';
import { AgentPosture } from './model';

export function readRasa(text: string, agent: string, source: string): AgentPosture {
  const doc = (parse(text) ?? {}) as Record<string, any>;
  const lists: any[] = doc.anonymization?.rule_lists ?? [];
  const logRules = doc.logger?.formatter?.anonymization_rules;
  const logList = lists.find((l) => l.id === logRules);
  const entities = [...new Set(lists.flatMap((l) => (l.rules ?? []).map((r: any) => String(r.entity))))];
  const redaction: string[] = [];
  if (logList) redaction.push('Rasa anonymization (logs)');
  const topics: any[] = doc.event_broker?.anonymization_topics ?? [];
  if (topics.length > 0) redaction.push(`Rasa anonymization (Kafka topics: ${topics.map((t) => t.name).join(', ')})`);
  return { agent, platform: 'rasa', source, detectors: entities, customPatterns: [], redaction, attached: Boolean(doc.anonymization) && Boolean(logList), stores: [], keys: [] };
}

export function readMeya(text: string, agent: string, source: string): AgentPosture & { meya: { enabled: boolean; transport: boolean; transcript: boolean } } {
  const doc = (parse(text) ?? {}) as Record<string, any>;
  // Meya's defaults: presence of the file means enabled; transport and transcript default to true.
  const meya = { enabled: doc.enabled !== false, transport: doc.transport !== false, transcript: doc.transcript !== false };
  const redaction = meya.enabled ? [`Meya sensitive data encryption (${['transport', 'transcript'].filter((k) => meya[k as 'transport']).join(', ') || 'nothing'})`] : [];
  return { agent, platform: 'meya', source, detectors: [], customPatterns: [], redaction, attached: meya.enabled && doc.type === 'meya.sensitive_data.integration', stores: [], keys: [], meya };
}
