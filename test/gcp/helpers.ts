import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { cachedVerdict } from '../helpers';

export const VALIDATOR = path.join(__dirname, '..', '..', '..', 'shared', 'tools', 'validate-tf-json.py');
export const hasValidator = fs.existsSync(VALIDATOR);
if (!hasValidator) {
  // Visible in the test output: these checks need ../shared beside the clone, which a user's clone does not have.
  console.warn(`NOTICE: ${VALIDATOR} is absent; the google 6.50.0 schema checks are skipped`);
}

export type Tf = {
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
};

/** Synthesizes what `build` adds to a fresh stack and returns the Terraform JSON. */
export function synthStack(build: (stack: TerraformStack) => void): Tf {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new GoogleProvider(stack, 'google', { project: 'acme-prod' });
  build(stack);
  return JSON.parse(Testing.synth(stack, true));
}

/** The single resource of a type (fails when there are 0 or several). */
export function only(tf: Tf, type: string): any {
  const all = Object.values(tf.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** `${type.name.attr}` of the single resource of a type. */
export function ref(tf: Tf, type: string, attr: string): string {
  const names = Object.keys(tf.resource[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attr}}`;
}

const SCHEMAS = path.join(__dirname, '..', '..', '..', 'shared', 'reference', 'gcp');
let mergedSchema: string | undefined;

/**
 * The google 6.50.0 schema with the google_ces_* types of provider 7.45 merged in (what a CX Agent Studio stack is
 * checked against), written once per worker.
 */
export function cesSchema(): string {
  if (!mergedSchema) {
    const base = JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'google-6.50.0-schema.json'), 'utf8'));
    const ces = JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'google-ces-schema.json'), 'utf8'));
    delete ces._about;
    mergedSchema = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ces-')), 'google-merged-schema.json');
    fs.writeFileSync(mergedSchema, JSON.stringify({ ...base, ...ces }));
  }
  return mergedSchema;
}

/**
 * Runs the schema validator on Terraform JSON; returns its output and exit code. A document that pins the CX Agent
 * Studio provider release is checked against the merged schema.
 */
export function validateTf(tf: Tf | string): { code: number; output: string } {
  const file = typeof tf === 'string' ? tf : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-')), 'cdk.tf.json');
  if (typeof tf !== 'string') fs.writeFileSync(file, JSON.stringify(tf));
  const bytes = fs.readFileSync(file);
  const doc = JSON.parse(bytes.toString('utf8'));
  const ces = Object.keys(doc.resource ?? {}).some((t) => t.startsWith('google_ces_'));
  // The file's path stands for itself in a kept verdict: the same document checked from another folder.
  const verdict = cachedVerdict(
    'tf-validate',
    [...toolFiles(), String(ces), bytes],
    () => {
      try {
        const args = [VALIDATOR, ...(ces ? [cesSchema()] : []), file];
        return { code: 0, output: execFileSync('python3', args, { encoding: 'utf8' }).split(file).join(FILE_MARK) };
      } catch (e) {
        const err = e as { status: number; stdout: string };
        return { code: err.status, output: err.stdout.split(file).join(FILE_MARK) };
      }
    },
    // Finished: its summary line printed (a traceback or a kill prints none).
    (v) => (v.code === 0 || v.code === 1) && /\b\d+ errors? in \d+ file/.test(v.output),
  );
  return { code: verdict.code, output: verdict.output.split(FILE_MARK).join(file) };
}

const FILE_MARK = '\u0000file\u0000';
let tools: Buffer[] | undefined;
/** What a verdict depends on besides the document: the validator and both schemas. */
const toolFiles = () =>
  (tools ??= [
    fs.readFileSync(VALIDATOR),
    fs.readFileSync(path.join(SCHEMAS, 'google-6.50.0-schema.json')),
    fs.readFileSync(path.join(SCHEMAS, 'google-ces-schema.json')),
  ]);

export const testIf = (cond: boolean) => (cond ? test : test.skip);
export { App, Construct };
