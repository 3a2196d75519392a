import { escapeControls } from './output-syntax';
import type { PathSegment } from './path';

/** One problem found in a policy, with where it is. */
export interface Problem {
  /** File the policy came from, or `<inline>` for policies built in code. */
  readonly file: string;
  /** 1-based line and column; 0 when the policy has no source text. */
  readonly line: number;
  readonly col: number;
  /** Path inside the policy, such as `agents[1].region`. */
  readonly path: string;
  readonly message: string;
}

export type { PathSegment } from './path';

/** Renders `['agents', 1, 'region']` as `agents[1].region`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    // A key that is not a plain name (spaces, dots, quotes) is quoted, so the path stays unambiguous.
    else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg))
      out += `[${JSON.stringify(seg.length > 40 ? seg.slice(0, 40) + '…' : seg)}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(root)' : out;
}

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  // Newlines too: one problem is one line, whatever a quoted key holds.
  return escapeControls(`${where} ${p.path}: ${p.message}`).replace(
    /[\n\r\u2028\u2029]/g,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}

/**
 * A policy that cannot be used. Carries every problem found, not only the first, sorted by position.
 * The CLI prints `problems` one per line and exits 2; it never prints a stack trace for this error.
 */
export class PolicyError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
    super(
      `${sorted.length} problem${sorted.length === 1 ? '' : 's'} in policy:\n` +
        sorted.map((p) => '  ' + formatProblem(p)).join('\n'),
    );
    this.name = 'PolicyError';
    this.problems = sorted;
  }
}

/** Quotes a received value for a message: strings in double quotes, objects as short JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  // A long string is quoted by its start: a 2,000-character pattern would drown the message it is in.
  if (typeof value === 'string')
    return value.length > 80
      ? `${JSON.stringify(value.slice(0, 80))}… (${value.length} characters)`
      : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list (${value.length} item${value.length === 1 ? '' : 's'})`;
  const json = JSON.stringify(value);
  return json.length > 60 ? `a mapping {${Object.keys(value as object).join(', ')}}` : json;
}

/** The closest candidate by edit distance, when it is close enough to be a likely typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

export function hint(input: unknown, candidates: readonly string[]): string {
  if (typeof input !== 'string') return '';
  const m = didYouMean(input, candidates);
  return m ? ` (did you mean "${m}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
