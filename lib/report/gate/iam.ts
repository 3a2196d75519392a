/**
 * What a change to an IAM-style policy document (a key policy, a bucket or topic policy, an identity policy, a trust
 * policy) does to who may do what. Each statement applies to a set of requests: its principals × actions × resources,
 * narrowed by every condition (conditions are ANDed; the values of one condition are ORed). A change widens or
 * narrows that set along each of those dimensions: a wider Allow or a narrower Deny weakens protection, the reverse
 * strengthens it. A wider Allow is neutral only when every action it allows is one of `HARMLESS_ACTIONS` (writes,
 * encryption, model calls: nothing that gives anyone plaintext or changes what protects it) or its principals are
 * AWS services only. Operators and forms the gate does not evaluate (NotPrincipal, set operators, dates) are
 * unverified.
 */
import { canonical, Path, Verdict } from './change';
import { Cmp, isMap, verdict } from './compare';
import { actionMatches } from '../read-cloudformation';

type Json = Record<string, unknown>;

/**
 * Actions that give no one plaintext of conversation data and change nothing that protects it: writing logs and
 * objects, encrypting, describing, calling models and guardrails, publishing alarm notices, managing Macie jobs.
 * Literal spellings only (with the few wildcard forms that match only such actions); any other action an Allow
 * gains is a weakening until reviewed.
 */
export const HARMLESS_ACTIONS: readonly string[] = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  's3:PutObject',
  's3:AbortMultipartUpload',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
  'kms:Describe*',
  'polly:SynthesizeSpeech',
  'comprehend:DetectSentiment',
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
  'bedrock:ApplyGuardrail',
  'bedrock:Retrieve',
  'sns:Publish',
  'cloudwatch:PutMetricData',
  'kafka:GetBootstrapBrokers',
  'kafka:DescribeCluster',
  'kafka:DescribeClusterV2',
  'macie2:CreateClassificationJob',
  'macie2:UpdateClassificationJob',
  'macie2:DescribeClassificationJob',
  'macie2:TagResource',
].map((a) => a.toLowerCase());

const POSITIVE_OPERATORS = new Set(
  [
    'StringEquals',
    'StringEqualsIgnoreCase',
    'StringLike',
    'ArnEquals',
    'ArnLike',
    'IpAddress',
    'NumericEquals',
    'BinaryEquals',
  ].flatMap((o) => [o, `${o}IfExists`]),
);
const NEGATIVE_OPERATORS = new Set(
  [
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'ArnNotEquals',
    'ArnNotLike',
    'NotIpAddress',
    'NumericNotEquals',
  ].flatMap((o) => [o, `${o}IfExists`]),
);

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

interface Statement {
  readonly raw: Json;
  readonly sid?: string;
  readonly effect: unknown;
  readonly principals: string[];
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** `Operator|key` → canonical values. */
  readonly conditions: Map<string, Set<string>>;
  /** Why the gate cannot evaluate this statement, if it cannot. */
  readonly opaque?: string;
}

/**
 * An AWS principal in one spelling per principal: an account's root as `root of N` (or `root of this account`),
 * whether written as an ARN in any partition, an Fn::Join around the partition, or the bare account id.
 */
function awsPrincipal(x: unknown): string {
  let t: string | undefined = typeof x === 'string' ? x : undefined;
  const join = isMap(x) ? x['Fn::Join'] : undefined;
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    const parts = join[1].map((p) =>
      typeof p === 'string'
        ? p
        : isMap(p) && typeof p.Ref === 'string' && Object.keys(p).length === 1
          ? `\${${p.Ref}}`
          : undefined,
    );
    if (parts.every((p) => p !== undefined)) t = parts.join('');
  }
  if (t === undefined) return canonical(x);
  const root = /^arn:(?:\$\{AWS::Partition\}|aws[a-z-]*):iam::(\$\{AWS::AccountId\}|\d{12}):root$/.exec(t);
  if (root) return root[1] === '${AWS::AccountId}' ? 'root of this account' : `root of ${root[1]}`;
  if (/^\d{12}$/.test(t)) return `root of ${t}`;
  return t;
}

function principalsOf(p: unknown): string[] {
  if (p === undefined) return [];
  if (p === '*') return ['AWS:*'];
  if (!isMap(p)) return [`?:${canonical(p)}`];
  return Object.entries(p).flatMap(([k, v]) =>
    asList(v).map((x) => `${k}:${k === 'AWS' ? awsPrincipal(x) : typeof x === 'string' ? x : canonical(x)}`),
  );
}

