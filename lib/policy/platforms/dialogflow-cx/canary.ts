/** Where `convoguard canary` looks on a dialogflow-cx agent, and what it cannot prove there. */
import { shellQuote } from '../../shell';
import type { CanaryCheck, CanaryUtterance } from '../types';
import { dialogflowRequestLogFilter } from './logs';
import type { DialogflowCxAgentPlan as Plan } from './plan-types';

export function canaryChecks(
  a: Plan,
  utterances: readonly CanaryUtterance[],
  id: string,
): { checks: CanaryCheck[]; notes: string[] } {
  const checks: CanaryCheck[] = [];
  const notes: string[] = [];
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
  return { checks, notes };
}
