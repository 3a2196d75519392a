/**
 * A Terraform document as the per-store readers see it: its resources listed once per type, addresses resolved,
 * the attribution convoguard writes in each resource's `//` block.
 */
import { ATTRIBUTION } from '../../../attribution';
import { Json, obj, one } from './json';

export interface TfDoc {
  readonly resource?: Record<string, Record<string, Json>>;
}

/** Key in each resource's `//` block that names the agent it protects (lib/gcp writes it). */
export const AGENT_KEY = ATTRIBUTION.tfAgent;
const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;

/** `google_x.name` for a `${google_x.name.attr}` reference, else undefined. */
export function refAddress(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = REF.exec(v);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** The agent a resource protects: its `//` attribution; output of older versions falls back to the construct path. */
export function agentOf(r: Json | undefined): string | undefined {
  const meta = obj(r?.['//']);
  if (typeof meta[AGENT_KEY] === 'string') return meta[AGENT_KEY];
  const p = obj(meta.metadata).path;
  return typeof p === 'string' ? p.split('/')[1] : undefined;
}

/** `items` grouped by `key`, in their order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Key in each resource's `//` block of a shared stack (terraform.stacks: per-agent): the project it serves. */
export const SHARED_KEY = ATTRIBUTION.tfShared;

/** The project of a Terraform document's Google provider, when it names one. */
export function providerProject(doc: unknown): string | undefined {
  const p = one(obj(obj(doc).provider).google).project;
  return typeof p === 'string' ? p : undefined;
}

/** Whether a document is a shared stack of terraform.stacks: per-agent (its resources carry `//.convoguard_shared`). */
export function isSharedDoc(doc: TfDoc): boolean {
  return Object.values(doc.resource ?? {}).some((rs) =>
    Object.values(rs).some((r) => obj(r['//'])[SHARED_KEY] !== undefined),
  );
}

/** A document's resources, listed once per type (every agent of a stack reads the same lists), and by address. */
export interface TfIndex {
  readonly all: Record<string, Record<string, Json>>;
  entries(type: string): Array<{ address: string; r: Json }>;
  get(address: string | undefined): Json | undefined;
}

export function indexDoc(doc: TfDoc): TfIndex {
  const all = doc.resource ?? {};
  const listed = new Map<string, Array<{ address: string; r: Json }>>();
  return {
    all,
    entries(type) {
      let e = listed.get(type);
      if (!e)
        listed.set(type, (e = Object.entries(all[type] ?? {}).map(([name, r]) => ({ address: `${type}.${name}`, r }))));
      return e;
    },
    get(address) {
      if (!address) return undefined;
      const dot = address.indexOf('.');
      return all[address.slice(0, dot)]?.[address.slice(dot + 1)];
    },
  };
}

/** ` (stack NAME)` for a document that names its stack (a shared document's resources are found there), else ''. */
export function stackOf(d: TfDoc): string {
  const name = obj(obj(obj(d)['//']).metadata).stackName;
  return typeof name === 'string' ? ` (stack ${name})` : '';
}
