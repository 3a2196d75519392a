/**
 * Reading the synthesized files `report` and `diff` review, and refusing the ones that are not what a synthesis
 * writes. A corrupt file (truncated JSON, a `null` resource, a policy `Statement` that is not a list, broken YAML)
 * is a `ReportInputError` with the file, the place and what was expected: the CLI exits 2 on it, which is distinct
 * from exit 1 ("weakening found"). A well-formed file whose values the readers cannot resolve is a different thing:
 * the readers report it as "cannot verify", a weakening.
 */
import * as fs from 'fs';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../input-error';
import { readBoundedBytes } from '../policy/limits';

/** A synthesized file or folder that is not what a synthesis writes: an InputError (exit 2 in the CLI). */
export class ReportInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** Bytes of one synthesized file the readers accept (CloudFormation's own template limit is 1 MB). */
export const MAX_SYNTH_FILE_BYTES = 64 * 1024 * 1024;

export function readText(file: string, what: string): string {
  return readBytes(file, what).toString('utf8');
}

/** The bytes of a synthesized file, or a `ReportInputError` saying why it cannot be read. */
export function readBytes(file: string, what: string): Buffer {
  try {
    // Devices and pipes never end (or block on open): a synthesis writes regular files only, so nothing else is read.
    if (!fs.statSync(file).isFile())
      throw new ReportInputError(`${file}: not a regular file (a device, a pipe or a folder); expected ${what}`);
    return readBoundedBytes(file, MAX_SYNTH_FILE_BYTES);
  } catch (e) {
    if (e instanceof ReportInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'E2BIG')
      throw new ReportInputError(
        `${file}: a ${what} this large is not a synthesis (at most ${MAX_SYNTH_FILE_BYTES} bytes are read)`,
      );
    throw new ReportInputError(
      `${file}: cannot be read as ${what} (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'not found' : (code ?? String(e))})`,
    );
  }
}

/** Line and column of a character offset. */
function position(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return `${line}:${offset - last}`;
}

/** The parsed JSON of `file`, or a located `ReportInputError`. */
export function readJsonFile(file: string, what: string): unknown {
  return parseJson(readText(file, what), file, what);
}

/** The parsed JSON of `text`, the content of `file`, or a located `ReportInputError`. */
export function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const at = m ? position(text, Number(m[1])) : text.trim() === '' ? '1:1' : `${text.split('\n').length}:1`;
    const why =
      text.trim() === ''
        ? 'the file is empty'
        : (e as Error).message
            .replace(/ in JSON at position \d+.*$/, '')
            .replace(/^Unexpected end of JSON input$/, 'the JSON ends early (truncated?)');
    throw new ReportInputError(`${file}:${at}: not valid JSON: ${why}; expected ${what} as a synthesis writes it`);
  }
}

/** The parsed YAML of `file` (an agent file), or a located `ReportInputError`; the root must be a mapping. */
export function readYamlFile(file: string, what: string): Record<string, unknown> {
  return parseYaml(readText(file, what), file, what);
}

/** The parsed YAML of `text`, the content of `file` (a mapping), or a located `ReportInputError`. */
export function parseYaml(text: string, file: string, what: string): Record<string, unknown> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const { line, col } = lc.linePos(doc.errors[0].pos[0]);
    throw new ReportInputError(
      `${file}:${line}:${col}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}; expected ${what}`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new ReportInputError(
      `${file}: cannot expand the YAML (${(e as Error).message.split('\n')[0]}); expected ${what}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ReportInputError(
      `${file}:1:1: received ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : `a scalar ${JSON.stringify(value)}`}; expected ${what} (a mapping)`,
    );
  }
  return value as Record<string, unknown>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const kind = (v: unknown) =>
  v === undefined
    ? 'nothing'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? 'a list'
        : typeof v === 'object'
          ? 'a mapping'
          : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;

function fail(file: string, problems: string[], what: string): never {
  const shown = problems.slice(0, 10);
  const more = problems.length > shown.length ? [`… and ${problems.length - shown.length} more`] : [];
  throw new ReportInputError(
    [`${file}: not ${what} as a synthesis writes it:`, ...shown.map((p) => `  ${p}`), ...more].join('\n'),
  );
}

/**
 * Every IAM-style policy document below `v` keeps its statements in a list. IAM also accepts one statement as an
 * object, but no synthesis writes that, and a reviewer must not guess: a hand edit to that shape is refused.
 */
function statementsAreLists(v: unknown, path: string, out: string[], depth = 0): void {
  if (depth > 64 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => statementsAreLists(x, `${path}[${i}]`, out, depth + 1));
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k === 'Statement' && !Array.isArray(x) && (isObject(x) || x === null))
      out.push(`${path}.Statement is ${kind(x)}; expected a list of statements`);
    statementsAreLists(x, `${path}.${k}`, out, depth + 1);
  }
}

/** A CloudFormation template: a mapping whose Resources map logical ids to mappings with a Type string. */
export function checkTemplateShape(t: unknown, file: string): asserts t is { Resources: Record<string, Json> } {
  const what = 'a CloudFormation template';
  if (!isObject(t)) fail(file, [`the document is ${kind(t)}; expected a mapping with Resources`], what);
  const problems: string[] = [];
  if (!isObject(t.Resources))
    problems.push(`Resources is ${kind(t.Resources)}; expected a mapping of logical ids to resources`);
  else {
    for (const [id, r] of Object.entries(t.Resources)) {
      if (!isObject(r)) problems.push(`Resources.${id} is ${kind(r)}; expected a mapping with Type and Properties`);
      else if (typeof r.Type !== 'string')
        problems.push(`Resources.${id}.Type is ${kind(r.Type)}; expected a resource type such as "AWS::KMS::Key"`);
      else if (r.Properties !== undefined && !isObject(r.Properties))
        problems.push(`Resources.${id}.Properties is ${kind(r.Properties)}; expected a mapping`);
      else statementsAreLists(r.Properties, `Resources.${id}.Properties`, problems);
    }
  }
  if (problems.length > 0) fail(file, problems, what);
}

/** Terraform JSON: `resource` and `data` map types to mappings of names to mappings. */
export function checkTerraformShape(
  doc: unknown,
  file: string,
): asserts doc is { resource?: Record<string, Record<string, Json>> } {
  const what = 'Terraform JSON';
  if (!isObject(doc)) fail(file, [`the document is ${kind(doc)}; expected a mapping with resource`], what);
  const problems: string[] = [];
  for (const block of ['resource', 'data'] as const) {
    const b = doc[block];
    if (b === undefined) continue;
    if (!isObject(b)) {
      problems.push(`${block} is ${kind(b)}; expected a mapping of resource types`);
      continue;
    }
    for (const [type, byName] of Object.entries(b)) {
      if (!isObject(byName)) {
        problems.push(`${block}.${type} is ${kind(byName)}; expected a mapping of names to ${type} blocks`);
        continue;
      }
      for (const [name, r] of Object.entries(byName))
        if (!isObject(r)) problems.push(`${block}.${type}.${name} is ${kind(r)}; expected a mapping of arguments`);
    }
  }
  if (problems.length > 0) fail(file, problems, what);
}