function readStatement(raw: unknown): Statement {
  const s = isMap(raw) ? raw : {};
  const strings = (v: unknown) => asList(v).map((x) => (typeof x === 'string' ? x.toLowerCase() : `?${canonical(x)}`));
  const conditions = new Map<string, Set<string>>();
  let opaque: string | undefined = isMap(raw) ? undefined : 'a statement that is not a mapping';
  for (const [op, byKey] of Object.entries(isMap(s.Condition) ? s.Condition : {})) {
    if (!isMap(byKey)) {
      opaque ??= `condition ${op} is not a mapping`;
      continue;
    }
    for (const [key, values] of Object.entries(byKey))
      conditions.set(
        `${op}|${key.toLowerCase()}`,
        new Set(asList(values).map((x) => (typeof x === 'string' ? x : canonical(x)))),
      );
  }
  if (s.Condition !== undefined && !isMap(s.Condition)) opaque ??= 'Condition is not a mapping';
  if (s.NotPrincipal !== undefined) opaque ??= 'NotPrincipal applies the statement to everyone it does not name';
  const actions = strings(s.Action);
  const notActions = strings(s.NotAction);
  if ([...actions, ...notActions].some((a) => a.startsWith('?'))) opaque ??= 'an action that is not a string';
  return {
    raw: s,
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect,
    principals: principalsOf(s.Principal),
    actions,
    notActions,
    resources: asList(s.Resource).map(canonical),
    notResources: asList(s.NotResource).map(canonical),
    conditions,
    opaque,
  };
}

/** Whether every action `s` allows is harmless (literal, in `HARMLESS_ACTIONS`). */
function onlyHarmlessActions(s: Statement): boolean {
  return (
    !s.opaque &&
    s.notActions.length === 0 &&
    s.actions.length > 0 &&
    s.actions.every((a) => HARMLESS_ACTIONS.includes(a))
  );
}

/**
 * Whether a new statement allows nothing sensitive: only harmless actions, or only AWS service principals (a service
 * that uses a key or resource for the store it serves: whoever reads through that service is the store's reader).
 */
function harmless(s: Statement): boolean {
  if (s.notActions.length > 0 || s.opaque) return false;
  if (s.principals.length > 0 && s.principals.every((p) => p.startsWith('Service:'))) return true;
  return onlyHarmlessActions(s);
}

const describeStatement = (s: Statement) =>
  `${String(s.effect)} ${s.actions.length > 0 ? s.actions.join(', ') : `all but ${s.notActions.join(', ')}`}${s.principals.length > 0 ? ` to ${s.principals.join(', ')}` : ''}${s.resources.length > 0 ? ` on ${s.resources.length === 1 ? s.resources[0] : `${s.resources.length} resources`}` : ''}${s.conditions.size > 0 ? ` when ${[...s.conditions.keys()].join(', ')}` : ''}`;

