/**
 * The posture comment a reviewer reads: it fits GitHub's comment limit for any fleet (65,536 characters; the budget
 * is 60,000), keeps every finding to fix, and renders as intended (tables of at most five columns, folded sections
 * that open and close), checked with a CommonMark renderer with GitHub's tables rather than a snapshot.
 */
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { readPosture, renderMarkdown } from '../../lib/report';
import { COMMENT_BUDGET } from '../../lib/report/markdown';
import type { Finding, Posture } from '../../lib/report/model';
import { readSynthesis, runGate } from '../../lib/report/gate';
import type { OutputChange } from '../../lib/report/gate/change';
import { renderGateMarkdown } from '../../lib/report/gate/render';
import { editedExample, exampleSynthesis, mermaidBlocks, parseMermaid } from '../helpers';

const md = new MarkdownIt({ html: true });
let example: Posture;
beforeAll(() => {
  const dir = exampleSynthesis();
  example = readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
  });
});

/** The example's agents `copies` times over, renamed, with their findings; `toFix` of them get a finding the plan does not name. */
function fleet(copies: number, toFix: number): Posture {
  const agents = Array.from({ length: copies }, (_, i) =>
    example.agents.map((a) => ({ ...a, agent: `${a.agent}-${i}` })),
  ).flat();
  const findings: Finding[] = Array.from({ length: copies }, (_, i) =>
    example.findings.map((f) => ({ ...f, agent: `${f.agent}-${i}` })),
  ).flat();
  for (let i = 0; i < toFix; i++)
    findings.push({
      severity: 'high',
      rule: 'CG-STORE-RETENTION',
      agent: `billing-${i}`,
      resource: 'billingConversationLogs48438003',
      message: `kept 30d, the plan configures 24h (${i})`,
      planned: false,
    });
  return { ...example, agents, findings };
}

/** The example with billing's conversation logs kept 30 days instead of one: a head the diff draws. */
const weakenedHead = () =>
  editedExample(
    'cdk.out/support-assistant-aws-us-east-1.template.json',
    (t) => (t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 30),
  );

/** What a reader sees: the tables' header cell counts, and any of our HTML GitHub would show as text. */
function rendered(markdown: string) {
  const html = md.render(markdown);
  const headers = [...html.matchAll(/<thead>\s*<tr>([\s\S]*?)<\/tr>/g)].map((m) => (m[1].match(/<th>/g) ?? []).length);
  return {
    html,
    headers,
    escapedFolding: /&lt;\/?(details|summary)&gt;/.test(html.replace(/<code>[\s\S]*?<\/code>/g, '')),
  };
}

