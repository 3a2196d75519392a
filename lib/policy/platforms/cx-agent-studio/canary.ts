/** Where `convoguard canary` looks on a CX Agent Studio app, and what it cannot prove there. */
import { shellQuote } from '../../shell';
import type { CanaryCheck, CanaryUtterance } from '../types';
import type { CxAgentStudioAgentPlan } from './plan-types';

const TOKEN = '-H "Authorization: Bearer $(gcloud auth print-access-token)"';

export function cesCanary(
  a: CxAgentStudioAgentPlan,
  utterances: readonly CanaryUtterance[],
  id: string,
): { checks: CanaryCheck[]; notes: string[] } {
  const at = a.resourceLocations;
  const checks: CanaryCheck[] = [];
  const template = `projects/${a.project}/locations/${at.dlp}/inspectTemplates/${a.names.inspectTemplate}`;
  const body = JSON.stringify({
    inspectTemplateName: template,
    item: { value: utterances.map((u) => u.text).join('\n') },
  });
  checks.push({
    store: `DLP inspect template ${a.names.inspectTemplate} (before sending anything)`,
    command: `curl -s -X POST ${TOKEN} -H 'Content-Type: application/json' 'https://dlp.googleapis.com/v2/projects/${a.project}/locations/${at.dlp}/content:inspect' -d ${shellQuote(body)}`,
    expect: "a finding for every canary value: a value without one is not redacted by the app's redaction either",
  });
  const app = `projects/${a.project}/locations/${a.location}/apps/${a.names.appId}`;
  checks.push({
    store: 'CX Agent Studio conversation history',
    command: `curl -s ${TOKEN} 'https://ces.googleapis.com/v1/${app}/conversations' | grep -c ${id}`,
    expect: a.conversationHistory
      ? 'the canary conversation, with every canary value redacted: a value in the clear means redaction did not reach history'
      : '0: conversation logging is off, so no conversation is kept',
  });
  checks.push({
    store: "Cloud Logging (the project's _Default bucket)",
    command: `gcloud logging read '"${id}"' --project ${a.project} --freshness 1h --format json`,
    expect: a.cloudLogging
      ? 'the session entries, every canary value redacted (the log name is not documented: this searches every log of the project)'
      : 'nothing: Cloud Logging is off on the app',
  });
  if (a.audioRecording)
    checks.push({
      store: `audio bucket ${a.names.gcsBucket}`,
      when: 'after a spoken canary conversation, then again a day later',
      command: `gcloud storage ls --long 'gs://${a.names.gcsBucket}/**'`,
      expect: `the recording is there after the conversation and gone ${a.retentionDays} day${a.retentionDays === 1 ? '' : 's'} (plus up to 24 h of lifecycle lag) later. Listen to it: the report counts the audio as raw, since Google does not say how recordings are redacted; canary values you cannot hear are evidence it does not have`,
    });
  if (a.bigqueryExport)
    checks.push({
      store: `BigQuery export ${a.project}.${a.names.exportDataset}`,
      when: 'once the export has run (its schedule is not documented)',
      command: `bq query --nouse_legacy_sql --project_id ${a.project} 'SELECT table_name FROM \`${a.project}.${a.names.exportDataset}\`.INFORMATION_SCHEMA.TABLES'  # then search each table for ${id}`,
      expect:
        'rows of the canary conversation: any canary value in the clear proves the export is raw, as the report assumes; redacted values everywhere are evidence Google does not document',
    });
  return {
    checks,
    notes: [
      'The conversations endpoint follows the API resource names (projects/…/apps/…/conversations, permission ces.conversations.list): check it against the API reference of your release.',
      "Guardrails block agent responses that match the patterns: ask the agent to repeat a canary value back; it must answer with the guardrail's response.",
    ],
  };
}
