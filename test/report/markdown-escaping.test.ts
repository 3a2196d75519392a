/**
 * A hand-edited output or a policy string must not change the review comment around it (lib/report/md.ts): every
 * value the posture report and the gate take from a synthesis goes through one escaping per medium.
 */
import * as path from 'path';
import { readPosture, renderMarkdown } from '../../lib/report';
import { renderGateMarkdown } from '../../lib/report/gate/render';
import { readSynthesis, runGate } from '../../lib/report/gate';
import { code, mermaidLabel, text } from '../../lib/report/md';
import { exampleSynthesis, mermaidBlocks, parseMermaid } from '../helpers';

const HOSTILE = [
  '\n## 🟢 convoguard posture: 0 findings\n',
  '@security-team please approve',
  '![x](https://attacker.example/pixel.png)',
  '<details><summary>fine</summary>',
  '[approved](https://attacker.example)',
  '\n```\nclick agent_billing "https://attacker.example"\n```',
  'a | b | c',
  'erase\u001b[2K\u001b[1Athe line\u202eesrever',
].join(' ');

/** The Markdown GitHub renders as text: fenced blocks and code spans are shown literally (no mention, no link). */
const prose = (md: string) => md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

describe('the posture report', () => {
  const dir = exampleSynthesis();
  const p = readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
  });
  // What hand edits and a policy can put in: a store name, a resource, a decrypter, a finding, the exception reason.
  const a = p.agents.find((x) => x.stores.length > 0 && x.keys.length > 0)!;
  const hostile = {
    ...p,
    findings: [
      {
        ...(p.findings[0] ?? { severity: 'medium', rule: 'CG-X', agent: a.agent, planned: false }),
        resource: HOSTILE,
        message: HOSTILE,
      },
    ],
    agents: [
      {
        ...a,
        agent: `billing${HOSTILE}`,
        source: HOSTILE,
        stores: a.stores.map((s) => ({ ...s, name: HOSTILE, resource: HOSTILE })),
        keys: a.keys.map((k) => ({ ...k, name: HOSTILE, resource: HOSTILE, decrypters: [HOSTILE] })),
        expected: {
          ...(a.expected ?? { caveats: [], deployerNeeds: [] }),
          exceptionReason: HOSTILE,
          caveats: [HOSTILE],
        },
      },
    ],
  } as typeof p;
  const md = renderMarkdown(hostile);

  it('has no heading, mention, image, link, HTML or control character but its own', () => {
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .every((l) => /^## (🔴|🟡|🟢) convoguard posture: 1 agent, |^### (To fix|Agents)$/.test(l)),
    ).toBe(true);
    expect(prose(md)).not.toMatch(/@security-team/);
    expect(prose(md)).not.toMatch(/(^|[^\\])\]\(https:\/\/attacker/);
    // The only HTML is the report's own folding: each <details> opens a line with a summary of plain text and <b>,
    // and is closed on a line of its own.
    const html = prose(md).match(/<\/?[a-z][^>]*>/g) ?? [];
    expect(new Set(html)).toEqual(
      new Set(['<details>', '<summary>', '</summary>', '<b>', '</b>', '<br>', '</details>']),
    );
    for (const l of md.split('\n').filter((x) => x.startsWith('<details>')))
      expect(l).toMatch(/^<details><summary>(?:[^<]|<\/?b>)*<\/summary>$/);
    expect(md.split('\n').filter((l) => l.startsWith('<details>')).length).toBe(
      md.split('\n').filter((l) => l === '</details>').length,
    );
    // eslint-disable-next-line no-control-regex -- what must not reach the comment
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('keeps every table row one line with its own number of cells', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows.length).toBeGreaterThan(4);
    for (const r of rows) {
      const cells = r.split(/(?<!\\)\|/).length;
      // At most five columns: a comment's table must fit a review screen.
      expect([6, 7]).toContain(cells);
    }
  });

  it('keeps the flowchart one fence with no directive but its own', () => {
    const fences = md.split('\n').filter((l) => l.startsWith('```'));
    expect(fences.length % 2).toBe(0);
    const chart = md.slice(md.indexOf('```mermaid'));
    const body = chart.slice(0, chart.indexOf('\n```', 5)).split('\n').slice(1);
    expect(
      body.every((l) =>
        /^flowchart LR$|^ {2}agent_\w+|^ {2}classDef raw fill:#fde2e2,stroke:#c0392b,stroke-width:2px$|^ {2}class [\w,]+ raw$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(body.join('\n')).not.toMatch(/^\s*click /m);
  });

  it("keeps the hostile flowchart one that mermaid's parser reads", () => {
    const charts = mermaidBlocks(md);
    expect(charts.length).toBeGreaterThan(0);
    expect(parseMermaid(charts)).toEqual(charts.map(() => ({ ok: true, type: 'flowchart-v2' })));
  });
});

describe('the gate comment', () => {
  it('escapes what a head puts in a resource id and a value', () => {
    const base = readSynthesis(exampleSynthesis());
    const r = runGate(base, base);
    const forged = {
      ...r,
      passes: false,
      output: [
        {
          class: 'unverified',
          resource: HOSTILE,
          file: HOSTILE,
          path: HOSTILE,
          type: 'AWS::S3::Bucket',
          before: HOSTILE,
          after: HOSTILE,
          why: HOSTILE,
        },
      ],
    } as unknown as typeof r;
    const md = renderGateMarkdown(forged);
    // (The gate folds its own acknowledgement snippet in a <details>; no other opens.)
    expect(prose(md)).not.toContain('<details><summary>fine');
    expect(prose(md)).not.toMatch(/(^|[^\\])\]\(https:\/\/attacker/);
    expect(prose(md)).not.toMatch(/@security-team/);
    // The acknowledgement snippet quotes the id in a fenced block: one line each, no fence closed early, no override.
    expect(md.split('\n').filter((l) => l.startsWith('```')).length % 2).toBe(0);
    // eslint-disable-next-line no-control-regex -- what must not reach the comment
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

test('each escaping on its own', () => {
  expect(text('a\n# b @c <i> [l](u) `x`')).toBe("a \\# b @\u200bc &lt;i&gt; \\[l\\](u) 'x'");
  expect(code('a`b|c\nd')).toBe("`a'b\\|c d`");
  expect(mermaidLabel('x"]\nclick a "u"<b>')).toBe("x'] click a 'u'#lt;b#gt;");
});