test('the example: everything shown, diagrams included, tables of at most five columns, folding that renders', () => {
  const out = renderMarkdown(example);
  expect(out.length).toBeLessThan(COMMENT_BUDGET);
  expect(out).not.toContain('Shortened to fit');
  expect(out.match(/```mermaid/g)).toHaveLength(example.agents.filter((a) => a.stores.length > 0).length);
  const r = rendered(out);
  expect(r.escapedFolding).toBe(false);
  expect(r.headers.length).toBeGreaterThan(5);
  expect(Math.max(...r.headers)).toBeLessThanOrEqual(5);
  expect((r.html.match(/<details>/g) ?? []).length).toBe((r.html.match(/<\/details>/g) ?? []).length);
});

test.each([
  [12, 3],
  [20, 5],
  [60, 40],
])(
  'a fleet of %i copies of the example (%i findings to fix) fits the budget and keeps every finding to fix',
  (copies, toFix) => {
    const p = fleet(copies, toFix);
    const full = renderMarkdown(p, Number.MAX_SAFE_INTEGER);
    // Without the budget the comment would be refused (the example alone is about 30,000 characters).
    expect(full.length).toBeGreaterThan(65_536);
    const out = renderMarkdown(p);
    expect(out.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(out).toContain('Shortened to fit a pull-request comment');
    expect(out.split('\n')[0]).toBe(
      `## 🔴 convoguard posture: ${copies * 6} agents, ${toFix} high and 0 medium findings to fix; ${copies * 21} known gaps the plan names (${copies * 2} high)`,
    );
    for (let i = 0; i < toFix; i++) expect(out).toContain(`kept 30d, the plan configures 24h (${i})`);
    // Every agent is still named, each with what it has to fix.
    for (const a of p.agents) expect(out).toContain(a.agent);
    const r = rendered(out);
    expect(r.escapedFolding).toBe(false);
    expect(Math.max(...r.headers)).toBeLessThanOrEqual(5);
  },
);

test('the last resort cuts whole lines, closes the fold it cut into, and says so', () => {
  const out = renderMarkdown(fleet(3, 2), 1_500);
  expect(out.length).toBeLessThanOrEqual(1_500);
  expect(out).toContain('cut at the size GitHub accepts');
  const r = rendered(out);
  expect(r.escapedFolding).toBe(false);
  expect((r.html.match(/<details>/g) ?? []).length).toBe((r.html.match(/<\/details>/g) ?? []).length);
});

test('the gate comment fits too: neutral changes are counted, not listed, then the rest is cut with a pointer to the full diff', () => {
  const dir = exampleSynthesis();
  const same = runGate(readSynthesis(dir), readSynthesis(dir));
  const change = (i: number, cls: OutputChange['class']): OutputChange => ({
    class: cls,
    file: 'cdk.out/x.template.json',
    resource: `Resource${i}`,
    type: 'AWS::S3::Bucket',
    path: 'Properties.Tags',
    before: 'a',
    after: 'b',
    why: 'tags',
  });
  const many = {
    ...same,
    output: [
      ...Array.from({ length: 3000 }, (_, i) => change(i, 'neutral')),
      ...Array.from({ length: 20 }, (_, i) => change(i, 'weakening')),
    ],
  };
  const out = renderGateMarkdown(many);
  expect(renderGateMarkdown(many, Number.MAX_SAFE_INTEGER).length).toBeGreaterThan(65_536);
  expect(out.length).toBeLessThanOrEqual(COMMENT_BUDGET);
  expect(out).toContain('3000 strengthening and neutral output changes, not listed here.');
  for (let i = 0; i < 20; i++) expect(out).toContain(`\`Resource${i}\``);
  const huge = { ...same, output: Array.from({ length: 3000 }, (_, i) => change(i, 'weakening')) };
  const cutOut = renderGateMarkdown(huge);
  expect(cutOut.length).toBeLessThanOrEqual(COMMENT_BUDGET);
  expect(cutOut).toContain('Shortened to fit a pull-request comment');
  expect(rendered(cutOut).escapedFolding).toBe(false);
});

test('the diff draws each agent whose posture changed, with the weakened store marked and the rest as they are', () => {
  const base = exampleSynthesis();
  const head = weakenedHead();
  const out = renderGateMarkdown(runGate(readSynthesis(base), readSynthesis(head)));
  expect(out).toContain("<details><summary>Where billing's data goes with this change</summary>");
  const chart = out.slice(out.indexOf('```mermaid'), out.indexOf('```', out.indexOf('```mermaid') + 3));
  expect(chart).toContain('agent_billing_0[("logs: /convoguard/support-assistant-billing/lex-conversations")]');
  expect(chart).toMatch(/\n {2}class agent_billing_0 weakened\n/);
  expect(chart).not.toContain('agent_support');
  expect(rendered(out).escapedFolding).toBe(false);
  // An unchanged head draws nothing.
  expect(renderGateMarkdown(runGate(readSynthesis(base), readSynthesis(exampleSynthesis())))).not.toContain(
    '```mermaid',
  );
});

test('more findings to fix than fit: first their messages go, then the comment says how many of them it still lists', () => {
  const many = fleet(2, 0);
  const findings = Array.from({ length: 400 }, (_, i) => ({
    severity: 'high' as const,
    rule: 'CG-STORE-RETENTION',
    agent: 'billing-0',
    resource: `Resource${i}`,
    message: `kept ${i} days longer than the plan allows `.repeat(4),
    planned: false,
  }));
  const compact = renderMarkdown({ ...many, findings: [...many.findings, ...findings] });
  expect(compact.length).toBeLessThanOrEqual(COMMENT_BUDGET);
  // 400 rows with messages do not fit; without them they do, and every one is listed.
  for (const i of [0, 199, 399]) expect(compact).toContain(`\`Resource${i}\``);
  expect(compact).toContain('| severity | rule | agent | where |');
  const huge = renderMarkdown({
    ...many,
    findings: [
      ...many.findings,
      ...Array.from({ length: 1500 }, (_, i) => ({ ...findings[0], resource: `Resource${i}` })),
    ],
  });
  expect(huge.length).toBeLessThanOrEqual(COMMENT_BUDGET);
  const listed = Number(/: (\d+) of the 1500 findings to fix are listed/.exec(huge)![1]);
  expect((huge.match(/^\| high \| CG-STORE-RETENTION \| billing-0 \| `Resource\d+` \|$/gm) ?? []).length).toBe(listed);
  expect(rendered(huge).escapedFolding).toBe(false);
});

test("every diagram the comments draw parses with mermaid's own parser; a broken one does not", () => {
  // The report's flowcharts of every agent, a fleet's, and the diff's of a weakened head.
  const head = weakenedHead();
  const report = mermaidBlocks(renderMarkdown(example));
  const diff = mermaidBlocks(renderGateMarkdown(runGate(readSynthesis(exampleSynthesis()), readSynthesis(head))));
  expect(report).toHaveLength(example.agents.filter((a) => a.stores.length > 0).length);
  expect(diff).toHaveLength(1);
  // The last one is a control: the same chart with a label left open, which the parser must refuse.
  const broken = report[0].replace(/\["/, '["unclosed ').replace(/"\]/, ']');
  const results = parseMermaid([...report, ...diff, broken]);
  expect(results.slice(0, -1)).toEqual([...report, ...diff].map(() => ({ ok: true, type: 'flowchart-v2' })));
  expect(results[results.length - 1]).toMatchObject({ ok: false, error: expect.stringMatching(/Parse error/) });
});
