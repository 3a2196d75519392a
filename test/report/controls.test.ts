/**
 * The compliance crosswalk: every control names rules that exist, the frameworks a privacy officer is asked about
 * are all there, and the report and its JSON count what the rules found against each control, worded as evidence.
 */
import { CONTROLS, controlsEvidence, CROSSWALK_NOTE } from '../../lib/report/controls';
import { POSTURE_RULES } from '../../lib/report/rules';
import { editedExample, exampleSynthesis, runCli } from '../helpers';

const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';

test('every control names rules that exist, once; ids are unique; the frameworks asked about are all covered', () => {
  const ids = new Set(POSTURE_RULES.map((r) => r.id));
  for (const c of CONTROLS) {
    expect({ control: c.id, unknown: c.rules.filter((r) => !ids.has(r)) }).toEqual({ control: c.id, unknown: [] });
    expect(new Set(c.rules).size).toBe(c.rules.length);
    expect(c.rules.length).toBeGreaterThan(0);
  }
  expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
  expect(CONTROLS.map((c) => `${c.framework} ${c.reference}`)).toEqual(
    expect.arrayContaining([
      'GDPR Art. 5(1)(c)',
      'GDPR Art. 5(1)(e)',
      'GDPR Art. 25',
      'GDPR Art. 32',
      'PCI DSS v4.0.1 Req. 3.2.1',
      'PCI DSS v4.0.1 Req. 3.3.1',
      'PCI DSS v4.0.1 Req. 3.4.1',
      'PCI DSS v4.0.1 Req. 3.5.1',
      'HIPAA Security and Privacy Rules 45 CFR 164.312',
      'HIPAA Security and Privacy Rules 45 CFR 164.514(d)',
      'SOC 2 (2017 TSC) C1.2',
      'SOC 2 (2017 TSC) P4.2',
    ]),
  );
  expect(CONTROLS.some((c) => c.framework === 'ISO/IEC 27701')).toBe(true);
  // Only the rule about changes the gate cannot read is evidence for no control.
  const mapped = new Set(CONTROLS.flatMap((c) => c.rules));
  expect(POSTURE_RULES.map((r) => r.id).filter((id) => !mapped.has(id))).toEqual(['CG-UNVERIFIED']);
});

test('the example: each control counts its checks and the known gaps, nothing to fix; the JSON carries them', async () => {
  const dir = exampleSynthesis();
  const r = await runCli(['report', '--dir', '.', '--format', 'json'], dir);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.out);
  expect(doc.controls.map((c: { id: string }) => c.id)).toEqual(CONTROLS.map((c) => c.id));
  for (const c of doc.controls) {
    expect(c.checks).toBeGreaterThan(0);
    expect(c.toFix).toBe(0);
  }
  // The example's known gaps include retention the platforms cannot bound: storage limitation shows them.
  const storage = doc.controls.find((c: { id: string }) => c.id === 'gdpr-5-1-e');
  expect(storage.knownGaps).toBe(
    doc.findings.filter((f: { rule: string; planned: boolean }) => f.planned && storage.rules.includes(f.rule)).length,
  );
  expect(storage.knownGaps).toBeGreaterThan(0);
});

test('a hand-edited retention is a finding to fix against storage limitation and retention, and nothing else', async () => {
  const dir = editedExample(
    CFN,
    (t) => (t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 3653),
  );
  const r = await runCli(
    ['report', '--cdk-out', 'cdk.out', '--tf-out', 'cdktf.out', '--rasa', 'out', '--format', 'json'],
    dir,
  );
  const doc = JSON.parse(r.out);
  const toFix = Object.fromEntries(doc.controls.map((c: { id: string; toFix: number }) => [c.id, c.toFix]));
  expect(Object.keys(toFix).filter((id) => toFix[id] > 0)).toEqual([
    'gdpr-5-1-e',
    'pci-3-2-1',
    'soc2-c1-2',
    'soc2-p4-2',
    'iso27701-retention',
  ]);
  expect(toFix['gdpr-5-1-e']).toBe(1);
  // The Markdown says the same, in a collapsed table, as evidence and never as a verdict of compliance.
  const md = (await runCli(['report', '--cdk-out', 'cdk.out', '--tf-out', 'cdktf.out', '--rasa', 'out'], dir)).out;
  const section = md.slice(md.indexOf('<details><summary>Controls this report gives evidence for'));
  expect(section).toContain(`> ${CROSSWALK_NOTE}`);
  expect(section).toMatch(
    /\| GDPR Art\. 5\(1\)\(e\) \| storage limitation[^|]*\| \d+ checks of CG-STORE-RETENTION, CG-STORES \| \*\*1\*\* \| \d+ \|/,
  );
  expect(section).toMatch(/\| PCI DSS v4\.0\.1 Req\. 3\.4\.1 \| [^|]+\| \d+ checks? of CG-UNMASK, CG-READERS \| 0 \|/);
  // Where the evidence stops short, the row says so.
  expect(section).toMatch(
    /\| PCI DSS v4\.0\.1 Req\. 3\.5\.1 \| PAN unreadable wherever it is stored \(limit: encryption at rest is not counted/,
  );
  expect(md).not.toMatch(/\bcompliant\b|\bcertif/i);
});

test('controlsEvidence counts a rule only on the agents whose platform it applies to', () => {
  const p = { agents: [{ agent: 'r', platform: 'rasa' }], findings: [] } as never;
  const unmask = controlsEvidence(p).find((c) => c.id === 'pci-3-4-1')!;
  // CG-UNMASK is a Lex rule: on a Rasa agent only CG-READERS runs.
  expect(unmask.checks).toBe(1);
});
