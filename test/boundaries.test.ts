import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers';

/** Every .ts file below these folders, relative to the repo. */
function sources(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  };
  dirs.forEach(walk);
  return out;
}
const imports = (file: string) => [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/(?:from\s+|require\()\s*'([^']+)'/g)].map((m) => m[1]);

test('lib/policy imports neither aws-cdk-lib nor cdktf', () => {
  const bad = sources('lib/policy').flatMap((f) =>
    imports(f)
      .filter((m) => /^(aws-cdk-lib|cdktf|@cdktf\/|cdk-nag)/.test(m))
      .map((m) => `${f}: ${m}`),
  );
  expect(bad).toEqual([]);
});

test('every cdktf import lives in lib/gcp (a move to the cdktn fork is a one-folder change)', () => {
  const bad = sources('lib', 'bin')
    .filter((f) => !f.startsWith(path.join('lib', 'gcp')))
    .flatMap((f) =>
      imports(f)
        .filter((m) => /^(cdktf|@cdktf\/)/.test(m))
        .map((m) => `${f}: ${m}`),
    );
  expect(bad).toEqual([]);
});

test('the Google provider is only imported by deep path, in code and tests', () => {
  const bad = sources('lib', 'bin', 'test', 'bench').flatMap((f) =>
    imports(f)
      .filter((m) => m === '@cdktf/provider-google')
      .map((m) => `${f}: ${m}`),
  );
  expect(bad).toEqual([]);
});