/** Verdicts for the statement `b` becoming `h` (same place in the document), dimension by dimension. */
function compareStatements(b: Statement, h: Statement, at: Path): Verdict[] {
  if (h.opaque) return [verdict(at, 'unverified', `${h.opaque}: the gate does not evaluate it`, b.raw, h.raw)];
  if (b.effect !== h.effect) {
    const cls =
      b.effect === 'Allow' && h.effect === 'Deny'
        ? 'strengthening'
        : b.effect === 'Deny' && h.effect === 'Allow'
          ? 'weakening'
          : 'unverified';
    return [verdict(at, cls, `Effect ${String(b.effect)} → ${String(h.effect)}`, b.raw, h.raw)];
  }
  if (h.effect !== 'Allow' && h.effect !== 'Deny')
    return [
      verdict(
        at,
        'unverified',
        `Effect ${JSON.stringify(h.effect)} (expected exactly "Allow" or "Deny")`,
        b.raw,
        h.raw,
      ),
    ];
  const allow = h.effect === 'Allow';
  const out: Verdict[] = [];
  const serviceOnly = h.principals.length > 0 && h.principals.every((p) => p.startsWith('Service:'));
  const wider = (what: string) => {
    if (!allow) out.push(verdict(at, 'strengthening', `the deny is wider: ${what}`, b.raw, h.raw));
    else if (onlyHarmlessActions(h))
      out.push(verdict(at, 'neutral', `the allow is wider (${what}), for harmless actions only`, b.raw, h.raw));
    // A service's use of a key or resource, widened: what else the service may now do with it is not evaluated.
    else if (serviceOnly)
      out.push(
        verdict(
          at,
          'unverified',
          `what an AWS service may do is wider: ${what}; now ${describeStatement(h)}`,
          b.raw,
          h.raw,
        ),
      );
    else out.push(verdict(at, 'weakening', `the allow is wider: ${what}; now ${describeStatement(h)}`, b.raw, h.raw));
  };
  const narrower = (what: string) => {
    if (allow) out.push(verdict(at, 'strengthening', `the allow is narrower: ${what}`, b.raw, h.raw));
    else out.push(verdict(at, 'weakening', `the deny is narrower: ${what}; now ${describeStatement(h)}`, b.raw, h.raw));
  };
  // Items a list gains widen the statement; items it loses narrow it. An item that another item of the other side
  // already covers with a wildcard changes nothing.
  const covered = (x: string, by: string[], match: (p: string, v: string) => boolean) => by.some((p) => match(p, x));
  const dimension = (
    name: string,
    before: string[],
    after: string[],
    match: (p: string, v: string) => boolean,
    inverse = false,
  ) => {
    const gained = after.filter((x) => !covered(x, before, match));
    const lost = before.filter((x) => !covered(x, after, match));
    // An empty list on either side means "every" (a Principal-less identity policy, an absent NotAction).
    if (gained.length > 0)
      (inverse ? narrower : wider)(`${name} ${inverse ? 'excluded' : 'added'}: ${gained.join(', ')}`);
    if (lost.length > 0)
      (inverse ? wider : narrower)(`${name} ${inverse ? 'no longer excluded' : 'removed'}: ${lost.join(', ')}`);
  };
  if (b.notActions.length === 0 || h.notActions.length === 0) dimension('action', b.actions, h.actions, actionMatches);
  if (b.notActions.length > 0 && h.notActions.length > 0)
    dimension('action', b.notActions, h.notActions, actionMatches, true);
  dimension('principal', b.principals, h.principals, (p, v) => p === v || p === 'AWS:*');
  dimension('resource', b.resources, h.resources, (p, v) => p === v || p === '"*"');
  dimension('resource', b.notResources, h.notResources, (p, v) => p === v, true);
  // Action and NotAction are two forms: "these" and "all but these".
  if (b.notActions.length === 0 && h.notActions.length > 0)
    wider(`NotAction: every action but ${h.notActions.join(', ')}`);
  if (b.actions.length === 0 && h.actions.length > 0 && b.notActions.length > 0)
    narrower('NotAction replaced by Action');
  for (const key of new Set([...b.conditions.keys(), ...h.conditions.keys()])) {
    const [op] = key.split('|');
    const vb = b.conditions.get(key);
    const vh = h.conditions.get(key);
    if (!vh) {
      wider(`condition ${key} removed`);
      continue;
    }
    if (!vb) {
      narrower(`condition ${key} added`);
      continue;
    }
    const gained = [...vh].filter((x) => !vb.has(x));
    const lost = [...vb].filter((x) => !vh.has(x));
    if (gained.length === 0 && lost.length === 0) continue;
    if (POSITIVE_OPERATORS.has(op)) {
      if (gained.length > 0) wider(`condition ${key} matches ${gained.join(', ')} too`);
      if (lost.length > 0) narrower(`condition ${key} no longer matches ${lost.join(', ')}`);
    } else if (NEGATIVE_OPERATORS.has(op)) {
      if (gained.length > 0) narrower(`condition ${key} also excludes ${gained.join(', ')}`);
      if (lost.length > 0) wider(`condition ${key} no longer excludes ${lost.join(', ')}`);
    } else
      out.push(
        verdict(at, 'unverified', `condition ${key} changed: an operator the gate does not evaluate`, b.raw, h.raw),
      );
  }
  return out;
}

function addedStatement(s: Statement, at: Path): Verdict {
  if (s.opaque) return verdict(at, 'unverified', `${s.opaque}: the gate does not evaluate it`, undefined, s.raw);
  if (s.effect === 'Deny')
    return verdict(at, 'strengthening', `a deny added: ${describeStatement(s)}`, undefined, s.raw);
  if (s.effect !== 'Allow')
    return verdict(
      at,
      'unverified',
      `Effect ${JSON.stringify(s.effect)} (expected exactly "Allow" or "Deny")`,
      undefined,
      s.raw,
    );
  return harmless(s)
    ? verdict(
        at,
        'neutral',
        `an allow of harmless actions or to AWS services only: ${describeStatement(s)}`,
        undefined,
        s.raw,
      )
    : verdict(at, 'weakening', `an allow added: ${describeStatement(s)}`, undefined, s.raw);
}

