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
const imports = (file: string) =>
  [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/(?:from\s+|require\()\s*'([^']+)'/g)].map((m) => m[1]);

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

/** The import cycles among `files` (relative imports, type-only ones included: they show types in the wrong file). */
function cycles(files: readonly string[], importsOf: (file: string) => string[] = imports): string[] {
  const resolve = (from: string, spec: string): string | undefined => {
    const base = path.join(path.dirname(from), spec);
    return [`${base}.ts`, path.join(base, 'index.ts')].find((c) => files.includes(c));
  };
  const edges = new Map(
    files.map((f) => [f, importsOf(f).flatMap((m) => (m.startsWith('.') ? (resolve(f, m) ?? []) : []))]),
  );
  const found = new Set<string>();
  const stack: string[] = [];
  const done = new Set<string>();
  const visit = (f: string) => {
    if (stack.includes(f)) {
      found.add(stack.slice(stack.indexOf(f)).concat(f).join(' -> '));
      return;
    }
    if (done.has(f)) return;
    stack.push(f);
    for (const d of edges.get(f) ?? []) visit(d);
    stack.pop();
    done.add(f);
  };
  files.forEach(visit);
  return [...found];
}

test('lib/policy has no import cycle, type-only ones included (types live in the module that owns them)', () => {
  expect(cycles(sources('lib/policy'))).toEqual([]);
  // The check sees a cycle when there is one (a type-only import back, as plan-types and verify had).
  const fake: Record<string, string[]> = {
    'lib/a.ts': ['./b'],
    'lib/b.ts': ['./c'],
    'lib/c.ts': ['./a'],
    'lib/d.ts': ['./a'],
  };
  expect(cycles(Object.keys(fake), (f) => fake[f])).toEqual(['lib/a.ts -> lib/b.ts -> lib/c.ts -> lib/a.ts']);
});
