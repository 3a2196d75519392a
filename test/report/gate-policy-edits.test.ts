/**
 * Ordinary policy edits, synthesized and gated against the example: the deny-by-default gate must understand what
 * convoguard itself writes, or every pull request needs an acknowledgement and reviewers learn to wave them through.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { acknowledgeSnippet, readSynthesis, runGate } from '../../lib/report/gate';
import type { GateResult } from '../../lib/report/gate';
import { exampleSynthesis, exampleText, tmpDir } from '../helpers';

async function synth(policy: string): Promise<string> {
  const dir = tmpDir('convoguard-edit-');
  fs.writeFileSync(path.join(dir, 'policy.yaml'), policy);
  let err = '';
  const code = await main(['synth', 'policy.yaml'], {
    out: () => undefined,
    err: (t) => (err += t),
    cwd: dir,
    env: {},
  });
  if (code !== 0) throw new Error(`synth failed (${code}):\n${err}`);
  return dir;
}
function edit(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`the example no longer contains ${String(from)}`);
  return out;
}
const notPassing = (r: GateResult) => [
  ...r.posture.filter((c) => c.class === 'weakening').map((c) => `posture ${c.agent}: ${c.message}`),
  ...r.output
    .filter((c) => c.class === 'weakening' || c.class === 'unverified')
    .map((c) => `${c.class} ${c.resource} ${c.path}: ${c.why}`),
];

let base: ReturnType<typeof readSynthesis>;
beforeAll(() => {
  base = readSynthesis(exampleSynthesis());
});

test('a kind, a custom pattern, a stream, more frequent scans and two new agents: strengthening and neutral only', async () => {
  let text = exampleText();
  text = edit(text, 'kinds: [email,', 'kinds: [passport, email,');
  text = edit(
    text,
    '    - name: ORDER_NUMBER',
    "    - name: TICKET\n      pattern: 'TCK-[0-9]{6}'\n      examples: { match: ['ticket TCK-123456'], noMatch: ['TCK-1'] }\n    - name: ORDER_NUMBER",
  );
  text = edit(
    text,
    'rasaXConsumer: true }',
    'rasaXConsumer: true }\n  - { topic: audit-anonymized, deidentify: default, partitions: 1, retention: 3d }',
  );
  text = edit(text, 'every: 7d', 'every: 1d');
  text = edit(
    text,
    '  - { name: web-chat, platform: meya }',
    "  - { name: web-chat, platform: meya }\n  - { name: sales, platform: lex, region: us-east-1, create: { locale: en_US, intents: [{ name: Buy, utterances: ['I want to buy'] }] } }\n  - { name: help, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, create: { displayName: Help, language: en, timeZone: Europe/London } }",
  );
  const r = runGate(base, readSynthesis(await synth(text)));
  expect(notPassing(r)).toEqual([]);
  expect(r.passes).toBe(true);
  const stronger = r.output.filter((c) => c.class === 'strengthening').map((c) => `${c.resource} ${c.path}`);
  expect(stronger).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^billingGuardrail\w+ Properties.SensitiveInformationPolicyConfig.PiiEntitiesConfig\[Type=US_PASSPORT_NUMBER\]$/,
      ),
      expect.stringMatching(
        /^google_data_loss_prevention_inspect_template.\w+ inspect_config.custom_info_types\[TICKET\]$/,
      ),
      expect.stringMatching(/^billingVerifyMacieJob\w+ Properties.Create.parameters.scheduleFrequency$/),
      expect.stringMatching(
        /^google_data_loss_prevention_job_trigger.[\w-]+ triggers\[0\].schedule.recurrence_period_duration$/,
      ),
      expect.stringMatching(
        /^google_monitoring_alert_policy.support_\w+ conditions\[0\].condition_matched_log.filter\[jsonPayload.queryInput.text.text\]$/,
      ),
    ]),
  );
  // The new agents' resources are judged with them: neutral, because their report matches their plan.
  expect(
    r.output
      .filter((c) => c.agent === 'help' || c.agent === 'sales')
      .every((c) => c.class === 'neutral' || c.class === 'strengthening'),
  ).toBe(true);
  expect(r.posture.filter((c) => c.class === 'strengthening').map((c) => c.message)).toEqual(
    expect.arrayContaining(['agent "help" is now protected', 'agent "sales" is now protected']),
  );
});

test('a de-identification method changed: nothing is added, removed or renamed', async () => {
  const head = readSynthesis(
    await synth(
      edit(
        exampleText(),
        '{ kinds: [person_name], method: text, value: John Doe }',
        '{ kinds: [person_name], method: kind-name }',
      ),
    ),
  );
  const r = runGate(base, head);
  expect(notPassing(r)).toEqual([]);
  // Every construct id is the same: an edit that re-addressed a resource would show it removed and added here.
  const addresses = (s: typeof base) =>
    [...s.files.values()]
      .filter((f) => f.kind === 'tf-document')
      .flatMap((f) =>
        Object.entries((f.doc as { resource: Record<string, object> }).resource).flatMap(([t, byName]) =>
          Object.keys(byName).map((n) => `${t}.${n}`),
        ),
      );
  expect(addresses(head).sort()).toEqual(addresses(base).sort());
  // Replacing a name with "John Doe" or with [PERSON_NAME]: the value is gone either way.
  expect(r.output.filter((c) => c.class !== 'neutral')).toEqual([]);
  expect(r.output.map((c) => [c.class, c.path, c.why])).toContainEqual([
    'neutral',
    'deidentify_config[PERSON_NAME]',
    'PERSON_NAME: another transformation of the same strength (replace_with_info_type_config)',
  ]);
});

test('a decrypter added, detection threshold raised: each weakening named in posture and output', async () => {
  let text = edit(
    exampleText(),
    "gcp: ['group:privacy-officers@example.com']",
    "gcp: ['group:privacy-officers@example.com', 'user:auditor@example.com']",
  );
  text = edit(text, 'minLikelihood: possible', 'minLikelihood: likely');
  const r = runGate(base, readSynthesis(await synth(text)));
  expect(r.passes).toBe(false);
  expect(notPassing(r)).toEqual(
    expect.arrayContaining([
      'posture support: decrypter added: user:auditor@example.com',
      expect.stringMatching(
        /^weakening google_kms_crypto_key_iam_member.[\w-]+ \[roles\/cloudkms.cryptoKeyDecrypter user:auditor@example.com\]: user:auditor@example.com gets roles\/cloudkms.cryptoKeyDecrypter on a key$/,
      ),
      expect.stringMatching(
        /^weakening google_data_loss_prevention_inspect_template.\w+ inspect_config.min_likelihood: likelihood threshold \(lower finds more\) weaker$/,
      ),
    ]),
  );
  expect(notPassing(r).filter((l) => l.startsWith('unverified'))).toEqual([]);
});

test('a custom pattern changed: unclassified until the policy acknowledges each place with a reason', async () => {
  const changed = edit(exampleText(), "pattern: 'ORD-[0-9]{8}'", "pattern: 'ORD-[0-9]{8,10}'");
  const first = runGate(base, readSynthesis(await synth(changed)));
  const open = first.output.filter((c) => c.class === 'unverified');
  // The pattern reaches CloudWatch, the Bedrock guardrail, DLP and the request-log alert: what each now matches is not compared.
  expect(open.map((c) => c.why)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^the pattern of custom identifier ORDER_NUMBER changed/),
      'the pattern changed: what it now matches is not compared',
      expect.stringMatching(
        /^the alert's patterns in jsonPayload.queryInput.text.text changed \(\(ORD-\[0-9\]\{8\}\) → \(ORD-\[0-9\]\{8,10\}\)\)/,
      ),
    ]),
  );
  expect(first.passes).toBe(false);
  const snippet = acknowledgeSnippet(open).replace(
    /reason: ''/g,
    "reason: 'Order numbers grew to ten digits in November (ticket OPS-311).'",
  );
  const acknowledged = runGate(base, readSynthesis(await synth(`${changed}\n${snippet}\n`)));
  expect(
    acknowledged.output.filter((c) => c.class === 'unverified').every((c) => c.acknowledged?.by === 'policy'),
  ).toBe(true);
  expect(acknowledged.unusedAcknowledgements).toEqual([]);
});

test('removing the first of two decrypters leaves the second grant at its address, with its binding', async () => {
  const two = edit(
    exampleText(),
    "gcp: ['group:privacy-officers@example.com']",
    "gcp: ['group:privacy-officers@example.com', 'user:dpo@example.com']",
  );
  const before = readSynthesis(await synth(two));
  const after = readSynthesis(
    await synth(
      edit(two, "gcp: ['group:privacy-officers@example.com', 'user:dpo@example.com']", "gcp: ['user:dpo@example.com']"),
    ),
  );
  const grants = (s: typeof base) => {
    const doc = [...s.files.values()].find((f) => f.kind === 'tf-document')!.doc as {
      resource: { google_kms_crypto_key_iam_member: Record<string, { member: string; role: string }> };
    };
    return Object.entries(doc.resource.google_kms_crypto_key_iam_member).filter(
      ([, g]) => g.role === 'roles/cloudkms.cryptoKeyDecrypter',
    );
  };
  const dpo = (s: typeof base) => grants(s).filter(([, g]) => g.member === 'user:dpo@example.com');
  expect(dpo(after)).toEqual(dpo(before));
  expect(dpo(after)).toHaveLength(1);
  const r = runGate(before, after);
  // Once on the Dialogflow agent's key and once on the CX Agent Studio app's: both take the policy's decrypters.
  expect(r.output.filter((c) => c.type === 'google_kms_crypto_key_iam_member').map((c) => [c.class, c.why])).toEqual([
    ['strengthening', 'group:privacy-officers@example.com no longer has roles/cloudkms.cryptoKeyDecrypter on a key'],
    ['strengthening', 'group:privacy-officers@example.com no longer has roles/cloudkms.cryptoKeyDecrypter on a key'],
  ]);
});
