/**
 * A check counts only when someone hears it (CG-NOTIFY): an SNS topic delivers only to its subscriptions, and a
 * Pub/Sub topic keeps a message only for the subscriptions it has (SNS Developer Guide; Pub/Sub "Subscription
 * overview"). The example notifies privacy-alerts@example.com on both clouds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { diffPostures, readPosture } from '../../lib/report';
import { exampleSynthesis, exampleText, runCli, tmpDir } from '../helpers';

const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
const TF = 'cdktf.out/stacks/support-assistant-gcp-acme-cx-prod-us-central1/cdk.tf.json';
type Json = Record<string, any>;
const posture = (dir: string) =>
  readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
    relativeTo: dir,
  });
const notify = (dir: string) => posture(dir).findings.filter((f) => f.rule === 'CG-NOTIFY');
const edit = (dir: string, file: string, change: (doc: Json) => void) => {
  const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  change(doc);
  fs.writeFileSync(path.join(dir, file), JSON.stringify(doc));
};

test('the example: an e-mail subscription on the alarm topic and an e-mail channel on the alert: the alert and the miss alarm verify, the findings alarm watches a trend', () => {
  const dir = exampleSynthesis();
  const t = JSON.parse(fs.readFileSync(path.join(dir, CFN), 'utf8'));
  expect(
    Object.values(t.Resources as Record<string, Json>)
      .filter((r) => r.Type === 'AWS::SNS::Subscription')
      .map((r) => [r.Properties.Protocol, r.Properties.Endpoint]),
  ).toEqual([['email', 'privacy-alerts@example.com']]);
  const p = posture(dir);
  expect(notify(dir)).toEqual([]);
  expect(p.agents.find((a) => a.agent === 'billing')!.stores.find((s) => s.kind === 'conversation-logs')).toMatchObject(
    {
      // The miss alarm counts values that reach the masked view unmasked: it verifies. The findings alarm is a trend.
      verifiedBy: [
        'alarm support-assistant-billing-unmasked-values (email, credit_card, us_ssn, ip_address arriving unmasked in the transcript)',
      ],
      watchedBy: [expect.stringMatching(/^alarm support-assistant-billing-log-findings-rise/)],
    },
  );
  expect(
    p.agents.find((a) => a.agent === 'billing')!.stores.find((s) => s.kind === 'conversation-logs')!.unverifiedReason,
  ).toBeUndefined();
  expect(
    p.agents.find((a) => a.agent === 'support')!.stores.find((s) => s.kind === 'cloud-logging')!.verifiedBy,
  ).toEqual([expect.stringMatching(/^alert policy support-assistant-support: /)]);
});

test('a head that drops the subscription and the e-mail channel: the checks notify nobody, high and unplanned, and the stores lose their verification', () => {
  const base = exampleSynthesis();
  const head = exampleSynthesis();
  edit(head, CFN, (t) => {
    for (const [id, r] of Object.entries(t.Resources as Record<string, Json>))
      if (r.Type === 'AWS::SNS::Subscription') delete t.Resources[id];
  });
  edit(head, TF, (tf) => {
    const alert = Object.values(tf.resource.google_monitoring_alert_policy as Record<string, Json>)[0];
    alert.notification_channels = alert.notification_channels.filter((c: string) => !c.includes('Email'));
  });
  // Both Lex alarms (the findings trend and the miss alarm) publish to the topic nobody subscribes to any more.
  expect(notify(head).map((f) => [f.agent, f.severity, f.planned])).toEqual([
    ['billing', 'high', false],
    ['billing', 'high', false],
    ['support', 'high', false],
  ]);
  expect(notify(head)[0].message).toMatch(
    /^alarm support-assistant-billing-log-findings-rise \(a rise in LogEventsWithFindings\) notifies nobody: its topic has no subscriber/,
  );
  const weakenings = diffPostures(posture(base), posture(head))
    .filter((c) => c.class === 'weakening')
    .map((c) => c.message);
  expect(weakenings).toEqual(
    expect.arrayContaining([expect.stringContaining('verification'), expect.stringContaining('verification')]),
  );
});

test('a policy that names nobody: warned at synth, and a known gap in the report', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'policy.yaml'), exampleText().replace(/^ {2}notify: .*\n/m, ''));
  const r = await runCli(['synth', 'policy.yaml'], dir);
  expect(r.code).toBe(0);
  expect(r.err).toContain('verify.notify names nobody');
  expect(notify(dir).map((f) => [f.agent, f.planned])).toEqual([
    ['billing', true],
    ['billing', true],
    ['support', true],
  ]);
});
