/**
 * Reads a policy from YAML, keeping source positions, and validates it: YAML syntax, the schema, then the
 * cross-field rules in `checks.ts`. Every problem is collected and reported at once as a `PolicyError`.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { checkPolicy, Finding } from './checks';
import { formatPath, hint, PathSegment, PolicyError, Problem, show } from './errors';
import { formatBytes, INPUT_LIMITS, readBounded } from './limits';
import { AgentSchema, Policy, PolicySchema, StreamSchema } from './schema';

export interface LoadedPolicy {
  readonly policy: Policy;
  /** Where it came from, for messages and reports. */
  readonly file: string;
}

/**
 * Reads and validates a policy file. Throws `PolicyError` listing every problem.
 * @param file path to read
 * @param displayName how messages name the file (default: `file`)
 */
export function loadPolicy(file: string, displayName: string = file): LoadedPolicy {
  let text: string;
  try {
    text = readBounded(file, INPUT_LIMITS.policyBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, expected a policy file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied: the file cannot be read by this user'
            : code === 'EFIFO'
              ? 'is a pipe or a socket, expected a policy file'
              : code === 'E2BIG'
                ? `larger than ${formatBytes(INPUT_LIMITS.policyBytes)}; a policy is far smaller (is this the right file?)`
                : `cannot be read (${code ?? String(e)})`;
    throw new PolicyError([{ file: displayName, line: 0, col: 0, path: '(file)', message: why }]);
  }
  return parsePolicy(text, displayName);
}

/** Validates policy text. `file` is only used in messages. */
export function parsePolicy(text: string, file = '<inline>'): LoadedPolicy {
  if (text.length > INPUT_LIMITS.policyBytes) {
    throw new PolicyError([
      {
        file,
        line: 1,
        col: 1,
        path: '(file)',
        message: `${text.length} characters; a policy may have at most ${formatBytes(INPUT_LIMITS.policyBytes)}`,
      },
    ]);
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are found by `boundsProblems` in one pass: the yaml library's own check is quadratic in the keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    throw new PolicyError(
      doc.errors.map((e) => {
        const { line, col } = at(e.pos[0]);
        return { file, line, col, path: '(yaml)', message: `YAML syntax: ${firstLine(e.message)}` };
      }),
    );
  }
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    throw new PolicyError([
      {
        file,
        line: 1,
        col: 1,
        path: '(root)',
        message: 'the file is empty; expected a mapping with version, name, detection and agents',
      },
    ]);
  }
  if (!isMap(doc.contents)) {
    const { line, col } = at(doc.contents.range?.[0] ?? 0);
    const got = isSeq(doc.contents) ? 'a list' : `a scalar ${show(doc.toJS())}`;
    throw new PolicyError([
      {
        file,
        line,
        col,
        path: '(root)',
        message: `received ${got}; expected a mapping with version, name, detection and agents`,
      },
    ]);
  }

  const bounds = boundsProblems(doc.contents);
  if (bounds.length > 0) {
    throw new PolicyError(
      bounds.map((b) => {
        const { line, col } = at(b.offset);
        return { file, line, col, path: b.path, message: b.message };
      }),
    );
  }
  let data: unknown;
  try {
    // Aliases are expanded at most aliasCount times: a "billion laughs" document is refused, not expanded.
    data = doc.toJS({ maxAliasCount: INPUT_LIMITS.aliasCount });
  } catch (e) {
    throw new PolicyError([
      {
        file,
        line: 1,
        col: 1,
        path: '(yaml)',
        message: `cannot expand the document: ${firstLine((e as Error).message)}; a policy needs no more than ${INPUT_LIMITS.aliasCount} alias expansions`,
      },
    ]);
  }
  const locate = (path: readonly PathSegment[], onKey = false) => {
    const { line, col } = at(offsetOf(doc, path, onKey));
    return { file, line, col, path: formatPath(path) };
  };
  return { policy: validate(data, locate), file };
}

/**
 * Validates a policy object built in code (no source positions). Returns the policy with defaults applied.
 * Throws `PolicyError`.
 */
export function validatePolicy(data: unknown, file = '<inline>'): Policy {
  return validate(data, (path) => ({ file, line: 0, col: 0, path: formatPath(path) }));
}

type Locator = (path: readonly PathSegment[], onKey?: boolean) => Omit<Problem, 'message'>;

function validate(data: unknown, locate: Locator): Policy {
  const result = PolicySchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => describeIssue(issue, data, locate));
    // Report the cross-field problems of the parts that are valid too, so one run shows everything.
    const partial = bestEffort(data);
    if (partial) problems.push(...partial.findings.map((f) => ({ ...locate(f.path, f.onKey), message: f.message })));
    throw new PolicyError(dedupe(problems));
  }
  const problems = checkPolicy(result.data).map((f) => ({ ...locate(f.path, f.onKey), message: f.message }));
  if (problems.length > 0) throw new PolicyError(problems);
  return result.data;
}

