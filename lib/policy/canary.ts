/**
 * Synthetic personal data to send through a deployed agent, and where to look for it afterwards, so a team can prove
 * that redaction held on the real service: one utterance per kind (the catalog's synthetic values) and per custom
 * pattern (its first `examples.match`), one with the SSML markers, all tagged with the canary's id; then, per
 * store, the query to run and what it must show. Needs no credentials: it prints commands, it runs none.
 */
import { CATALOG, PHONE_CANARY_BY_COUNTRY } from './catalog';
import type { AgentPlan } from './plan-types';
import { dialogflowRequestLogFilter } from './platforms/dialogflow-cx';
import { platformModule } from './platforms';
import type { CanaryCheck, CanaryUtterance } from './platforms/types';
import { LAG } from './posture';
import type { Policy } from './schema';
import { shellQuote } from './shell';

export { shellQuote } from './shell';

export type { CanaryCheck, CanaryUtterance } from './platforms/types';

export interface AgentCanary {
  readonly agent: string;
  readonly platform: AgentPlan['platform'];
  readonly utterances: readonly CanaryUtterance[];
  readonly checks: readonly CanaryCheck[];
  /** What the canary cannot prove on this platform. */
  readonly notes: readonly string[];
}

export interface Canary {
  readonly id: string;
  readonly agents: readonly AgentCanary[];
}

export const CANARY_ID_RE = /^[a-z0-9]{4,16}$/;

/** A fresh canary id: 8 lower-case hex characters. */
export function newCanaryId(random: () => number = Math.random): string {
  return Array.from({ length: 8 }, () => Math.floor(random() * 16).toString(16)).join('');
}

/** The canary of each agent of `agents` (a plan's agents), for `policy`, tagged `id`. */
export function canary(policy: Policy, agents: readonly AgentPlan[], id: string): Canary {
  if (!CANARY_ID_RE.test(id)) throw new Error(`canary id "${id}": expected 4-16 lower-case letters and digits`);
  return { id, agents: agents.map((a) => agentCanary(policy, a, id)) };
}

function utterancesOf(policy: Policy, a: AgentPlan, id: string): { utterances: CanaryUtterance[]; notes: string[] } {
  const notes: string[] = [];
  // A telephone number of the bot's own country where a fictional range is known: an identifier of one country does
  // not match another's numbers, so a US canary on an Irish bot would prove nothing about Irish numbers.
  const country = a.platform === 'lex' ? a.create?.locale.split('_')[1] : undefined;
  const phone = country ? PHONE_CANARY_BY_COUNTRY[country] : undefined;
  if (country && !phone && a.detection.kinds.some((k) => k.kind === 'phone')) {
    notes.push(
      `no fictional telephone range is known for ${country}: the canary sends a US number; send one in your country's format too (with its real digits changed)`,
    );
  }
  const utterances: CanaryUtterance[] = a.detection.kinds.map((k) => {
    const value = k.kind === 'phone' && phone ? phone : CATALOG[k.kind].canary.replace(/\{id\}/g, id);
    // The kind's description carries the keywords some detectors need nearby (card, social security number).
    return { source: 'kind', name: k.kind, text: `canary ${id}: ${CATALOG[k.kind].description}: ${value}`, value };
  });
  for (const c of policy.detection.custom) {
    const sample = c.examples?.match[0];
    if (sample === undefined) {
      notes.push(`custom pattern ${c.name} has no examples.match: give one so the canary can send it`);
      continue;
    }
    utterances.push({ source: 'pattern', name: c.name, text: `canary ${id}: ${sample}`, value: sample });
  }
  const m = a.detection.markers;
  if (m) {
    const secret = `secret-${id}`;
    utterances.push({
      source: 'markers',
      name: 'SSML markers',
      text: `canary ${id}: the agent says ${m.start}${secret}${m.end}`,
      value: secret,
    });
  }
  return { utterances, notes };
}

