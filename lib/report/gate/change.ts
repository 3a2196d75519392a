/**
 * The vocabulary of the whole-output gate: a change of one deployed value between a base and a head synthesis, and
 * its class. The gate is deny-by-default: every changed value is classified by a rule that knows what it means
 * (strengthening, neutral, weakening), and a change no rule classifies is `unverified`, which fails the gate like a
 * weakening until it is acknowledged with a reason.
 */

export type OutputClass = 'weakening' | 'unverified' | 'strengthening' | 'neutral';

/** A segment of a property path: a key, a list index, or a list item named by its identity (`Statement[Sid=x]`). */
export type Segment = string | number | { readonly item: string };
export type Path = readonly Segment[];

/** What a comparator says about one changed place below a unit. */
export interface Verdict {
  readonly path: Path;
  readonly class: OutputClass;
  readonly why: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface Acknowledged {
  readonly reason: string;
  /** `policy`: review.acknowledge in the head's policy; `code`: a `convoguard:acknowledge` entry on the resource. */
  readonly by: 'policy' | 'code';
}

export interface OutputChange {
  readonly class: OutputClass;
  /** The synthesized file, relative to the synthesis root (`cdk.out/x.template.json`). */
  readonly file: string;
  /** CloudFormation logical id, Terraform address, or the unit of a file (`artifacts.x`, the file itself). */
  readonly resource: string;
  /** Resource type (`AWS::KMS::Key`, `google_kms_crypto_key`) or the kind of file (`rasa-endpoints`). */
  readonly type: string;
  /** The property path below the resource (`Properties.KeyPolicy.Statement[Sid=x].Condition`); '' for the whole. */
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
  readonly why: string;
  /** The agent the resource protects, when the output says so. */
  readonly agent?: string;
  /** Set when an acknowledgement with a reason covers an unverified change. */
  readonly acknowledged?: Acknowledged;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$:/-]*$/;

/** `Properties.KeyPolicy.Statement[Sid=x]`: keys joined by dots, indices and item names in brackets, odd keys quoted. */
export function formatPath(path: Path): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'object') out += `[${s.item}]`;
    else if (PLAIN_KEY.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A value as a change shows it: JSON, cut to `max` characters. */
export function showValue(v: unknown, max = 160): string | undefined {
  if (v === undefined) return undefined;
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

/** Whether the change fails the gate: a weakening, or an unverified change no acknowledgement covers. */
export function failsGate(c: Pick<OutputChange, 'class' | 'acknowledged'>): boolean {
  return c.class === 'weakening' || (c.class === 'unverified' && c.acknowledged === undefined);
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** JSON with sorted keys: one spelling per value, for identities and set membership. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}
