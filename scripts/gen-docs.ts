/**
 * Rewrites the generated sections of README.md from the code: what each platform really does (the example's
 * expected posture) and the posture rules. `npm run docs`; test/readme.test.ts fails when they are stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPolicy, plan } from '../lib/policy';
import { renderExpectedPosture, renderRules } from '../lib/report/expected-markdown';

const ROOT = path.join(__dirname, '..');
export function generatedReadme(readme: string): string {
  const p = plan(loadPolicy(path.join(ROOT, 'examples', 'convoguard.yaml')).policy);
  const sections: Record<string, string> = { posture: renderExpectedPosture(p), rules: renderRules() };
  let out = readme;
  for (const [name, body] of Object.entries(sections)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(out))
      throw new Error(`README.md has no <!-- generated:${name} --> … <!-- /generated:${name} --> section`);
    out = out.replace(re, (_m, start: string, end: string) => `${start}${body}${end}`);
  }
  return out;
}

if (require.main === module) {
  const file = path.join(ROOT, 'README.md');
  fs.writeFileSync(file, generatedReadme(fs.readFileSync(file, 'utf8')));
}
