import * as fs from 'fs';
import * as path from 'path';
import { diffPostures, readPosture, renderMarkdown } from '../../lib/report';
import { EXAMPLE, exampleSynthesis, exampleText, runCli, tmpDir } from '../helpers';

/** Synthesizes a policy text into a fresh folder, as `npm run synth` would; returns the folder. */
async function synth(text: string): Promise<string> {
  const dir = tmpDir('convoguard-report-');
  fs.writeFileSync(path.join(dir, 'policy.yaml'), text);
  const r = await runCli(['synth', 'policy.yaml'], dir);
  if (r.code !== 0) throw new Error(r.err);
  return dir;
}
const posture = (dir: string) =>
  readPosture({ cdkOut: path.join(dir, 'cdk.out'), tfOut: path.join(dir, 'cdktf.out'), out: path.join(dir, 'out') });
const edit = (file: string, f: (s: string) => string) => fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
const TF = 'cdktf.out/stacks/support-assistant-gcp-acme-cx-prod-us-central1/cdk.tf.json';
const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
const copy = (dir: string) => {
  const to = tmpDir('convoguard-head-');
  fs.cpSync(dir, to, { recursive: true });
  return to;
};

let base: string;
beforeAll(() => {
  base = exampleSynthesis();
});

const weakening = (changes: ReturnType<typeof diffPostures>) =>
  changes.filter((c) => c.class === 'weakening').map((c) => `${c.agent} ${c.resource}: ${c.message}`);

