import * as fs from 'fs';
import * as path from 'path';
import { transformSync } from '@swc/core';
import { EXAMPLE, ROOT, tmpDir } from './helpers';

// Every TypeScript example in the README runs, with `convoguard` imports pointed at this checkout, so the
// documentation cannot drift from the API.
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test("the README's generated sections (expected posture, posture rules) are current: run `npm run docs`", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is a script, loaded here to compare its output
  const { generatedReadme } = require('../scripts/gen-docs') as typeof import('../scripts/gen-docs');
  expect(readme).toBe(generatedReadme(readme));
  expect(readme).toContain(
    '| logs: /convoguard/support-assistant-billing/lex-conversations | typically ≤ 4d (24h configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee)',
  );
});

test('the README renders as written: outside code, no <word> that GitHub would take for an HTML tag and drop', () => {
  const prose = readme
    .replace(/^```[\s\S]*?^```/gm, '')
    // A code span may wrap onto the next line of its paragraph.
    .replace(/`[^`]*`/g, '')
    .replace(/<!-- \/?generated:[a-z]+ -->/g, '');
  // The folding the README itself uses is allowed; a placeholder such as out/aws/<agent>/ would vanish on GitHub.
  const tags = [...prose.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)[^>]*>/g)]
    .map((m) => m[1].toLowerCase())
    .filter((t) => !['details', 'summary', 'br', 'b', 'sub'].includes(t));
  expect(tags).toEqual([]);
});

test('the README has TypeScript examples', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(4);
});

test.each(
  blocks.map((b, i) => [
    i + 1,
    b
      .split('\n')
      .find((l) => l.includes("from 'convoguard"))
      ?.trim() ?? '',
    b,
  ]),
)('example %i (%s) runs', (_i, _line, source) => {
  const code = transformSync(String(source).replace(/'convoguard.yaml'/g, JSON.stringify(EXAMPLE)), {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
  const resolve = (m: string) =>
    m === 'convoguard'
      ? path.join(ROOT, 'lib')
      : m.startsWith('convoguard/')
        ? path.join(ROOT, 'lib', m.slice('convoguard/'.length))
        : m;
  const outdir = tmpDir('convoguard-readme-');
  const saved = { tf: process.env.CDKTF_OUTDIR, cdk: process.env.CDK_OUTDIR };
  process.env.CDKTF_OUTDIR = path.join(outdir, 'cdktf.out');
  process.env.CDK_OUTDIR = path.join(outdir, 'cdk.out');
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    // The snippet's own require() calls, redirected from the package name to lib/: a runtime path, so no import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module path is only known at run time
    new Function('require', 'exports', code)((m: string) => require(resolve(m)), {});
    // Each example that synthesizes wrote into the temporary folder, not into the checkout.
    expect(fs.readdirSync(outdir).length).toBeGreaterThanOrEqual(String(source).includes('.synth()') ? 1 : 0);
  } finally {
    log.mockRestore();
    for (const [k, v] of [
      ['CDKTF_OUTDIR', saved.tf],
      ['CDK_OUTDIR', saved.cdk],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test("the README's kinds table says what the catalog says for GLiNER and Bedrock", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CATALOG, KINDS } = require('../lib/policy/catalog') as typeof import('../lib/policy/catalog');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const k of KINDS) {
    const row = readme.split('\n').find((l) => l.startsWith(`| ${k} |`));
    if (!row) throw new Error(`the kinds table has no row for ${k}`);
    const [gliner, bedrock] = row
      .split('|')
      .slice(-3, -1)
      .map((c) => c.trim());
    expect([k, gliner]).toEqual([k, CATALOG[k].gliner ?? 'none']);
    const types = CATALOG[k].bedrock;
    // CREDIT_DEBIT_CARD_NUMBER, _CVV, _EXPIRY: suffixes share the first type's stem.
    const expanded = bedrock.startsWith('none')
      ? []
      : bedrock.split(', ').map((t, _i, all) => (t.startsWith('_') ? all[0].replace(/_[A-Z]+$/, '') + t : t));
    expect([k, expanded]).toEqual([k, [...types]]);
  }
});