function removedStatement(s: Statement, at: Path): Verdict {
  if (s.effect === 'Allow')
    return verdict(at, 'strengthening', `an allow removed: ${describeStatement(s)}`, s.raw, undefined);
  if (s.effect === 'Deny') return verdict(at, 'weakening', `a deny removed: ${describeStatement(s)}`, s.raw, undefined);
  return verdict(at, 'unverified', `a statement with Effect ${JSON.stringify(s.effect)} removed`, s.raw, undefined);
}

/**
 * Pairs the statements of two documents: equal ones drop out, then by Sid, then by effect and position among what is
 * left. Pairing only chooses which verdicts are printed: a widened Allow or a narrowed Deny is found whichever
 * statement it is compared with.
 */
function pair(
  b: Statement[],
  h: Statement[],
): { pairs: Array<[Statement, Statement, number]>; removed: Statement[]; added: Array<[Statement, number]> } {
  const hLeft = h.map((s, i) => ({ s, i }));
  const bLeft: Statement[] = [];
  for (const s of b) {
    const j = hLeft.findIndex((x) => canonical(x.s.raw) === canonical(s.raw));
    if (j >= 0) hLeft.splice(j, 1);
    else bLeft.push(s);
  }
  const pairs: Array<[Statement, Statement, number]> = [];
  const removed: Statement[] = [];
  for (const s of bLeft) {
    let j = s.sid !== undefined ? hLeft.findIndex((x) => x.s.sid === s.sid) : -1;
    if (j < 0) j = hLeft.findIndex((x) => x.s.sid === undefined && s.sid === undefined && x.s.effect === s.effect);
    if (j >= 0) {
      pairs.push([s, hLeft[j].s, hLeft[j].i]);
      hLeft.splice(j, 1);
    } else removed.push(s);
  }
  return { pairs, removed, added: hLeft.map((x) => [x.s, x.i]) };
}

const name = (s: Statement, i: number) => (s.sid !== undefined ? `Sid=${s.sid}` : `#${i}`);

/** A policy document: `{ Version, Statement: [...] }` (a JSON string is parsed first, as IAM does). */
export const policyDocument: Cmp = (b, h, at: Path) => {
  const parse = (v: unknown) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  const db = parse(b);
  const dh = parse(h);
  const statementsOf = (d: unknown) =>
    d === undefined ? [] : isMap(d) && Array.isArray(d.Statement) ? d.Statement : undefined;
  const sb = statementsOf(db);
  const sh = statementsOf(dh);
  if (sb === undefined || sh === undefined)
    return [verdict(at, 'unverified', 'a policy document whose Statement is not a list', b, h)];
  const out: Verdict[] = [];
  if (isMap(db) && isMap(dh) && db.Version !== dh.Version)
    out.push(
      verdict(
        [...at, 'Version'],
        'unverified',
        'the policy language version changed (policy variables read differently)',
        db.Version,
        dh.Version,
      ),
    );
  for (const k of new Set([...Object.keys(isMap(db) ? db : {}), ...Object.keys(isMap(dh) ? dh : {})])) {
    if (k === 'Statement' || k === 'Version' || k === 'Id') continue;
    out.push(
      verdict(
        [...at, k],
        'unverified',
        'a policy document key the gate does not know',
        isMap(db) ? db[k] : undefined,
        isMap(dh) ? dh[k] : undefined,
      ),
    );
  }
  const { pairs, removed, added } = pair(sb.map(readStatement), sh.map(readStatement));
  for (const [x, y, i] of pairs) out.push(...compareStatements(x, y, [...at, 'Statement', { item: name(y, i) }]));
  removed.forEach((s, i) => out.push(removedStatement(s, [...at, 'Statement', { item: name(s, i) }])));
  for (const [s, i] of added) out.push(addedStatement(s, [...at, 'Statement', { item: name(s, i) }]));
  return out;
};

/** The list of inline policies of an IAM role, user or group: `[{ PolicyName, PolicyDocument }]`. */
export const inlinePolicies: Cmp = (b, h, at, cx) => {
  const byName = (v: unknown) =>
    new Map(
      asList(v).map((p, i) => [
        isMap(p) && typeof p.PolicyName === 'string' ? p.PolicyName : `#${i}`,
        isMap(p) ? p.PolicyDocument : p,
      ]),
    );
  const mb = byName(b);
  const mh = byName(h);
  const out: Verdict[] = [];
  for (const k of new Set([...mb.keys(), ...mh.keys()])) {
    const x = mb.get(k);
    const y = mh.get(k);
    if (canonical(x) !== canonical(y))
      out.push(...policyDocument(x, y, [...at, { item: `PolicyName=${k}` }, 'PolicyDocument'], cx));
  }
  return out;
};