describe('convoguard report', () => {
  test('the example has every agent attached; its only findings are the gaps the plan names', () => {
    const p = posture(base);
    expect(p.agents.map((a) => [a.agent, a.platform, a.attached])).toEqual([
      ['billing', 'lex', true],
      ['helpdesk', 'rasa', true],
      ['kiosk', 'rasa', true],
      ['support', 'dialogflow-cx', true],
      ['voice', 'cx-agent-studio', true],
      ['web-chat', 'meya', true],
    ]);
    expect(p.findings.filter((f) => !f.planned)).toEqual([]);
    expect(p.findings.map((f) => `${f.agent} ${f.rule} ${f.resource}`)).toEqual([
      'billing CG-STORE-REDACTED billingAudioBucketE4EFCAA8',
      // The logs are verified by the miss alarm (unmasked values in the masked view); the audio by nothing.
      // No scanner reads audio (Macie, DLP), a tracker store, Dialogflow history or Meya's data: known gaps, named.
      'billing CG-STORE-VERIFIED billingAudioBucketE4EFCAA8',
      // Rasa 3.13 deletes and anonymizes the tracker store; whether your database uses your key is not visible.
      'helpdesk CG-KINDS out/rasa/helpdesk/endpoints.yml',
      'helpdesk CG-STORE-CMK out/rasa/helpdesk/endpoints.yml',
      'helpdesk CG-STORE-VERIFIED out/rasa/helpdesk/endpoints.yml',
      // Rasa 3.12's main broker still publishes every original event to rasa_core_events: a raw topic, kept as long
      // as the cluster keeps topics, on the cluster that carries the anonymized copies. Known and named.
      'kiosk CG-STORE-CMK platform',
      'kiosk CG-STORE-RETENTION platform',
      // Rasa 3.12's original events: the topic support's stack provisions, bounded to 24h under its key, but raw.
      'kiosk CG-STORE-REDACTED google_managed_kafka_topic.support_Topics_Topic-kiosk-raw-events_C6C7DD61',
      'kiosk CG-STORE-REDACTED platform',
      'kiosk CG-STORE-VERIFIED google_managed_kafka_topic.support_Topics_Topic-kiosk-raw-events_C6C7DD61',
      'kiosk CG-STORE-VERIFIED platform',
      'support CG-STORE-CMK google_dialogflow_cx_security_settings.support_SecuritySettings_CE2536BE',
      'support CG-STORE-REDACTED google_logging_project_bucket_config.support_LogRouting_Bucket_E121018D',
      'support CG-STORE-VERIFIED google_dialogflow_cx_security_settings.support_SecuritySettings_CE2536BE',
      'support CG-STORE-VERIFIED google_storage_bucket.support_AudioBucket_E2BF7743',
      // Dialogflow's own generative calls: no Model Armor setting exists in provider 6.50, and the plan says so.
      'support CG-GENERATIVE-GUARDRAIL cdktf.out/stacks/support-assistant-gcp-acme-cx-prod-us-central1/cdk.tf.json',
      // CX Agent Studio with history off: the audio bucket is its one store; Google does not say how recordings are
      // redacted and nothing scans audio, so it counts as raw and unverified.
      'voice CG-STORE-REDACTED google_storage_bucket.voice_AudioBucket_2C432908',
      'voice CG-STORE-VERIFIED google_storage_bucket.voice_AudioBucket_2C432908',
      'web-chat CG-STORE-CMK platform',
      'web-chat CG-STORE-REDACTED platform',
      'web-chat CG-STORE-VERIFIED platform',
    ]);
    // Verification per store, read from the output: the log-match alert on the routed request logs sees a raw value
    // that reached them; on the masked Lex log group the metric filters' alarm sees an unmasked value and the
    // findings alarm only watches a trend; the scans of the exports with where their findings go.
    const verified = (agent: string) =>
      p.agents.find((a) => a.agent === agent)!.stores.map((s) => [s.kind, s.verifiedBy ?? [], s.watchedBy ?? []]);
    expect(verified('billing')).toEqual([
      [
        'conversation-logs',
        [
          'alarm support-assistant-billing-unmasked-values (email, credit_card, us_ssn, ip_address arriving unmasked in the transcript)',
        ],
        ['alarm support-assistant-billing-log-findings-rise (a rise in LogEventsWithFindings)'],
      ],
      ['audio', [], []],
      ['anonymized-topic', [], []],
    ]);
    expect(verified('support').find(([k]) => k === 'cloud-logging')).toEqual([
      'cloud-logging',
      [
        "alert policy support-assistant-support: unredacted Dialogflow request logs (request-log entries matching the agent's patterns)",
      ],
      [],
    ]);
    expect(p.agents.find((a) => a.agent === 'support')!.stores.find((s) => s.kind === 'audio')!.unverifiedReason).toBe(
      'DLP storage inspection has no audio file type: nothing scans it',
    );
    expect(p.agents.find((a) => a.agent === 'billing')!.scans).toEqual([
      {
        target: 's3://acme-lex-transcripts/billing/',
        by: 'Macie job',
        schedule: 'weekly',
        findingsTo: ['Macie findings (EventBridge, Security Hub)'],
        resource: expect.stringMatching(/^billingVerifyMacieJob/),
      },
    ]);
    expect(p.agents.find((a) => a.agent === 'support')!.scans).toEqual([
      {
        target: 'bq://acme-cx-prod.cx_insights.conversations',
        by: 'DLP job trigger',
        schedule: 'every 7 days',
        findingsTo: [
          'support-assistant-support-redaction-alerts (a notice per run)',
          'support_assistant_support_dlp_findings',
        ],
        resource: expect.stringMatching(/^google_data_loss_prevention_job_trigger\.support_Verify_Scan-4c276e11_/),
      },
    ]);
    // The plan expects the same scans (the report's plan side and read side agree on the example).
    for (const a of p.agents)
      expect((a.expected?.scans ?? []).map((x) => [x.target, x.by, x.schedule, x.findingsTo])).toEqual(
        (a.scans ?? []).map((x) => [x.target, x.by, x.schedule, x.findingsTo]),
      );
    const support = p.agents.find((a) => a.agent === 'support')!;
    expect(
      support.stores.map((s) => [s.kind, s.retention.configuredSeconds, s.retention.lag.seconds, s.encryption.kind]),
    ).toEqual([
      ['conversation-history', 86400, 86400, 'provider'],
      ['audio', 86400, 86400, 'customer'],
      ['cloud-logging', 86400, 86400, 'customer'],
      // Hourly segments: an event outlives retention.ms by up to 2h (Kafka deletes whole segments).
      ['anonymized-topic', 604800, 7200, 'customer'],
    ]);
    const audio = support.stores.find((s) => s.kind === 'audio')!;
    // The decrypters read through the key IAM and, as the bucket's only bucket-level object viewers, the bucket IAM.
    expect(audio.readers.map((r) => `${r.who} (${r.via})`)).toEqual([
      'group:privacy-officers@example.com (key IAM)',
      'group:privacy-officers@example.com (bucket IAM roles/storage.objectViewer)',
      'any principal with storage.objects.get on the bucket or the project (Cloud Storage decrypts CMEK objects for every reader it lets through, whatever the key IAM says (roles/storage.objectViewer, roles/storage.admin, owner, editor))',
      'project owners and Cloud KMS admins (they can grant themselves roles/cloudkms.cryptoKeyDecrypter on the key)',
    ]);
    const billing = p.agents.find((a) => a.agent === 'billing')!;
    // Only logs:Unmask shows the values: CloudWatch decrypts for every reader it lets through (the key's deny exempts
    // requests via logs), so the key's decrypters are not log readers.
    expect(billing.stores.find((s) => s.kind === 'conversation-logs')!.readers.map((r) => r.who)).toEqual([
      'any principal with logs:Unmask on the log group',
    ]);
    // The key table says who decrypts directly and which services decrypt for their readers.
    expect(billing.keys[0].throughServices).toEqual(['kafka', 'logs', 's3', 'secretsmanager']);
    expect(support.keys[0].throughServices).toEqual([
      'the service agents of the stores (Cloud Storage, Cloud Logging, Dialogflow, Managed Kafka)',
    ]);
    // The key policy denies kms:Decrypt to all but the decrypters and the stores' services: administrators keep the
    // key manageable but no longer decrypt directly.
    expect(billing.keys[0].accountAdmins).toBe(false);
    expect(support.keys[0].decrypters).toEqual(['group:privacy-officers@example.com']);
  });

  test('Markdown: summary line, a table per agent and a Mermaid flowchart with retention on each edge', async () => {
    const r = await runCli(['report', '--cdk-out', 'cdk.out', '--tf-out', 'cdktf.out', '--rasa', 'out'], base);
    expect(r.code).toBe(0);
    // The verdict is what needs fixing: the example's findings are all gaps the plan names, folded once.
    expect(r.out.split('\n')[0]).toBe(
      '## 🟢 convoguard posture: 6 agents, nothing to fix; 21 known gaps the plan names (2 high)',
    );
    expect(r.out).toContain(
      '<details><summary>21 known gaps: what the platforms cannot do, as the plan says</summary>',
    );
    expect(r.out).toContain(
      '<details><summary><b>support</b> (dialogflow-cx): protection attached, 4 stores, nothing to fix, 5 known gaps</summary>',
    );
    expect(r.out).toContain('```mermaid\nflowchart LR\n  agent_support(["support (dialogflow-cx)"])');
    expect(r.out).toContain(
      '  agent_support -- "redacted, typically ≤ 2d (24h configured; Dialogflow purges history in whole days, by a daily job; no provider guarantee)" --> agent_support_0',
    );
    expect(r.out).toContain(
      '  agent_billing -- "raw, encrypted, typically ≤ 2d (24h configured; S3 expiry rounds to the next midnight UTC and lifecycle runs daily; no provider guarantee)" --> agent_billing_1',
    );
    // Stores by their real name, the resource id beside it, and a mark that makes a raw store stand out.
    expect(r.out).toContain(
      '| 🟠 Cloud Logging: Cloud Logging bucket support-assistant-support-logs (us-central1)<br>`google_logging_project_bucket_config.support_LogRouting_Bucket_E121018D` | typically ≤ 2d',
    );
    expect(r.out).toMatch(/ {2}class agent_billing_1(,agent_billing_\d)* raw\n/);
    expect(r.out).toContain('| no named principal; also: any principal with logs:Unmask on the log group |');
    expect(r.out).toContain(
      '| directly: `arn:aws:iam::111122223333:role/PrivacyOfficer`; through kafka, logs, s3, secretsmanager: whoever the store lets read |',
    );
    expect(r.out).toContain('- Lex writes audio logs unredacted');
    expect(r.out).toContain(
      '| high | CG-STORE-RETENTION | kiosk | tracker store: Rasa tracker store (kept by the platform) |',
    );
    expect(r.out).not.toContain('### To fix');
  });

  test('a hand-edited override the policy file does not show is reported, findings first', async () => {
    const head = copy(base);
    edit(path.join(head, CFN), (s) => {
      const t = JSON.parse(s);
      t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 30;
      return JSON.stringify(t);
    });
    edit(path.join(head, TF), (s) =>
      s.replace('"public_access_prevention": "enforced"', '"public_access_prevention": "inherited"'),
    );
    const p = posture(head);
    expect(
      p.findings.filter((f) => !f.planned).map((f) => `${f.severity} ${f.agent} ${f.resource}: ${f.message}`),
    ).toEqual([
      'high billing billingConversationLogs48438003: conversation-logs "/convoguard/support-assistant-billing/lex-conversations" keeps data typically ≤ 33d (30d configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee); the plan configures 24h',
      'high support google_storage_bucket.support_AudioBucket_E2BF7743: audio "support-assistant-support-audio-acme-cx-prod" can be made public (public access is not blocked)',
    ]);
    const md = renderMarkdown(p);
    expect(md.split('\n')[0]).toBe(
      '## 🔴 convoguard posture: 6 agents, 2 high and 0 medium findings to fix; 21 known gaps the plan names (2 high)',
    );
    expect(md.indexOf('### To fix')).toBeLessThan(md.indexOf('known gaps: what the platforms'));
    expect(md).toContain(
      '| high | CG-STORE-RETENTION | billing | logs: /convoguard/support-assistant-billing/lex-conversations `billingConversationLogs48438003` |',
    );
  });

  test('JSON output parses', async () => {
    const r = await runCli(['report', '--tf-out', 'cdktf.out', '--format', 'json'], base);
    expect(JSON.parse(r.out).agents[0].agent).toBe('support');
  });

  test('nothing to read is a usage error', async () => {
    expect(await runCli(['report'], base)).toMatchObject({
      code: 2,
      err: expect.stringContaining('nothing to read: give --cdk-out, --tf-out or --rasa'),
    });
  });
});

