/**
 * Rewrites the generated sections of the documentation (README.md and docs/*.md) from the code: what each platform
 * really does (the example's expected posture) and the posture rules. Each section is in exactly one page.
 * `npm run docs`; test/docs.test.ts fails when they are stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPolicy, plan } from '../lib/policy';
import { renderExpectedPosture, renderRules } from '../lib/report/expected-markdown';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with test-package.js
const { docPages } = require('./doc-pages') as { docPages: (root: string) => string[] };

const ROOT = path.join(__dirname, '..');

/** Every page as it should be: `pages` maps a page (relative to the checkout) to its text. */
export function generatedDocs(pages: Readonly<Record<string, string>>): Record<string, string> {
  const p = plan(loadPolicy(path.join(ROOT, 'examples', 'convoguard.yaml')).policy);
  const sections: Record<string, string> = { posture: renderExpectedPosture(p), rules: renderRules() };
  const out = { ...pages };
  for (const [name, body] of Object.entries(sections)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    const holders = Object.keys(out).filter((f) => re.test(out[f]));
    if (holders.length !== 1)
      throw new Error(
        `the generated section ${name} (<!-- generated:${name} --> … <!-- /generated:${name} -->) is in ${holders.length === 0 ? 'no page' : holders.join(' and ')}; expected exactly one of ${Object.keys(out).join(', ')}`,
      );
    out[holders[0]] = out[holders[0]].replace(re, (_m, start: string, end: string) => `${start}${body}${end}`);
  }
  return out;
}

/** The documentation pages of the checkout and their text. */
export function readDocs(): Record<string, string> {
  return Object.fromEntries(docPages(ROOT).map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));
}

if (require.main === module) {
  const pages = readDocs();
  const next = generatedDocs(pages);
  for (const f of Object.keys(next)) if (next[f] !== pages[f]) fs.writeFileSync(path.join(ROOT, f), next[f]);
}
