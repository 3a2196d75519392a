/** Small readers of Terraform JSON values, shared by the per-store readers. */
export type Json = Record<string, unknown>;

/** The value as an object, or `{}`. */
export function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
/** A single nested block, written as an object or a one-element list. */
export function one(v: unknown): Json {
  return obj(Array.isArray(v) ? v[0] : v);
}
/** The value as a list: a list, one value, or none. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}
