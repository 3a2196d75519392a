/** Where `convoguard canary` looks on a rasa agent, and what it cannot prove there. */
import { LAG } from '../../posture';
import type { CanaryCheck, CanaryUtterance } from '../types';
import type { RasaAgentPlan as Plan } from './plan-types';

export function canaryChecks(
  a: Plan,
  utterances: readonly CanaryUtterance[],
  id: string,
): { checks: CanaryCheck[]; notes: string[] } {
  const checks: CanaryCheck[] = [];
  const notes: string[] = [];
  for (const t of a.topics) {
    checks.push({
      store: `anonymized topic ${t.name}`,
      // client.properties: the consumer's SASL_SSL settings, the same credentials endpoints.yml reads.
      command: `kafka-console-consumer.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --consumer.config client.properties --topic ${t.name} --from-beginning --timeout-ms 15000 | grep ${id}`,
      expect: a.privacy
        ? `canary values held in a sensitive slot (${a.privacy.rules.map((r) => r.slot).join(', ') || 'none'}) are redacted; a value typed outside one stays raw unless GLiNER finds it (the plan says which kinds)`
        : 'every canary value that Presidio detects is anonymized; custom patterns and markers are not (the plan says so)',
    });
  }
  if (a.privacy) {
    const { anonymization, deletion } = a.privacy.trackerStore;
    // A session ends some time after its last message and the jobs run periodically: the lag the report also adds.
    const lag = LAG.rasaTrackerJobs.seconds / 60;
    checks.push({
      store: 'tracker store, the canary conversation',
      when: 'right after the conversation',
      command: `SELECT DISTINCT sender_id FROM events WHERE data LIKE '%${id}%';`,
      expect: 'the sender_id of the canary conversation: keep it for the deletion check',
    });
    const slotKinds = new Set(a.privacy.rules.map((r) => r.kind));
    const slotValues = utterances
      .filter((u) => u.source === 'kind' && slotKinds.has(u.name as never))
      .map((u) => u.value);
    if (slotValues.length > 0) {
      checks.push({
        store: 'tracker store, after anonymization',
        when: `${anonymization.minAfterSessionEnd + lag} min after the last canary message`,
        command: `SELECT count(*) FROM events WHERE ${slotValues.map((v) => `data LIKE '%${v.replace(/'/g, "''")}%'`).join(' OR ')};`,
        expect: `0: the values given to the sensitive slots (${a.privacy.rules.map((r) => r.slot).join(', ')}) are replaced. Give the canary values through the bot's forms, so they land in those slots`,
      });
    }
    checks.push({
      store: 'tracker store, after deletion',
      when: `${deletion.minAfterSessionEnd + lag} min after the last canary message`,
      command: "SELECT count(*) FROM events WHERE sender_id = '<the sender_id found above>';",
      expect: '0: the conversation is deleted',
    });
  } else {
    notes.push(`Rasa ${a.rasaVersion} keeps the tracker store raw without limit: the canary stays there.`);
  }
  return { checks, notes };
}