function agentCanary(policy: Policy, a: AgentPlan, id: string): AgentCanary {
  const { utterances, notes } = utterancesOf(policy, a, id);
  const checks: CanaryCheck[] = [];
  if (a.platform === 'lex') {
    const since = '$(($(date +%s) - 3600))';
    checks.push({
      store: `conversation logs ${a.names.logGroup}`,
      command: `aws logs start-query --region ${a.region} --log-group-name '${a.names.logGroup}' --start-time ${since} --end-time $(date +%s) --query-string 'fields @timestamp, inputTranscript, @message | filter @message like /${id}/ | limit 100'  # then: aws logs get-query-results --region ${a.region} --query-id <queryId>`,
      expect: `every canary line is there (the bot logged it) and no canary value is readable: each shows as ****. A value in the clear means CloudWatch did not detect it (a kind without a keyword nearby, a custom pattern CloudWatch's dialect reads differently)`,
    });
    checks.push({
      store: `audit findings ${a.names.auditLogGroup}`,
      command: `aws logs filter-log-events --region ${a.region} --log-group-name '${a.names.auditLogGroup}' --start-time $(( $(date +%s) * 1000 - 3600000 ))`,
      expect:
        'one finding per masked log event, naming its data identifiers; none of the canary values (audit findings carry identifiers and offsets only)',
    });
    if (a.verify) {
      checks.push({
        store: `verify: the metric alarm ${a.verify.alarm.name} watches`,
        when: 'an hour after the conversation (the alarm sums findings per hour)',
        command: `aws cloudwatch get-metric-statistics --region ${a.region} --namespace AWS/Logs --metric-name LogEventsWithFindings --dimensions Name=LogGroupName,Value='${a.verify.alarm.logGroup}' --start-time $(($(date +%s) - 7200)) --end-time $(date +%s) --period 3600 --statistics Sum`,
        expect:
          'a sum that counts the canary lines CloudWatch masked: the metric the alarm reads works. The alarm itself goes off only on a rise above the band it learned from weeks of this metric, so one canary does not set it off',
      });
      // The key lets cloudwatch.amazonaws.com publish for this alarm only (aws:SourceAccount, aws:SourceArn): proven by a delivery.
      checks.push({
        store: `verify: the alarm ${a.verify.alarm.name} reaches its topic`,
        command: `aws cloudwatch set-alarm-state --region ${a.region} --alarm-name '${a.verify.alarm.name}' --state-value ALARM --state-reason 'convoguard canary'  # then: aws cloudwatch describe-alarm-history --region ${a.region} --alarm-name '${a.verify.alarm.name}' --history-item-type Action --max-items 3`,
        expect:
          'an Action entry "Successfully executed action" and the e-mail at each address in verify.notify.email; a KMS AccessDenied in the history means the key does not let CloudWatch encrypt for this alarm, and the alarm tells nobody (the state returns to OK at the next evaluation)',
      });
    }
    notes.push(
      'Audio logs are raw speech: a spoken canary stays unredacted in the audio bucket until it expires; no query can redact it.',
    );
  } else if (a.platform === 'dialogflow-cx') {
    const template = `projects/${a.project}/locations/${a.location}/inspectTemplates/${a.names.inspectTemplate}`;
    const body = JSON.stringify({
      inspectTemplateName: template,
      item: { value: utterances.map((u) => u.text).join('\n') },
    });
    checks.push({
      store: `DLP inspect template ${a.names.inspectTemplate} (before sending anything)`,
      command: `curl -s -X POST -H "Authorization: Bearer $(gcloud auth print-access-token)" -H 'Content-Type: application/json' 'https://dlp.googleapis.com/v2/projects/${a.project}/locations/${a.location}/content:inspect' -d ${shellQuote(body)}`,
      expect: 'a finding for every canary value: a value without one is not redacted by the security settings either',
    });
    checks.push({
      store: `Dialogflow request logs (Cloud Logging, bucket ${a.logsRoutedTo ?? a.names.logBucket})`,
      command: `gcloud logging read '${dialogflowRequestLogFilter(a.project)} AND "${id}"' --project ${a.project} --freshness 1h --format json`,
      expect:
        a.cloudLogging === 'off'
          ? 'nothing: logging is off on the agent'
          : 'entries only in the routed bucket; any canary value in the clear proves the request logs hold raw text, which is why convoguard keeps them retention.sensitive under the key',
    });
    const alert = a.verify?.logAlert;
    if (alert && a.cloudLogging !== 'off') {
      checks.push({
        store: `verify: the alert policy ${alert.displayName}`,
        when: 'within minutes of the conversation',
        command: `gcloud monitoring policies list --project ${a.project} --filter 'display_name="${alert.displayName}"' --format 'value(name,enabled)'  # then its incidents: Cloud console, Monitoring > Alerting`,
        expect: `an incident for each canary value that reached the request logs in the clear (${alert.patterns.length} pattern${alert.patterns.length === 1 ? '' : 's'}), and a notice on the alert topic: the alert works, and the request logs hold raw text. No incident with raw values in the logs (the check above) means the alert's filter misses them`,
      });
    }
    notes.push(
      "Conversation history: open the conversation in the Dialogflow console's Conversation history; the canary values must show redacted.",
    );
  } else if (a.platform === 'rasa') {
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
  } else if (a.platform === 'meya') {
    notes.push(
      'Meya encrypts sensitive data in its own storage: check in Meya Console that the canary conversation shows encrypted fields; nothing can be queried from here.',
    );
  }
  // A platform whose module says where to look (platforms/<platform>): its checks, in its folder.
  const own = platformModule(a.platform).canary?.(a, utterances, id);
  if (own) {
    checks.push(...own.checks);
    notes.push(...own.notes);
  }
  return { agent: a.name, platform: a.platform, utterances, checks, notes };
}
