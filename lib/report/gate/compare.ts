/**
 * Comparators: small pure functions that say what a change of one value means for privacy. A resource type's shape
 * (lib/report/gate/shapes) is built from them, one per property it knows; a property no comparator names is
 * `unverified`. Each comparator is called only when the base and head values differ.
 */
import { canonical, deepEqual, OutputClass, Path, Verdict } from './change';

export { deepEqual as deepEqualValues } from './change';

/** How the synthesized format evaluates its own syntax inside strings: what a changed value must not smuggle in. */
export type Dialect = 'cfn' | 'tf' | 'rasa' | 'plain';

/** What a comparator may ask of the documents around the value it compares. */
export interface Side {
  /** The resource type behind a logical id or a Terraform address (`google_kms_crypto_key.x`), if this side has it. */
  typeOf(address: string): string | undefined;
  /** The resource value behind an address, if this side has it. */
  valueOf(address: string): unknown;
  /** Every resource of a type in this side's document, with its address. */
  all(type: string): ReadonlyArray<{ readonly address: string; readonly value: unknown }>;
}

export interface Cx {
  readonly dialect: Dialect;
  readonly base: Side;
  readonly head: Side;
  /** Set while a whole unit is compared with nothing: it appears in the head, or leaves it. */
  readonly unit?: 'added' | 'removed';
  /** Every unit of a type in the whole head synthesis, whatever its file (an agent file naming a topic a stack provisions). */
  readonly anywhere?: (
    type: string,
  ) => ReadonlyArray<{ readonly file: string; readonly address: string; readonly value: unknown }>;
}

export type Cmp = (b: unknown, h: unknown, at: Path, cx: Cx) => Verdict[];

type Json = Record<string, unknown>;
export const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function verdict(at: Path, cls: OutputClass, why: string, b: unknown, h: unknown): Verdict {
  return { path: at, class: cls, why, before: b, after: h };
}

/** Runs `cmp` when the values differ. */
export function compare(cmp: Cmp, b: unknown, h: unknown, at: Path, cx: Cx): Verdict[] {
  return deepEqual(b, h) ? [] : cmp(b, h, at, cx);
}

/** Every string below `v`. */
function strings(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 64) return out;
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out, depth + 1));
  else if (isMap(v)) Object.values(v).forEach((x) => strings(x, out, depth + 1));
  return out;
}

/** Intrinsic functions whose value comes from outside the reviewed template (another stack, a mapping, a condition). */
const OPAQUE_INTRINSICS = [
  'Fn::ImportValue',
  'Fn::If',
  'Fn::FindInMap',
  'Fn::Transform',
  'Fn::GetAZs',
  'Fn::Cidr',
  'Fn::ForEach',
];

