/**
 * The posture comment against the pull request's base (`report --dir head --base base`): the verdict is what the
 * head adds, so an unchanged head says nothing is new however many known gaps the fleet has, and a finding the
 * pull request adds is counted, marked and listed first.
 */
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { readPosture, renderMarkdown } from '../../lib/report';
import { againstBase } from '../../lib/report/markdown';
import type { Finding, Posture } from '../../lib/report/model';
import { editedExample, exampleSynthesis, runCli } from '../helpers';

const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
let example: Posture;
let exampleDir: string;
beforeAll(() => {
  exampleDir = exampleSynthesis();
  example = readPosture({
    cdkOut: path.join(exampleDir, 'cdk.out'),
    tfOut: path.join(exampleDir, 'cdktf.out'),
    out: path.join(exampleDir, 'out'),
  });
});

const finding = (over: Partial<Finding>): Finding => ({
  severity: 'high',
  rule: 'CG-STORE-RETENTION',
  agent: 'billing',
  resource: 'billingConversationLogs48438003',
  message: 'kept 3653d, the plan configures 24h',
  planned: false,
  ...over,
});
const withFindings = (p: Posture, add: Finding[]): Posture => ({ ...p, findings: [...p.findings, ...add] });
const firstLine = (md: string) => md.split('\n')[0];

test('an unchanged head: nothing new, whatever the known gaps', () => {
  const known = example.findings.filter((f) => f.planned);
  expect(known.length).toBeGreaterThan(10);
  const line = firstLine(renderMarkdown(example, undefined, example));
  expect(line).toBe(
    `## 🟢 convoguard posture against the base: nothing new to fix; ${example.agents.length} agents, 0 to fix already on the base, 0 fixed; ${known.length} known gaps the plan names (${known.filter((f) => f.severity === 'high').length} high)`,
  );
});

test('a finding the head adds is the verdict, marked new and listed before the ones the base already had', () => {
  const old = finding({ rule: 'CG-STORE-CMK', severity: 'medium', message: 'not encrypted with a key you control' });
  const base = withFindings(example, [old]);
  const head = withFindings(example, [old, finding({})]);
  const md = renderMarkdown(head, undefined, base);
  expect(firstLine(md)).toMatch(
    /^## 🔴 convoguard posture against the base: 1 high and 0 medium finding to fix that the base does not have; \d+ agents, 1 to fix already on the base, 0 fixed; /,
  );
  const rows = md.split('\n').filter((l) => l.startsWith('| high') || l.startsWith('| medium'));
  expect(rows[0]).toMatch(/^\| high, \*\*new\*\* \| CG-STORE-RETENTION \| billing \|/);
  expect(rows[1]).toMatch(/^\| medium \| CG-STORE-CMK \| billing \|/);
  // The marker renders as emphasis inside the table cell, not as text.
  expect(new MarkdownIt().render(md)).toContain('<td>high, <strong>new</strong></td>');
});

test('worsened (medium on the base, high on the head) counts as added; a message that changes alone does not', () => {
  const base = withFindings(example, [finding({ severity: 'medium' }), finding({ rule: 'CG-READERS', message: 'a' })]);
  const head = withFindings(example, [finding({}), finding({ rule: 'CG-READERS', message: 'b' })]);
  const vs = againstBase(head, base);
  expect(vs.added.map((f) => f.rule)).toEqual(['CG-STORE-RETENTION']);
  expect(vs.kept).toBe(1);
  expect(vs.fixed).toBe(0);
});

test('a finding the head fixes is counted; a known gap the head adds is named in the verdict line', () => {
  const base = withFindings(example, [finding({})]);
  const head = withFindings(example, [finding({ rule: 'CG-KINDS', severity: 'medium', planned: true })]);
  const vs = againstBase(head, base);
  expect(vs).toMatchObject({ added: [], kept: 0, fixed: 1, newGaps: 1 });
  expect(firstLine(renderMarkdown(head, undefined, base))).toMatch(
    /^## 🟢 convoguard posture against the base: nothing new to fix; \d+ agents, 0 to fix already on the base, 1 fixed; \d+ known gaps the plan names \(\d+ high, 1 new against the base\)$/,
  );
});

test('report --dir head --base base: a hand edit the head adds is the verdict; --fail-on-findings still judges the head', async () => {
  const head = editedExample(
    CFN,
    (t) => (t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 3653),
  );
  const r = await runCli(['report', '--dir', head, '--base', exampleDir, '--fail-on-findings']);
  expect(r.err).toBe('');
  expect(r.code).toBe(1);
  expect(firstLine(r.out)).toMatch(/^## 🔴 convoguard posture against the base: 1 high and 0 medium finding to fix/);
  expect(r.out).toMatch(/\| high, \*\*new\*\* \| CG-STORE-RETENTION \| billing \|/);

  const same = await runCli(['report', '--dir', exampleDir, '--base', exampleDir]);
  expect(same.code).toBe(0);
  expect(firstLine(same.out)).toMatch(/^## 🟢 convoguard posture against the base: nothing new to fix;/);
});

test('--base is refused without --dir and with a format other than Markdown, before anything is read', async () => {
  const noDir = await runCli(['report', '--cdk-out', 'cdk.out', '--base', exampleDir], exampleDir);
  expect(noDir.code).toBe(2);
  expect(noDir.err).toContain('--base compares two syntheses: give the head with --dir');
  const sarif = await runCli(['report', '--dir', exampleDir, '--base', exampleDir, '--format', 'sarif']);
  expect(sarif.code).toBe(2);
  expect(sarif.err).toContain('--base applies to the Markdown report');
});

test('a second finding of one rule on one resource is added, not hidden behind the first', () => {
  const reader = (who: string) =>
    finding({ rule: 'CG-READERS', resource: 'billingKey885896F5', message: `${who} may decrypt`, severity: 'high' });
  const base = withFindings(example, [reader('arn:aws:iam::111122223333:role/A')]);
  const head = withFindings(example, [
    reader('arn:aws:iam::111122223333:role/A'),
    reader('arn:aws:iam::111122223333:root'),
  ]);
  const vs = againstBase(head, base);
  expect(vs.added).toHaveLength(1);
  expect(vs.kept).toBe(1);
  expect(firstLine(renderMarkdown(head, undefined, base))).toMatch(
    /^## 🔴 .*: 1 high and 0 medium finding to fix that the base does not have; \d+ agents, 1 to fix already on the base, 0 fixed;/,
  );
});

test('a finding the policy now accepts as a known gap is a new known gap, not fixed', () => {
  const base = withFindings(example, [finding({})]);
  const head = withFindings(example, [finding({ planned: true })]);
  expect(againstBase(head, base)).toMatchObject({ added: [], kept: 0, fixed: 0, newGaps: 1 });
});
