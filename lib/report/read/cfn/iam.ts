/** IAM as the CloudFormation reader evaluates it: action matching, principals, and grants outside the model. */

import { obj, arr, list, refId, Json, Resource } from './template';

/** A principal as IAM reads it: a literal, or an Fn::Join of literals and pseudo-parameter references (`${AWS::Partition}`). */
export function principalText(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  const join = obj(x)['Fn::Join'];
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    const parts = join[1].map((p) =>
      typeof p === 'string' ? p : typeof obj(p).Ref === 'string' ? `\${${String(obj(p).Ref)}}` : undefined,
    );
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}

/**
 * The stack account's root, in each spelling IAM accepts: `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, the
 * same with the stack's account written out (a stack pinned to an account), the literal ARN in any partition, or the
 * bare account id. Another account's root is another principal, named as such.
 */
export function isOwnRoot(x: unknown, account?: string): boolean {
  const t = principalText(x);
  if (t === undefined) return false;
  const m = /^arn:(\$\{AWS::Partition\}|aws[a-z-]*):iam::(\$\{AWS::AccountId\}|\d{12}):root$/.exec(t);
  if (m) return m[2] === '${AWS::AccountId}' || m[2] === account;
  return account !== undefined && t === account;
}

/** The operations that give plaintext of data under a key. */
export const DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'];

/** The operation that shows masked CloudWatch Logs values. */
export const UNMASK_ACTIONS = ['logs:Unmask'];

/**
 * IAM's action matching: case-insensitive, `*` any run of characters, `?` one character. A greedy matcher with one
 * backtracking point, linear in the pattern for each action (no regular expression built from template text).
 */
export function actionMatches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < a.length) {
    if (i < p.length && (p[i] === '?' || p[i] === a[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

/** Whether a statement's actions (Action, or everything but NotAction) include one of `actions`. */
export function allowsAny(s: Json, actions: readonly string[]): boolean {
  if (s.NotAction !== undefined)
    return actions.some((a) => !list(s.NotAction).some((p) => typeof p === 'string' && actionMatches(p, a)));
  return list(s.Action).some((p) => typeof p === 'string' && actions.some((a) => actionMatches(p, a)));
}

export function principals(p: unknown, account?: string): string[] {
  if (p === '*') return ['*'];
  const aws = obj(p).AWS;
  return list(aws).map((x) => (isOwnRoot(x, account) ? 'account root' : (principalText(x) ?? JSON.stringify(x))));
}

/** Whether a statement's actions include decryption. */
export function decrypts(s: Json): boolean {
  return allowsAny(s, DECRYPT_ACTIONS);
}

/**
 * What in a policy document the reader cannot take at face value: an Effect other than exactly Allow or Deny, a
 * NotPrincipal, an action that is not a string, a Statement that is not a list. Each is reported as "cannot verify".
 */
export function statementsUnverified(doc: unknown, where: string): string[] {
  const statements = obj(doc).Statement;
  if (doc !== undefined && !Array.isArray(statements)) return [`${where}: Statement is not a list`];
  const out: string[] = [];
  arr(statements).forEach((raw, i) => {
    const s = obj(raw);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
      out.push(`${where}: Statement[${i}] has Effect ${JSON.stringify(s.Effect)} (expected exactly "Allow" or "Deny")`);
    if (s.NotPrincipal !== undefined)
      out.push(`${where}: Statement[${i}] uses NotPrincipal, which grants to everyone it does not name`);
    const actions = [...list(s.Action), ...list(s.NotAction)];
    if (actions.some((a) => typeof a !== 'string'))
      out.push(
        `${where}: Statement[${i}] has an action that is not a string: ${JSON.stringify(s.Action ?? s.NotAction).slice(0, 80)}`,
      );
  });
  return out;
}

/**
 * Resources outside the model that can give someone plaintext: KMS grants, IAM policies, roles, users and groups
 * whose statements allow kms:Decrypt or logs:Unmask (with wildcards and NotAction, as IAM reads them), and
 * subscription filters that copy a log group's events somewhere else.
 */
/** Who an identity policy applies to, by name: its roles, users and groups (their names where literal, else their ids). */
function holders(r: Resource, res: Record<string, Resource>): string {
  const named = (kind: string, v: unknown): string => {
    const id = refId(v);
    const target = id ? res[id] : undefined;
    const nameKey = kind === 'role' ? 'RoleName' : kind === 'user' ? 'UserName' : 'GroupName';
    const literal = target?.Properties?.[nameKey];
    return `${kind} ${typeof literal === 'string' ? literal : (id ?? (typeof v === 'string' ? v : JSON.stringify(v)))}`;
  };
  if (r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User' || r.Type === 'AWS::IAM::Group') {
    const kind = r.Type.slice('AWS::IAM::'.length).toLowerCase();
    const key = kind === 'role' ? 'RoleName' : kind === 'user' ? 'UserName' : 'GroupName';
    const literal = r.Properties?.[key];
    return `${kind} ${typeof literal === 'string' ? literal : 'itself'}`;
  }
  const all = [
    ...list(r.Properties?.Roles).map((v) => named('role', v)),
    ...list(r.Properties?.Users).map((v) => named('user', v)),
    ...list(r.Properties?.Groups).map((v) => named('group', v)),
  ];
  return all.length > 0 ? all.join(', ') : 'nobody it is attached to in this template';
}

export function grantsOutsideTheModel(res: Record<string, Resource>): Array<{ resource: string; what: string }> {
  const out: Array<{ resource: string; what: string }> = [];
  for (const [id, r] of Object.entries(res)) {
    if (r.Type === 'AWS::KMS::Grant')
      out.push({
        resource: id,
        what: `AWS::KMS::Grant ${id} can give ${JSON.stringify(r.Properties?.GranteePrincipal)} the key's operations`,
      });
    if (r.Type === 'AWS::Logs::SubscriptionFilter')
      out.push({
        resource: id,
        what: `AWS::Logs::SubscriptionFilter ${id} copies the events of ${JSON.stringify(r.Properties?.LogGroupName)} to ${JSON.stringify(r.Properties?.DestinationArn)}`,
      });
    const documents =
      r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
        ? [r.Properties?.PolicyDocument]
        : r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User' || r.Type === 'AWS::IAM::Group'
          ? arr(r.Properties?.Policies).map((x) => obj(x).PolicyDocument)
          : [];
    const who = holders(r, res);
    for (const d of documents) {
      const statements = list(obj(d).Statement).map(obj);
      const allows = statements.filter((s) => s.Effect === 'Allow');
      if (allows.some((s) => allowsAny(s, DECRYPT_ACTIONS)))
        out.push({ resource: id, what: `${r.Type} ${id} allows kms:Decrypt to ${who}` });
      if (allows.some((s) => allowsAny(s, UNMASK_ACTIONS)))
        out.push({
          resource: id,
          what: `${r.Type} ${id} allows logs:Unmask (masked conversation logs in clear) to ${who}`,
        });
      out.push(...statementsUnverified(d, `${r.Type} ${id}`).map((what) => ({ resource: id, what })));
    }
  }
  return out;
}
