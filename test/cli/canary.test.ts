/** `convoguard canary`: synthetic data per kind, pattern and marker, and the checks that prove redaction held. */
import { canary, CATALOG, linePreviewer, loadPolicy, plan } from '../../lib/policy';
import { EXAMPLE, runCli } from '../helpers';

const policy = loadPolicy(EXAMPLE).policy;
const p = plan(policy);
const c = canary(policy, p.agents, 'abcd1234');
const of = (name: string) => c.agents.find((a) => a.agent === name)!;

test('every detected kind, every custom pattern with an example, and the markers get a tagged utterance', () => {
  for (const a of p.agents) {
    const u = of(a.name).utterances;
    expect(u.filter((x) => x.source === 'kind').map((x) => x.name)).toEqual(a.detection.kinds.map((k) => k.kind));
    for (const x of u) {
      expect(x.text).toContain('abcd1234');
      expect(x.text).toContain(x.value);
    }
    expect(u.find((x) => x.source === 'pattern')).toMatchObject({
      name: 'ORDER_NUMBER',
      value: 'my order is ORD-12345678',
    });
  }
  expect(of('billing').utterances.find((x) => x.name === 'email')?.value).toBe('canary.abcd1234@example.com');
});

test("where convoguard's own pattern detectors cover a kind, they find its canary value (checked offline)", () => {
  for (const name of ['billing', 'support']) {
    const a = p.agents.find((x) => x.name === name)!;
    const preview = linePreviewer(a);
    for (const k of a.detection.kinds.filter((k) => k.coverage === 'pattern' || k.supplement)) {
      const u = of(name).utterances.find((x) => x.name === k.kind)!;
      expect([
        name,
        k.kind,
        preview(u.text, 1).redacted.includes(CATALOG[k.kind].canary.replace('{id}', 'abcd1234')),
      ]).toEqual([name, k.kind, false]);
    }
    const marked = of(name).utterances.find((x) => x.source === 'markers')!;
    expect(preview(marked.text, 1).redacted).not.toContain('secret-abcd1234');
  }
});

test("each platform's checks name its own resources and say what the result must be", () => {
  const lex = of('billing').checks;
  expect(lex[0].command).toContain("--log-group-name '/convoguard/support-assistant-billing/lex-conversations'");
  expect(lex[0].command).toContain('filter @message like /abcd1234/');
  expect(lex[1].store).toBe(
    'audit findings /convoguard/support-assistant-billing/lex-conversations-data-protection-audit',
  );
  const dlp = of('support').checks[0].command;
  // The request body is one shell word that parses back to the template and every utterance.
  const body = JSON.parse(/-d '(.*)'$/s.exec(dlp)![1].replace(/'\\''/g, "'"));
  expect(body.inspectTemplateName).toBe(
    'projects/acme-cx-prod/locations/us-central1/inspectTemplates/support-assistant-support-inspect',
  );
  expect(body.item.value.split('\n')).toEqual(of('support').utterances.map((u) => u.text));
  expect(of('support').checks[1].command).toBe(
    `gcloud logging read 'logName="projects/acme-cx-prod/logs/dialogflow-runtime.googleapis.com%2Frequests" AND "abcd1234"' --project acme-cx-prod --freshness 1h --format json`,
  );
  const rasa = of('helpdesk').checks;
  expect(rasa.map((k) => k.store)).toEqual([
    'anonymized topic conversations-anonymized',
    'tracker store, the canary conversation',
    'tracker store, after anonymization',
    'tracker store, after deletion',
  ]);
  // The values of the kinds helpdesk keeps in sensitive slots (credit_card, email): gone once the job ran.
  expect(rasa[2]).toMatchObject({
    when: '75 min after the last canary message',
    command:
      "SELECT count(*) FROM events WHERE data LIKE '%canary.abcd1234@example.com%' OR data LIKE '%4111 1111 1111 1111%';",
  });
  expect(rasa[3].when).toBe('1485 min after the last canary message');
  expect(of('kiosk').notes).toContain('Rasa 3.12 keeps the tracker store raw without limit: the canary stays there.');
  expect(of('web-chat').checks).toEqual([]);
});

test('with verify, the canary checks the metric the alarm reads (Lex) and the alert it should open (Dialogflow)', () => {
  const lex = of('billing').checks.find((k) => k.store.startsWith('verify:'))!;
  expect(lex.command).toContain(
    "--namespace AWS/Logs --metric-name LogEventsWithFindings --dimensions Name=LogGroupName,Value='/convoguard/support-assistant-billing/lex-conversations'",
  );
  expect(lex.expect).toContain('one canary does not set it off');
  // Whether the key lets CloudWatch publish for this alarm is proven by a delivery, not read from the template.
  const delivery = of('billing').checks.find(
    (k) => k.store === 'verify: the alarm support-assistant-billing-log-findings-rise reaches its topic',
  )!;
  expect(delivery.command).toMatch(
    /^aws cloudwatch set-alarm-state --region us-east-1 --alarm-name 'support-assistant-billing-log-findings-rise' --state-value ALARM .*describe-alarm-history/,
  );
  expect(delivery.expect).toContain('a KMS AccessDenied in the history');
  const cx = of('support').checks.find((k) => k.store.startsWith('verify:'))!;
  const name = p.agents.find((a) => a.name === 'support' && a.platform === 'dialogflow-cx')!;
  expect(cx.store).toBe(
    `verify: the alert policy ${(name as Extract<typeof name, { platform: 'dialogflow-cx' }>).verify!.logAlert!.displayName}`,
  );
  expect(cx.command).toMatch(/^gcloud monitoring policies list --project acme-cx-prod --filter 'display_name="[^"]+"'/);
  // Without verify, no such check.
  const off = canary({ ...policy, verify: undefined }, plan({ ...policy, verify: undefined }).agents, 'abcd1234');
  expect(off.agents.flatMap((a) => a.checks).filter((k) => k.store.startsWith('verify:'))).toEqual([]);
});

test('the command prints without credentials; a bad id or agent is a usage error', async () => {
  const r = await runCli(['canary', EXAMPLE, '--agent', 'billing', '--id', 'abcd1234', '--format', 'json'], undefined, {
    AWS_PROFILE: undefined,
    GOOGLE_APPLICATION_CREDENTIALS: undefined,
  });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toEqual(
    JSON.parse(JSON.stringify(canary(policy, [p.agents.find((a) => a.name === 'billing')!], 'abcd1234'))),
  );
  const text = await runCli(['canary', EXAMPLE, '--agent', 'kiosk']);
  expect(text.out).toMatch(
    /^canary [0-9a-f]{8}: send each line to the agent, then run the checks\n\n== kiosk \[rasa\] ==\nSend:\n/,
  );
  expect(await runCli(['canary', EXAMPLE, '--id', 'Bad!'])).toMatchObject({
    code: 2,
    err: expect.stringContaining('--id received "Bad!"; expected 4-16 lower-case letters and digits'),
  });
  expect(await runCli(['canary', EXAMPLE, '--agent', 'nobody'])).toMatchObject({
    code: 2,
    err: expect.stringContaining('--agent received "nobody"'),
  });
});