/**
 * Cross-field findings for a policy that failed the schema: each top-level section is parsed on its own, invalid
 * optional sections fall back to their defaults, invalid agents and streams are left out, and findings that
 * concern a part left out are dropped. Undefined when version, name or detection is invalid (nothing to check
 * against then).
 */
function bestEffort(data: unknown): { findings: Finding[] } | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const raw = data as Record<string, unknown>;
  const shape = PolicySchema.shape;
  const out: Record<string, unknown> = {};
  const dropped: string[] = [];
  const indexMaps: Record<string, number[]> = {};
  for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
    const r = shape[key].safeParse(raw[key]);
    if (r.success) {
      out[key] = r.data;
      continue;
    }
    if (key === 'version' || key === 'name' || key === 'detection') return undefined;
    if ((key === 'agents' || key === 'streams') && Array.isArray(raw[key])) {
      const item: z.ZodType = key === 'agents' ? AgentSchema : StreamSchema;
      const kept: unknown[] = [];
      const map: number[] = [];
      (raw[key] as unknown[]).forEach((x, i) => {
        const ri = item.safeParse(x);
        if (ri.success) {
          kept.push(ri.data);
          map.push(i);
        }
      });
      if (key === 'agents' && kept.length === 0) return undefined;
      out[key] = kept;
      indexMaps[key] = map;
      continue;
    }
    const fallback = shape[key].safeParse(undefined);
    if (!fallback.success) return undefined;
    out[key] = fallback.data;
    dropped.push(key);
  }
  let findings: Finding[];
  try {
    findings = checkPolicy(out as Policy);
  } catch {
    return undefined; // a section too broken to reason about; the schema problems stand alone
  }
  return {
    findings: findings
      .filter((f) => !dropped.includes(String(f.path[0])))
      .map((f) => {
        const key = String(f.path[0]);
        const map = indexMaps[key];
        if (!map) return f;
        // Indices in the path and in the message ("first used by agents[0]") refer to the kept items: map them back.
        const message = f.message.replace(
          new RegExp(`${key}\\[(\\d+)\\]`, 'g'),
          (_m, n: string) => `${key}[${map[Number(n)]}]`,
        );
        const path = typeof f.path[1] === 'number' ? [f.path[0], map[f.path[1]], ...f.path.slice(2)] : f.path;
        return { ...f, path, message };
      }),
  };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.col}:${p.path}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown, locate: Locator): Problem[] {
  const path = issue.path as PathSegment[];
  const input = (issue as { input?: unknown }).input;
  const field = schemaAt(path, data);
  const what = field?.description ? ` (${field.description})` : '';

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = Object.keys(objectShape(field?.schema) ?? {});
      return issue.keys.map((key) => ({
        ...locate([...path, key], true),
        message: `unknown key "${key}"${hint(key, allowed)}; expected one of: ${allowed.join(', ')}`,
      }));
    }
    case 'invalid_type':
      if (input === undefined) {
        return [{ ...locate(path, true), message: `missing required field; expected ${issue.expected}${what}` }];
      }
      // An empty value (`verify:` with nothing after it) is YAML's null: say so instead of "null null".
      if (input === null)
        return [{ ...locate(path), message: `received an empty value (null); expected ${issue.expected}${what}` }];
      return [
        { ...locate(path), message: `received ${typeName(input)} ${show(input)}; expected ${issue.expected}${what}` },
      ];
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const expected = values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${values.join(', ')}`;
      return [{ ...locate(path), message: `received ${show(input)}; expected ${expected}${hint(input, values)}` }];
    }
    case 'invalid_union': {
      const u = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
      if (u.discriminator && u.options) {
        const received = (input as Record<string, unknown> | undefined)?.[u.discriminator];
        const options = u.options.map(String);
        const p = received === undefined ? locate(path.slice(0, -1), false) : locate(path);
        const message =
          received === undefined
            ? `missing "${u.discriminator}"; expected one of ${options.join(', ')}`
            : `received ${show(received)}; expected one of ${options.join(', ')}${hint(received, options)}`;
        return [{ ...p, message }];
      }
      return [{ ...locate(path), message: `received ${show(input)}; ${issue.message}` }];
    }
    case 'invalid_format':
    case 'too_small':
    case 'too_big':
      return [{ ...locate(path), message: `received ${show(input)}; ${lowerFirst(issue.message)}${what}` }];
    default:
      return [{ ...locate(path), message: `received ${show(input)}; ${lowerFirst(issue.message)}` }];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Bounds, in one linear pass over the YAML nodes, before anything else looks at the values.

interface BoundsProblem {
  readonly offset: number;
  readonly path: string;
  readonly message: string;
}

/** Duplicate keys, and strings, lists, mappings and nesting beyond `INPUT_LIMITS`: each with its position. */
function boundsProblems(root: unknown): BoundsProblem[] {
  const out: BoundsProblem[] = [];
  const L = INPUT_LIMITS;
  const start = (n: unknown) => (n as Node | null)?.range?.[0] ?? 0;
  const walk = (node: unknown, path: PathSegment[]): void => {
    if (out.length >= 50) return; // enough to fix; the rest would repeat the same lesson
    if (path.length > L.depth) {
      out.push({
        offset: start(node),
        path: formatPath(path),
        message: `nested more than ${L.depth} levels deep; a policy is not`,
      });
      return;
    }
    if (isAlias(node)) return; // expanded (and counted) by toJS
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.length > L.stringLength) {
        out.push({
          offset: start(node),
          path: formatPath(path),
          message: `a string of ${node.value.length} characters; at most ${L.stringLength} are accepted`,
        });
      }
      return;
    }
    if (isSeq(node)) {
      if (node.items.length > L.listItems)
        out.push({
          offset: start(node),
          path: formatPath(path),
          message: `a list of ${node.items.length} items; at most ${L.listItems} are accepted`,
        });
      else node.items.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (isMap(node)) {
      if (node.items.length > L.mappingKeys) {
        out.push({
          offset: start(node),
          path: formatPath(path),
          message: `a mapping of ${node.items.length} keys; at most ${L.mappingKeys} are accepted`,
        });
        return;
      }
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) {
          out.push({
            offset: start(pair.key),
            path: formatPath(path),
            message: 'a mapping key that is not a plain name; expected a plain key such as "name:"',
          });
          continue;
        }
        const key = String(pair.key.value);
        const first = seen.get(key);
        if (first !== undefined) {
          out.push({
            offset: start(pair.key),
            path: '(yaml)',
            message: `YAML syntax: Map keys must be unique; "${key.length > 40 ? key.slice(0, 40) + '…' : key}" is repeated in ${formatPath(path)}`,
          });
          continue;
        }
        // A JavaScript object takes "__proto__" as its prototype, not as a key: the entry would vanish unsaid.
        if (key === '__proto__') {
          out.push({
            offset: start(pair.key),
            path: formatPath([...path, key]),
            message:
              'the key "__proto__" cannot be used: a JavaScript object reads it as its prototype, so the entry would vanish. Choose another name',
          });
          continue;
        }
        seen.set(key, start(pair.key));
        walk(pair.value, [...path, key]);
      }
    }
  };
  walk(root, []);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Walking the zod schema by path, for "did you mean" and field descriptions.

type AnySchema = z.core.$ZodType & { description?: string };

function unwrap(s: AnySchema | undefined): AnySchema | undefined {
  let cur = s;
  for (let i = 0; cur && i < 10; i++) {
    const def = cur._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (
      def.innerType &&
      ['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)
    ) {
      cur = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      cur = def.in;
    } else break;
  }
  return cur;
}

function objectShape(s: AnySchema | undefined): Record<string, AnySchema> | undefined {
  const u = unwrap(s);
  const def = u?._zod.def as { type: string; shape?: Record<string, AnySchema> } | undefined;
  return def?.type === 'object' ? def.shape : undefined;
}

/** The schema at `path` (choosing union members by the data found there) and the nearest description. */
function schemaAt(
  path: readonly PathSegment[],
  data: unknown,
): { schema: AnySchema; description?: string } | undefined {
  let s: AnySchema | undefined = PolicySchema as unknown as AnySchema;
  let d: unknown = data;
  let described: AnySchema | undefined = s;
  for (const seg of path) {
    s = pickUnionMember(unwrap(s), d);
    const def = s?._zod.def as
      { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; valueType?: AnySchema } | undefined;
    if (!def) return undefined;
    if (def.type === 'object' && typeof seg === 'string') described = s = def.shape?.[seg];
    else if (def.type === 'array') described = s = def.element;
    else if (def.type === 'record') described = s = def.valueType;
    else return undefined;
    d = d !== null && typeof d === 'object' ? (d as Record<string | number, unknown>)[seg] : undefined;
  }
  const picked = pickUnionMember(unwrap(s), d);
  return picked ? { schema: picked, description: described?.description ?? picked.description } : undefined;
}

function pickUnionMember(s: AnySchema | undefined, d: unknown): AnySchema | undefined {
  const def = s?._zod.def as { type: string; options?: AnySchema[]; discriminator?: string } | undefined;
  if (!def || def.type !== 'union' || !def.options) return s;
  const objects = def.options.filter((o) => objectShape(o));
  if (def.discriminator && d && typeof d === 'object') {
    const want = (d as Record<string, unknown>)[def.discriminator];
    const match = objects.find((o) => {
      const lit = unwrap(objectShape(o)![def.discriminator!]);
      return (lit?._zod.def as { values?: unknown[] }).values?.includes(want);
    });
    if (match) return match;
  }
  return objects.length === 1 && d && typeof d === 'object' ? objects[0] : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Source positions.

/** Offset of the node at `path`, or of the nearest existing ancestor. `onKey` points at the map key instead of its value. */
function offsetOf(doc: Document, path: readonly PathSegment[], onKey: boolean): number {
  let node: unknown = doc.contents;
  let best = (doc.contents as Node).range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      const keyStart = (pair.key as Node).range?.[0] ?? best;
      if (last && onKey) return keyStart;
      const value = pair.value as Node | null;
      best = value?.range?.[0] ?? keyStart;
      if (!value) return keyStart;
      node = value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return best;
      best = item.range?.[0] ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'mapping';
  return typeof v;
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