/** CloudFormation intrinsic functions: a one-key mapping `Ref` or `Fn::…`. */
export function isIntrinsic(v: unknown): boolean {
  if (!isMap(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

/**
 * Intrinsics below `v` whose value the review cannot see: those of `OPAQUE_INTRINSICS`, and a `Ref` to a name that is
 * neither a pseudo parameter nor a resource of the template (a template parameter, set at deploy time). A reference
 * to a resource, or a join of literals and references, is reviewed where that resource is.
 */
function opaqueIntrinsics(v: unknown, isResource: (name: string) => boolean, out: string[] = [], depth = 0): string[] {
  if (depth > 64) return out;
  if (isIntrinsic(v)) {
    const [k, x] = Object.entries(v as Json)[0];
    if (
      OPAQUE_INTRINSICS.includes(k) ||
      (k === 'Ref' && typeof x === 'string' && !x.startsWith('AWS::') && !isResource(x)) ||
      (k === 'Ref' && typeof x !== 'string')
    )
      out.push(canonical(v));
  }
  if (Array.isArray(v)) v.forEach((x) => opaqueIntrinsics(x, isResource, out, depth + 1));
  else if (isMap(v)) Object.values(v).forEach((x) => opaqueIntrinsics(x, isResource, out, depth + 1));
  return out;
}

const TF_TEMPLATE = /\$\{|%\{/;

/**
 * Why a head value cannot be taken at face value in its format, if it cannot: syntax the deploy tool evaluates that
 * the base value did not have (a CloudFormation dynamic reference or intrinsic function, a Terraform interpolation or
 * template directive, a `${…}` Rasa expands from its environment).
 */
export function evaluatedSyntax(b: unknown, h: unknown, cx: Pick<Cx, 'dialect' | 'head'>): string | undefined {
  const dialect = cx.dialect;
  if (dialect === 'plain') return undefined;
  const before = new Set(strings(b));
  const fresh = strings(h).filter((s) => !before.has(s));
  if (dialect === 'cfn') {
    if (fresh.some((s) => s.includes('{{resolve:')))
      return 'a CloudFormation dynamic reference ({{resolve:…}}): CloudFormation resolves it at deploy time, so what deploys is not the reviewed value';
    const isResource = (n: string) => cx.head.typeOf(n) !== undefined && !String(cx.head.typeOf(n)).startsWith('cfn:');
    const had = new Set(opaqueIntrinsics(b, isResource));
    const added = opaqueIntrinsics(h, isResource).filter((x) => !had.has(x));
    if (added.length > 0) return `an intrinsic function the gate does not evaluate (${added[0].slice(0, 80)})`;
  }
  // A reference to a resource of the document (`${google_x.name.attr}`) is reviewed where that resource is.
  const onlyReferences = (s: string) =>
    !s.includes('%{') &&
    [...s.matchAll(/\$\{([^}]*)\}/g)].every((m) => {
      const r = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+(\.[a-z_]+|\[\d+\])*$/.exec(m[1]);
      return r !== null && cx.head.typeOf(r[1]) !== undefined;
    });
  if (dialect === 'tf' && fresh.some((s) => TF_TEMPLATE.test(s) && !onlyReferences(s)))
    return 'a Terraform interpolation or directive (${…}, %{…}): Terraform evaluates it at plan time, so what deploys is not the reviewed value';
  if (dialect === 'rasa' && fresh.some((s) => s.includes('${')))
    return 'a ${…} that Rasa expands from its environment when it reads the file';
  return undefined;
}

/** Harmless by meaning (a description, a tag): neutral, unless the head value carries syntax its format evaluates. */
export function neutral(why: string): Cmp {
  return (b, h, at, cx) => {
    const evaluated = evaluatedSyntax(b, h, cx);
    return [verdict(at, evaluated ? 'unverified' : 'neutral', evaluated ?? why, b, h)];
  };
}

/** Any change is one the gate cannot classify. */
export function unverified(why: string): Cmp {
  return (b, h, at) => [verdict(at, 'unverified', why, b, h)];
}

/** Any change weakens protection. */
export function weakening(why: string): Cmp {
  return (b, h, at) => [verdict(at, 'weakening', why, b, h)];
}

export const unknownKey: Cmp = (b, h, at) => [
  verdict(
    at,
    'unverified',
    `${b === undefined ? 'added' : h === undefined ? 'removed' : 'changed'}: a property the gate does not know the meaning of`,
    b,
    h,
  ),
];

/**
 * A mapping whose keys each have a comparator (`rest` for the others). An intrinsic function or a value that is not
 * a mapping where one is expected is unverified.
 */
export function fields(spec: Readonly<Record<string, Cmp>>, rest: Cmp = unknownKey): Cmp {
  return (b, h, at, cx) => {
    if ((b !== undefined && !isMap(b)) || (h !== undefined && !isMap(h)) || isIntrinsic(b) || isIntrinsic(h)) {
      return [
        verdict(
          at,
          'unverified',
          `expected a mapping, ${isIntrinsic(h) ? 'received an intrinsic function the gate does not evaluate' : `received ${describe(h)}`}`,
          b,
          h,
        ),
      ];
    }
    const bb = (b ?? {}) as Json;
    const hh = (h ?? {}) as Json;
    const out: Verdict[] = [];
    for (const k of new Set([...Object.keys(bb), ...Object.keys(hh)])) {
      if (deepEqual(bb[k], hh[k])) continue;
      const cmp = Object.prototype.hasOwnProperty.call(spec, k) ? spec[k] : rest;
      out.push(...cmp(bb[k], hh[k], [...at, k], cx));
    }
    return out;
  };
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isIntrinsic(v)) return 'an intrinsic function';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

/** A number (or numeric string), read by `parse`: `absent` is what a missing value means; unreadable is unverified. */
export function num(opts: {
  stronger: 'lower' | 'higher';
  absent: number | 'unverified';
  why: string;
  parse?: (v: unknown) => number | undefined;
}): Cmp {
  const read = (v: unknown): number | undefined => {
    if (v === undefined) return opts.absent === 'unverified' ? undefined : opts.absent;
    if (opts.parse) return opts.parse(v);
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    return undefined;
  };
  return (b, h, at) => {
    const nb = read(b);
    const nh = read(h);
    if (nb === undefined || nh === undefined || Number.isNaN(nb) || Number.isNaN(nh))
      return [verdict(at, 'unverified', `${opts.why}: a value the gate cannot read as a number`, b, h)];
    if (nb === nh) return [verdict(at, 'neutral', `${opts.why}: the same value`, b, h)];
    const up = nh > nb;
    const stronger = opts.stronger === 'higher' ? up : !up;
    return [verdict(at, stronger ? 'strengthening' : 'weakening', `${opts.why} ${up ? 'up' : 'down'}`, b, h)];
  };
}

/** A boolean whose `strong` value protects more; `absent` is what a missing value means. */
export function bool(opts: { strong: boolean; absent: boolean | 'unverified'; why: string }): Cmp {
  return (b, h, at) => {
    const read = (v: unknown) =>
      v === undefined
        ? opts.absent
        : typeof v === 'boolean'
          ? v
          : v === 'true'
            ? true
            : v === 'false'
              ? false
              : 'unverified';
    const rb = read(b);
    const rh = read(h);
    if (rb === 'unverified' || rh === 'unverified')
      return [verdict(at, 'unverified', `${opts.why}: not a literal true or false`, b, h)];
    if (rb === rh) return [verdict(at, 'neutral', `${opts.why}: the same value`, b, h)];
    return [verdict(at, rh === opts.strong ? 'strengthening' : 'weakening', `${opts.why} ${rh ? 'on' : 'off'}`, b, h)];
  };
}

/** One of `values`, weakest first; `absent` is what a missing value means. */
export function ordered(values: readonly string[], opts: { absent?: string; why: string }): Cmp {
  return (b, h, at) => {
    const rank = (v: unknown) =>
      values.indexOf(typeof v === 'string' ? v : v === undefined && opts.absent !== undefined ? opts.absent : '\u0000');
    const rb = rank(b);
    const rh = rank(h);
    if (rb < 0 || rh < 0)
      return [
        verdict(at, 'unverified', `${opts.why}: a value the gate does not rank (known: ${values.join(', ')})`, b, h),
      ];
    if (rb === rh) return [verdict(at, 'neutral', `${opts.why}: the same value`, b, h)];
    return [
      verdict(at, rh > rb ? 'strengthening' : 'weakening', `${opts.why} ${rh > rb ? 'stronger' : 'weaker'}`, b, h),
    ];
  };
}

/** Class of an added or removed item: fixed, or decided from the item. */
export type ItemRule = OutputClass | ((item: unknown, at: Path, cx: Cx) => Verdict[]);

function applyItemRule(rule: ItemRule, why: string, item: unknown, at: Path, cx: Cx, added: boolean): Verdict[] {
  if (typeof rule === 'function') return rule(item, at, cx);
  const evaluated =
    added && rule !== 'unverified' && rule !== 'weakening' ? evaluatedSyntax(undefined, item, cx) : undefined;
  return [
    verdict(
      at,
      evaluated ? 'unverified' : rule,
      evaluated ?? `${why} ${added ? 'added' : 'removed'}`,
      added ? undefined : item,
      added ? item : undefined,
    ),
  ];
}

/**
 * A list read as a set of items, each named by `key` (its identity: a name, a type, the item's canonical JSON).
 * Added and removed items have a class each; an item whose identity stays but whose content changes goes to `item`
 * (unverified without one). Two items with one identity, or an item without one, are unverified.
 */
export function set(opts: {
  key: (item: unknown) => string | undefined;
  added: ItemRule;
  removed: ItemRule;
  item?: Cmp;
  why: string;
  single?: boolean;
}): Cmp {
  return (b, h, at, cx) => {
    const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : opts.single ? [v] : undefined);
    const lb = asList(b);
    const lh = asList(h);
    if (lb === undefined || lh === undefined)
      return [
        verdict(at, 'unverified', `${opts.why}: expected a list, received ${describe(lb === undefined ? b : h)}`, b, h),
      ];
    const index = (l: unknown[]) => {
      const m = new Map<string, unknown>();
      for (const x of l) {
        const k = opts.key(x);
        if (k === undefined || m.has(k)) return undefined;
        m.set(k, x);
      }
      return m;
    };
    const mb = index(lb);
    const mh = index(lh);
    if (!mb || !mh)
      return [
        verdict(at, 'unverified', `${opts.why}: two items with one identity, or an item the gate cannot name`, b, h),
      ];
    const out: Verdict[] = [];
    for (const [k, x] of mb)
      if (!mh.has(k)) out.push(...applyItemRule(opts.removed, opts.why, x, [...at, { item: k }], cx, false));
    for (const [k, x] of mh)
      if (!mb.has(k)) out.push(...applyItemRule(opts.added, opts.why, x, [...at, { item: k }], cx, true));
    for (const [k, x] of mb) {
      const y = mh.get(k);
      if (y === undefined || deepEqual(x, y)) continue;
      out.push(
        ...(opts.item
          ? opts.item(x, y, [...at, { item: k }], cx)
          : [verdict([...at, { item: k }], 'unverified', `${opts.why}: the item changed`, x, y)]),
      );
    }
    return out;
  };
}

/** Items named by the value of `field` (`Name`, `Type`), or by their own value when they are strings. */
export const byField =
  (...fieldNames: string[]) =>
  (item: unknown): string | undefined => {
    if (typeof item === 'string') return item;
    if (!isMap(item)) return undefined;
    const parts = fieldNames.map((f) => item[f]);
    return parts.every((p) => typeof p === 'string' || typeof p === 'number')
      ? fieldNames.map((f, i) => `${f}=${String(parts[i])}`).join(',')
      : undefined;
  };

/** Items named by their canonical JSON: any change is a removal plus an addition. */
export const byValue = (item: unknown): string => canonical(item);

/** A list compared position by position (a block Terraform renders as a list); another length is unverified. */
export function list(item: Cmp, why: string): Cmp {
  return (b, h, at, cx) => {
    const lb = b === undefined ? [] : b;
    const lh = h === undefined ? [] : h;
    if (!Array.isArray(lb) || !Array.isArray(lh)) return [verdict(at, 'unverified', `${why}: expected a list`, b, h)];
    if (lb.length !== lh.length) {
      if (lb.length + 1 === lh.length && lb.length === 0) return item(undefined, lh[0], [...at, 0], cx);
      if (lh.length + 1 === lb.length && lh.length === 0) return item(lb[0], undefined, [...at, 0], cx);
      return [verdict(at, 'unverified', `${why}: ${lb.length} → ${lh.length} items`, b, h)];
    }
    return lb.flatMap((x, i) => compare(item, x, lh[i], [...at, i], cx));
  };
}

/** Picks the comparator from the values (a block that is a mapping on one side and a list on the other, say). */
export function choose(pick: (b: unknown, h: unknown, cx: Cx) => Cmp): Cmp {
  return (b, h, at, cx) => pick(b, h, cx)(b, h, at, cx);
}

/** A single block Terraform JSON may spell as a mapping or as a list of one mapping. */
export function block(spec: Readonly<Record<string, Cmp>>, rest?: Cmp): Cmp {
  const one = fields(spec, rest);
  const unwrap = (v: unknown) => (Array.isArray(v) && v.length <= 1 ? v[0] : v);
  return (b, h, at, cx) => {
    const ub = unwrap(b);
    const uh = unwrap(h);
    if (Array.isArray(ub) || Array.isArray(uh))
      return [verdict(at, 'unverified', 'a block the provider allows once, given several times', b, h)];
    return compare(one, ub, uh, at, cx);
  };
}

/** Terraform's `${type.name.attr}` and CloudFormation's `Ref` / `Fn::GetAtt`: the address they name, and the attribute. */
export function referenceOf(v: unknown): { address: string; attr: string } | undefined {
  if (typeof v === 'string') {
    const m = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(v);
    return m ? { address: m[1], attr: m[2] } : undefined;
  }
  if (!isMap(v)) return undefined;
  if (typeof v.Ref === 'string' && Object.keys(v).length === 1) return { address: v.Ref, attr: 'Ref' };
  const ga = v['Fn::GetAtt'];
  if (Object.keys(v).length === 1 && Array.isArray(ga) && typeof ga[0] === 'string' && typeof ga[1] === 'string')
    return { address: ga[0], attr: ga[1] };
  return undefined;
}

/**
 * A reference to another resource. It may move to the same resource under a new address (the old one gone from the
 * head, the new one new in it, of the same type), or as `moves` allows; anything else is unverified, because what
 * the value now points at was not the thing reviewed.
 */
export function ref(
  why: string,
  opts: {
    moves?: (
      b: { address: string; attr: string },
      h: { address: string; attr: string },
      cx: Cx,
    ) => Verdict['class'] | undefined;
    removed?: OutputClass;
    added?: OutputClass;
  } = {},
): Cmp {
  return (b, h, at, cx) => {
    if (h === undefined) return [verdict(at, opts.removed ?? 'unverified', `${why}: removed`, b, h)];
    if (b === undefined) return [verdict(at, opts.added ?? 'unverified', `${why}: added`, b, h)];
    const rb = referenceOf(b);
    const rh = referenceOf(h);
    if (!rb || !rh)
      return [
        verdict(
          at,
          'unverified',
          `${why}: ${!rh ? 'now a value that is not a reference to a resource of this output' : 'was not a reference to a resource of this output'}`,
          b,
          h,
        ),
      ];
    const moved = opts.moves?.(rb, rh, cx);
    if (moved !== undefined) return [verdict(at, moved, `${why}: now ${rh.address}`, b, h)];
    const tb = cx.base.typeOf(rb.address);
    const th = cx.head.typeOf(rh.address);
    const renamed =
      rb.attr === rh.attr &&
      tb !== undefined &&
      tb === th &&
      cx.head.typeOf(rb.address) === undefined &&
      cx.base.typeOf(rh.address) === undefined;
    if (renamed) return [verdict(at, 'neutral', `${why}: the same ${tb} under a new address`, b, h)];
    return [
      verdict(
        at,
        'unverified',
        `${why}: now refers to ${rh.address}${th ? ` (${th})` : ' (not in this output)'} instead of ${rb.address}`,
        b,
        h,
      ),
    ];
  };
}

/** Applies `a` then `b` to the same change: both verdicts count. */
export function both(a: Cmp, b: Cmp): Cmp {
  return (x, y, at, cx) => [...a(x, y, at, cx), ...b(x, y, at, cx)];
}

/**
 * An item added to a set, judged as if each of its properties appeared: the weakenings and unverified changes that
 * gives, or one neutral verdict saying what it is.
 */
export function addedItem(cmp: Cmp, why: string): ItemRule {
  return (item, at, cx) => {
    const bad = compare(cmp, undefined, item, at, cx).filter(
      (v) => v.class === 'weakening' || v.class === 'unverified',
    );
    return bad.length > 0 ? bad : [verdict(at, 'neutral', why, undefined, item)];
  };
}
