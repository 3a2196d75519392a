import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Io } from '../lib/cli/io';
import { main } from '../lib/cli/main';
import { formatProblem, parsePolicy, PolicyError } from '../lib/policy';

export const ROOT = path.join(__dirname, '..');
export const EXAMPLE = path.join(ROOT, 'examples', 'convoguard.yaml');
export const exampleText = (): string => fs.readFileSync(EXAMPLE, 'utf8');

/** The formatted problems of a policy text read as `p.yaml`, or [] when it is valid. */
export function policyProblems(text: string): string[] {
  try {
    parsePolicy(text, 'p.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return e.problems.map(formatProblem);
  }
}

export function tmpDir(prefix = 'convoguard-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, as `convoguard <args>` would from `cwd`. */
export async function runCli(
  args: string[],
  cwd = ROOT,
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), cwd, env };
  const code = await main(args, io);
  return { code, out, err };
}

/**
 * A deterministic external checker's verdict (the Terraform schema validator), kept on a working copy in
 * node_modules/.cache/convoguard/<tool>, keyed by everything it depends on (the input's bytes, the tool's own
 * files): the same input to the same tool gets the same verdict without starting it again. Only a verdict
 * the tool finished is kept. CI (CI=true) always runs the tool.
 */
export function cachedVerdict<T>(
  tool: string,
  key: ReadonlyArray<string | Buffer>,
  run: () => T,
  finished: (verdict: T) => boolean = () => true,
): T {
  if (process.env.CI) return run();
  const hash = crypto.createHash('sha256');
  for (const k of key) hash.update(String(Buffer.byteLength(k))).update(k);
  const entry = path.join(ROOT, 'node_modules', '.cache', 'convoguard', tool, `${hash.digest('hex')}.json`);
  if (fs.existsSync(entry)) return JSON.parse(fs.readFileSync(entry, 'utf8')) as T;
  const verdict = run();
  // A tool that crashed or was stopped said nothing about the input: that is never kept.
  if (!finished(verdict)) return verdict;
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  // Written whole, then renamed: a worker never reads half an entry another one is writing.
  fs.writeFileSync(`${entry}.${process.pid}`, JSON.stringify(verdict));
  fs.renameSync(`${entry}.${process.pid}`, entry);
  return verdict;
}

/** Every file below `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The example policy synthesized by `convoguard synth` (policy.yaml, out/, cdktf.out/, cdk.out/), made once for the
 * whole suite by test/global-setup.ts. Each call returns a fresh copy, so a test may edit it as a head.
 */
export function exampleSynthesis(): string {
  const shared = process.env.CONVOGUARD_TEST_EXAMPLE_SYNTH;
  if (!shared || !fs.existsSync(shared))
    throw new Error('CONVOGUARD_TEST_EXAMPLE_SYNTH is not set: run the tests through jest.config.js (globalSetup)');
  const to = tmpDir('convoguard-example-');
  fs.cpSync(shared, to, { recursive: true });
  return to;
}

/**
 * A copy of the example synthesis with one file edited as JSON, as a head: a CloudFormation template under cdk.out/
 * is resealed (resealCdkOut), as `cdk synth` would have written it with that template.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function editedExample(file: string, edit: (doc: any) => void): string {
  const to = exampleSynthesis();
  const doc = JSON.parse(fs.readFileSync(path.join(to, file), 'utf8'));
  edit(doc);
  fs.writeFileSync(path.join(to, file), JSON.stringify(doc));
  if (file.startsWith('cdk.out/') && file.endsWith('.template.json')) resealCdkOut(to);
  return to;
}

/**
 * After a test edits a template of a synthesis in `dir`, writes what `cdk synth` would have written with it: the
 * template's asset under its new hash in the asset manifest, and the stack's template URL in the cloud assembly.
 */
export function resealCdkOut(dir: string): void {
  const cdkOut = path.join(dir, 'cdk.out');
  if (!fs.existsSync(cdkOut)) return;
  const manifestFile = path.join(cdkOut, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  for (const [id, a] of Object.entries(
    manifest.artifacts as Record<string, { type: string; properties: Record<string, unknown> }>,
  )) {
    if (a.type !== 'aws:cloudformation:stack') continue;
    const templateFile = path.join(cdkOut, `${id}.template.json`);
    if (!fs.existsSync(templateFile)) continue;
    const hash = crypto.createHash('sha256').update(fs.readFileSync(templateFile)).digest('hex');
    const assetsFile = path.join(cdkOut, `${id}.assets.json`);
    const assets = JSON.parse(fs.readFileSync(assetsFile, 'utf8'));
    const [oldHash, entry] = Object.entries(
      assets.files as Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>,
    ).find(([, f]) => f.source.path === `${id}.template.json`)!;
    delete assets.files[oldHash];
    for (const d of Object.values(entry.destinations)) d.objectKey = `${hash}.json`;
    assets.files[hash] = entry;
    fs.writeFileSync(assetsFile, JSON.stringify(assets, null, 1));
    a.properties.stackTemplateAssetObjectUrl = String(a.properties.stackTemplateAssetObjectUrl).replace(oldHash, hash);
  }
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
}

/**
 * The policy text without its streams, and so without the Kafka that would carry them: a cluster nothing publishes
 * to, or one that carries no topic, is refused at validation.
 */
export function withoutStreams(text: string): string {
  const out = text
    .replace(/^streams: .*\n(?: {2}- \{ topic: .*\n)+/m, '')
    .replace(/^ {6}kafka: \{ subnet(?:Ids)?: .*\n/gm, '')
    .replace(/kafka: \{ cluster: [a-z-]+(?:, principal: [^ }]+)? \} /g, '');
  if (out === text || /^streams:/m.test(out))
    throw new Error('withoutStreams: the policy no longer has the streams this expects: update the helper');
  return out;
}

/** The ```mermaid blocks of a Markdown text, without their fences. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/**
 * Each diagram through mermaid's own parser (test/tools/mermaid-parse.mjs, in a process of its own: mermaid is ESM
 * and wants a DOM), as the renderer of a GitHub comment would parse it.
 */
export function parseMermaid(diagrams: readonly string[]): Array<{ ok: boolean; type?: string; error?: string }> {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'tools', 'mermaid-parse.mjs')], {
    input: JSON.stringify(diagrams),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`the mermaid parser did not run (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}
