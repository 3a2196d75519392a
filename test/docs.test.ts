/**
 * The documentation (README.md and docs/*.md, scripts/doc-pages.js) as users read it: generated sections current,
 * no text GitHub would drop, every link and anchor resolving, and every TypeScript example running with `convoguard`
 * imports pointed at this checkout, so the pages cannot drift from the API. test:package runs the same examples
 * against the packed package.
 */
import * as fs from 'fs';
import * as path from 'path';
import { transformSync } from '@swc/core';
import { EXAMPLE, ROOT, tmpDir } from './helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with test-package.js
const { docPages, tsExamples } = require('../scripts/doc-pages') as {
  docPages: (root: string) => string[];
  tsExamples: (markdown: string) => string[];
};

const pages: Record<string, string> = Object.fromEntries(
  docPages(ROOT).map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]),
);
const readme = pages['README.md'];
const blocks = Object.entries(pages).flatMap(([page, text]) => tsExamples(text).map((b, i) => ({ page, i, b })));

test('the documentation is README.md and the pages of docs/, each linked from the README or the API index', () => {
  expect(Object.keys(pages).length).toBeGreaterThan(5);
  const apiIndex = pages['docs/api/README.md'];
  for (const page of Object.keys(pages).filter((f) => f.startsWith('docs/'))) {
    const linked =
      page.startsWith('docs/api/') && page !== 'docs/api/README.md'
        ? apiIndex.includes(`](${page.slice('docs/api/'.length)})`)
        : readme.includes(`](${page})`);
    expect([page, linked]).toEqual([page, true]);
  }
});

test("the documentation's generated sections (expected posture, posture rules) are current: run `npm run docs`", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is a script, loaded here to compare its output
  const { generatedDocs } = require('../scripts/gen-docs') as typeof import('../scripts/gen-docs');
  expect(generatedDocs(pages)).toEqual(pages);
  expect(readme).toContain(
    '| logs: /convoguard/support-assistant-billing/lex-conversations | typically ≤ 4d (24h configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee)',
  );
});

test.each(Object.keys(pages))(
  '%s renders as written: outside code, no <word> that GitHub would take for an HTML tag and drop',
  (page) => {
    const prose = pages[page]
      .replace(/^```[\s\S]*?^```/gm, '')
      // A code span may wrap onto the next line of its paragraph.
      .replace(/`[^`]*`/g, '')
      .replace(/<!-- \/?generated:[a-z]+ -->/g, '');
    // The folding the pages use is allowed; a placeholder such as out/aws/<agent>/ would vanish on GitHub.
    const tags = [...prose.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)[^>]*>/g)]
      .map((m) => m[1].toLowerCase())
      .filter((t) => !['details', 'summary', 'br', 'b', 'sub'].includes(t));
    expect(tags).toEqual([]);
  },
);

/** GitHub's anchor for a heading: lower case, punctuation but hyphens dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
/** Every anchor of a page, as GitHub makes them: a heading whose anchor an earlier one has gets -1, -2, … */
const anchorsOf = (markdown: string) => {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const l of markdown.replace(/^```[\s\S]*?^```/gm, '').split('\n')) {
    if (!/^#{1,6} /.test(l)) continue;
    const a = slug(l.replace(/^#+ /, '').replace(/\s+#+\s*$/, ''));
    const n = seen.get(a) ?? 0;
    seen.set(a, n + 1);
    out.add(n === 0 ? a : `${a}-${n}`);
  }
  return out;
};

test.each(Object.keys(pages))('every relative link and anchor of %s resolves', (page) => {
  const broken: string[] = [];
  // Outside code: a link-like text in a code span is shown as written.
  const prose = pages[page].replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    const [file, anchor] = target.split('#');
    const to = file === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), file);
    if (!fs.existsSync(to)) broken.push(`${target}: no such file`);
    else if (anchor !== undefined && !anchorsOf(fs.readFileSync(to, 'utf8')).has(anchor))
      broken.push(`${target}: no heading with that anchor`);
  }
  expect(broken).toEqual([]);
});

test('the documentation has TypeScript examples', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(4);
});

test.each(
  blocks.map(({ page, i, b }) => [
    page,
    i + 1,
    b
      .split('\n')
      .find((l) => l.includes("from 'convoguard"))
      ?.trim() ?? '',
    b,
  ]),
)('%s example %i (%s) runs', (_page, _i, _line, source) => {
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

test("each API reference page's index links every export to its own heading (GitHub numbers repeated anchors)", () => {
  for (const page of Object.keys(pages).filter((f) => f.startsWith('docs/api/convoguard'))) {
    const nav = pages[page].split('\n').find((l) => l.startsWith('[')) ?? '';
    const targets = [...nav.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    const headings = pages[page].split('\n').filter((l) => l.startsWith('### ')).length;
    expect([page, targets.length, new Set(targets).size]).toEqual([page, headings, headings]);
  }
});