describe('convoguard diff', () => {
  test('identical syntheses: no change, exit 0 even with --fail-on-weaken', async () => {
    const r = await runCli(['diff', '--base', base, '--head', base, '--fail-on-weaken']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('## 🟢 no posture change');
  });

  test('retention up is weakening, per store, and --fail-on-weaken exits 1', async () => {
    const head = await synth(
      exampleText().replace(
        '  sensitive: 24h',
        "  sensitive: 48h\n  exception: { reason: 'chargeback disputes need two days' }",
      ),
    );
    expect(weakening(diffPostures(posture(base), posture(head)))).toEqual([
      'billing billingAudioBucketE4EFCAA8: audio "Lex audio logs": retention up typically ≤ 2d (24h configured; S3 expiry rounds to the next midnight UTC and lifecycle runs daily; no provider guarantee) → typically ≤ 3d (2d configured; S3 expiry rounds to the next midnight UTC and lifecycle runs daily; no provider guarantee)',
      'helpdesk out/rasa/helpdesk/endpoints.yml: tracker-store "Rasa tracker store": retention up ≤ 1485m (24h configured; a session ends 30 min after its last message and Rasa\'s deletion job runs every 15 min) → ≤ 2925m (2d configured; a session ends 30 min after its last message and Rasa\'s deletion job runs every 15 min)',
      // Rasa 3.12's original events are kept retention.sensitive too, on the topic support's cluster carries for kiosk.
      'kiosk google_managed_kafka_topic.support_Topics_Topic-kiosk-raw-events_C6C7DD61: raw-event-topic "Kafka topic kiosk-raw-events (every original event)": retention up typically ≤ 26h (24h configured; Kafka deletes a log segment once its newest event is older than retention.ms: segments roll every 1h (segment.ms) and brokers check every 5 min by default (rounded up to the hour); no provider guarantee) → typically ≤ 50h (2d configured; Kafka deletes a log segment once its newest event is older than retention.ms: segments roll every 1h (segment.ms) and brokers check every 5 min by default (rounded up to the hour); no provider guarantee)',
      'support google_dialogflow_cx_security_settings.support_SecuritySettings_CE2536BE: conversation-history "Dialogflow conversation history": retention up typically ≤ 2d (24h configured; Dialogflow purges history in whole days, by a daily job; no provider guarantee) → typically ≤ 3d (2d configured; Dialogflow purges history in whole days, by a daily job; no provider guarantee)',
      'support google_storage_bucket.support_AudioBucket_E2BF7743: audio "support-assistant-support-audio-acme-cx-prod": retention up typically ≤ 2d (24h configured; Cloud Storage lifecycle rules can take up to 24 h to act; no provider guarantee) → typically ≤ 3d (2d configured; Cloud Storage lifecycle rules can take up to 24 h to act; no provider guarantee)',
      'support google_logging_project_bucket_config.support_LogRouting_Bucket_E121018D: cloud-logging "Cloud Logging bucket support-assistant-support-logs (us-central1)": retention up typically ≤ 2d (24h configured; Cloud Logging deletes expired entries in the background, not at once; no provider guarantee) → typically ≤ 3d (2d configured; Cloud Logging deletes expired entries in the background, not at once; no provider guarantee)',
      'voice google_storage_bucket.voice_AudioBucket_2C432908: audio "support-assistant-voice-audio-acme-cx-prod": retention up typically ≤ 2d (24h configured; Cloud Storage lifecycle rules can take up to 24 h to act; no provider guarantee) → typically ≤ 3d (2d configured; Cloud Storage lifecycle rules can take up to 24 h to act; no provider guarantee)',
    ]);
    // The reason for keeping sensitive data longer shows in the head's report.
    expect(renderMarkdown(posture(head))).toContain(
      '- Retention exception: sensitive data is kept longer than 24h because: chargeback disputes need two days',
    );
    const r = await runCli(['diff', '--base', base, '--head', head, '--fail-on-weaken']);
    expect(r.code).toBe(1);
    // Seven stores' retention in the posture, and the seven properties that set it in the output.
    expect(r.out.split('\n')[0]).toBe(
      '## 🔴 14 changes weaken privacy posture (7 in the posture, 7 in the deployed output)',
    );
  });

  test('a kind removed from detection is weakening on every platform', async () => {
    const head = await synth(
      exampleText()
        .replace('credit_card, iban, us_ssn', 'credit_card, us_ssn')
        .replace('[credit_card, iban]', '[credit_card]'),
    );
    expect(weakening(diffPostures(posture(base), posture(head)))).toEqual([
      'billing cdk.out/support-assistant-aws-us-east-1.template.json: custom pattern removed: CONVOGUARD_IBAN',
      'billing cdk.out/support-assistant-aws-us-east-1.template.json: guardrail INTERNATIONAL_BANK_ACCOUNT_NUMBER: de-identification (ANONYMIZE) removed',
      'kiosk out/rasa/kiosk/endpoints.yml: detector removed: IBAN_CODE',
      'kiosk out/rasa/kiosk/endpoints.yml: default: IBAN_CODE: de-identification (mask) removed',
      `support ${TF}: detector removed: IBAN_CODE`,
      `support ${TF}: IBAN_CODE: de-identification (character_mask_config) removed`,
      'voice cdktf.out/stacks/support-assistant-ces-acme-cx-prod-us/cdk.tf.json: detector removed: IBAN_CODE',
      'voice cdktf.out/stacks/support-assistant-ces-acme-cx-prod-us/cdk.tf.json: IBAN_CODE: de-identification (character_mask_config) removed',
    ]);
    // helpdesk (Rasa 3.13) never detected iban: its topic stops naming it among the kinds it leaves raw, and that is all.
    expect(
      diffPostures(posture(base), posture(head))
        .filter((c) => c.agent === 'helpdesk')
        .map((c) => [c.class, c.message]),
    ).toEqual([['neutral', 'anonymized-topic "conversations-anonymized": iban is no longer a kind the policy names']]);
  });

  test('a decrypter added is weakening', async () => {
    const head = await synth(
      exampleText().replace(
        "gcp: ['group:privacy-officers@example.com']",
        "gcp: ['group:privacy-officers@example.com', 'user:intern@example.com']",
      ),
    );
    expect(weakening(diffPostures(posture(base), posture(head)))).toEqual([
      'support google_storage_bucket.support_AudioBucket_E2BF7743: audio "support-assistant-support-audio-acme-cx-prod": reader added: user:intern@example.com',
      'support google_kms_crypto_key.support_Key_DDD94B71: decrypter added: user:intern@example.com',
      'voice google_storage_bucket.voice_AudioBucket_2C432908: audio "support-assistant-voice-audio-acme-cx-prod": reader added: user:intern@example.com',
      'voice google_kms_crypto_key.voice_Key_2B2CE11B: decrypter added: user:intern@example.com',
    ]);
  });

  test('redaction detached from the agent is weakening', async () => {
    // Without create, banned phrases have no agent to go on: they go too.
    const head = await synth(
      exampleText()
        .replace('create: { displayName: Support, language: en, timeZone: Europe/London },\n', '')
        .replace("generative: { bannedPhrases: ['your card number is'] }", 'generative: {}'),
    );
    expect(weakening(diffPostures(posture(base), posture(head)))).toEqual([
      `support ${TF}: redaction detached from the agent`,
    ]);
  });

  test('topic retention up is weakening', async () => {
    const head = await synth(exampleText().replace('retention: 7d, rasaXConsumer', 'retention: 14d, rasaXConsumer'));
    const w = weakening(diffPostures(posture(base), posture(head)));
    const up =
      'anonymized-topic "conversations-anonymized": topic retention up typically ≤ 170h (7d configured; Kafka deletes a log segment once its newest event is older than retention.ms: segments roll every 1h (segment.ms) and brokers check every 5 min by default (rounded up to the hour); no provider guarantee) → typically ≤ 338h (14d configured; Kafka deletes a log segment once its newest event is older than retention.ms: segments roll every 1h (segment.ms) and brokers check every 5 min by default (rounded up to the hour); no provider guarantee)';
    expect(w).toContain(
      `support google_managed_kafka_topic.support_Topics_Topic-conversations-anonymized_917291BE: ${up}`,
    );
    expect(w).toContain(`billing billingTopicsTopicconversationsanonymized550B2D7E: ${up}`);
  });

  test('encryption moved to a provider-managed key and public access opened (hand edits) are weakening', () => {
    const head = copy(base);
    edit(path.join(head, TF), (s) => {
      const doc = JSON.parse(s);
      const bucket = Object.values(doc.resource.google_storage_bucket)[0] as any;
      delete bucket.encryption;
      bucket.public_access_prevention = 'inherited';
      return JSON.stringify(doc);
    });
    expect(weakening(diffPostures(posture(base), posture(head)))).toEqual([
      'support google_storage_bucket.support_AudioBucket_E2BF7743: audio "support-assistant-support-audio-acme-cx-prod": encryption customer → provider (provider-managed key)',
      'support google_storage_bucket.support_AudioBucket_E2BF7743: audio "support-assistant-support-audio-acme-cx-prod": public access opened',
    ]);
  });

  test('a renamed resource with the same posture is neutral', () => {
    const head = copy(base);
    edit(path.join(head, TF), (s) => s.split('support_AudioBucket_E2BF7743').join('support_Audio_0123ABCD'));
    const changes = diffPostures(posture(base), posture(head));
    expect(changes).toEqual([
      {
        class: 'neutral',
        agent: 'support',
        subject: 'audio "support-assistant-support-audio-acme-cx-prod"',
        resource: 'google_storage_bucket.support_Audio_0123ABCD',
        message:
          'audio "support-assistant-support-audio-acme-cx-prod": resource renamed from google_storage_bucket.support_AudioBucket_E2BF7743',
      },
    ]);
  });

  test('a DIR without a synthesis is an input error (exit 2) that says what to run', async () => {
    const empty = tmpDir();
    const r = await runCli(['diff', '--base', empty, '--head', base]);
    expect(r).toMatchObject({
      code: 2,
      err: `convoguard diff: ${path.join(empty, 'out', 'convoguard.json')}: not found; expected the manifest convoguard synth writes (a folder written by cdk synth or cdktf synth alone cannot be checked for stale or missing targets: run convoguard synth)\n`,
    });
  });
});

describe('convoguard preview', () => {
  test('applies custom patterns and non-greedy markers locally, listing built-in kinds as service-detected', async () => {
    const line =
      'Order ORD-12345678 ships to <mark name="redact-start"/>1 Main St<mark name="redact-end"/> on 2024-01-31, card <mark name="redact-start"/>4111<mark name="redact-end"/>';
    const r = await runCli(['preview', EXAMPLE, '--text', line, '--agent', 'support']);
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out.slice(0, 4)).toEqual([
      '== support [dialogflow-cx] ==',
      'line 1:7-18  ORDER_NUMBER             "ORD-12345678" -> "************"',
      'line 1:29-89  SSML_REDACTION_MARKERS   "<mark name=\\"redact-start\\"/>1 Main St<mark name=\\"redact-end\\"/>" -> "' +
        '*'.repeat(61) +
        '"',
      'line 1:111-166  SSML_REDACTION_MARKERS   "<mark name=\\"redact-start\\"/>4111<mark name=\\"redact-end\\"/>" -> "' +
        '*'.repeat(56) +
        '"',
    ]);
    expect(r.out).toContain(' on 2024-01-31, card ');
    expect(r.out).toContain(
      'Detected by the service (not evaluated offline):\n  email (e-mail address): EMAIL_ADDRESS',
    );
    expect((await runCli(['preview', EXAMPLE, '--text', line, '--agent', 'nobody'])).err).toContain(
      '--agent received "nobody"; the policy has support, billing, helpdesk, kiosk, web-chat',
    );
  });

  test('needs exactly one of --text and --file', async () => {
    expect((await runCli(['preview', EXAMPLE])).code).toBe(2);
  });

  test('a transcript is bounded: a device that never ends is refused in one line, exit 2', async () => {
    if (!fs.existsSync('/dev/zero')) return;
    const r = await runCli(['preview', EXAMPLE, '--file', '/dev/zero']);
    expect(r).toMatchObject({
      code: 2,
      out: '',
      err: 'convoguard preview: --file received "/dev/zero", which is larger than 10 MiB; preview a sample of the transcript\n',
    });
  });

  test('a long transcript is written in chunks as it is produced, and --format json still parses', async () => {
    const dir = tmpDir();
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}: my order is ORD-${String(i).padStart(8, '0')}`);
    fs.writeFileSync(path.join(dir, 't.txt'), lines.join('\n'));
    const chunks: string[] = [];
    const { main } = await import('../../lib/cli/main');
    const code = await main(['preview', EXAMPLE, '--file', 't.txt', '--agent', 'support'], {
      out: (t) => chunks.push(t),
      err: () => undefined,
      cwd: dir,
      env: {},
    });
    expect(code).toBe(0);
    expect(chunks.length).toBeGreaterThan(1);
    const out = chunks.join('');
    expect(out.match(/ORD-\d{8}" -> /g)).toHaveLength(2000);
    expect(out).toContain('line 1999: my order is ************\n');
    const json = JSON.parse((await runCli(['preview', EXAMPLE, '--file', 't.txt', '--format', 'json'], dir)).out);
    expect(json.agents.map((a: { agent: string; matches: unknown[] }) => [a.agent, a.matches.length])).toEqual([
      ['support', 2000],
      ['billing', 2000],
      ['helpdesk', 0],
      ['kiosk', 0],
      ['web-chat', 0],
      ['voice', 2000],
    ]);
  });
});

test('a report that finds no agent is an input error, never a green report', async () => {
  const empty = tmpDir();
  fs.mkdirSync(path.join(empty, 'cdk.out'));
  const r = await runCli(['report', '--cdk-out', 'cdk.out', '--fail-on-findings'], empty);
  expect(r).toMatchObject({
    code: 2,
    out: '',
    err: 'convoguard report: found no agent in cdk.out; expected folders written by a synthesis (cdk.out/, cdktf.out/, out/)\n',
  });
});
