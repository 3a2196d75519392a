/** IAM policies, roles, users and groups: who is given what. */
import { canonical, Verdict } from '../change';
import { Cmp, compare, fields, isMap, neutral, ref, unverified, verdict } from '../compare';
import { HARMLESS_ACTIONS, inlinePolicies, policyDocument } from '../iam';
import { always, cfnResource, Shape } from '../shape';
import { DESCRIPTION, TAGS } from './aws-kms';

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** What a policy document does to whoever it is attached to: allows something sensitive, denies something, or neither. */
function effects(doc: unknown): { allowsSensitive: boolean; denies: boolean } {
  const statements = asList(isMap(doc) ? doc.Statement : undefined).map((s) => (isMap(s) ? s : {}));
  const sensitive = (s: Record<string, unknown>) =>
    s.NotAction !== undefined ||
    asList(s.Action).some((a) => typeof a !== 'string' || !HARMLESS_ACTIONS.includes(a.toLowerCase()));
  return {
    allowsSensitive: statements.some((s) => s.Effect !== 'Deny' && sensitive(s)),
    denies: statements.some((s) => s.Effect === 'Deny'),
  };
}

/**
 * The identities a policy is attached to (`Roles`, `Users`, `Groups`, or one `RoleName`…): an identity gained gets
 * the policy's allows (a weakening when they are sensitive) and its denies; one lost loses them.
 */
function attachments(
  keys: readonly string[],
): (b: unknown, h: unknown, at: readonly (string | number | { item: string })[]) => Verdict[] {
  return (b, h, at) => {
    const pb = isMap(b) ? b : {};
    const ph = isMap(h) ? h : {};
    const eb = effects(pb.PolicyDocument);
    const eh = effects(ph.PolicyDocument);
    const out: Verdict[] = [];
    for (const k of keys) {
      const before = new Set(asList(pb[k]).map(canonical));
      const after = new Set(asList(ph[k]).map(canonical));
      for (const x of after) {
        if (before.has(x)) continue;
        if (eh.allowsSensitive)
          out.push(
            verdict(
              [...at, k, { item: x }],
              'weakening',
              `the policy, which allows sensitive actions, is now attached to ${x}`,
              undefined,
              x,
            ),
          );
        else
          out.push(
            verdict(
              [...at, k, { item: x }],
              eh.denies ? 'strengthening' : 'neutral',
              `the policy is now attached to ${x}`,
              undefined,
              x,
            ),
          );
      }
      for (const x of before) {
        if (after.has(x)) continue;
        if (eb.denies)
          out.push(
            verdict([...at, k, { item: x }], 'weakening', `the policy's deny no longer applies to ${x}`, x, undefined),
          );
        else
          out.push(
            verdict(
              [...at, k, { item: x }],
              eb.allowsSensitive ? 'strengthening' : 'neutral',
              `the policy is no longer attached to ${x}`,
              x,
              undefined,
            ),
          );
      }
    }
    return out;
  };
}

/** An identity policy's properties: its document and attachments read together (what it allows depends on both). */
function identityPolicy(named: Record<string, Cmp>, attachedBy: readonly string[]): Cmp {
  const skip: Cmp = () => [];
  const rest = fields({
    ...named,
    PolicyDocument: policyDocument,
    ...Object.fromEntries(attachedBy.map((k) => [k, skip])),
  });
  const attach = attachments(attachedBy);
  return (b, h, at, cx) => [...compare(rest, b, h, at, cx), ...attach(b, h, at)];
}

/** AWS managed policies convoguard attaches (the Lambda basic execution role writes the function's own logs). */
const HARMLESS_MANAGED = [/:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/];

/** An ARN as text: a literal, or the literal parts of an Fn::Join with each reference in braces. */
function arnText(v: unknown): string {
  if (typeof v === 'string') return v;
  const join = isMap(v) ? v['Fn::Join'] : undefined;
  if (Array.isArray(join) && Array.isArray(join[1]))
    return join[1]
      .map((p) => (typeof p === 'string' ? p : isMap(p) && typeof p.Ref === 'string' ? `\${${p.Ref}}` : canonical(p)))
      .join('');
  return canonical(v);
}

/** Managed policies attached to a role, user or group: one of this template is read for what it allows. */
const managedPolicyArns: Cmp = (b, h, at, cx) => {
  const mb = new Map(asList(b).map((x) => [canonical(x), x]));
  const mh = new Map(asList(h).map((x) => [canonical(x), x]));
  const out: Verdict[] = [];
  for (const [k, x] of mh) {
    if (mb.has(k)) continue;
    const target = isMap(x) && typeof x.Ref === 'string' ? x.Ref : undefined;
    if (target !== undefined && cx.head.typeOf(target) === 'AWS::IAM::ManagedPolicy') {
      const e = effects(
        (cx.head.valueOf(target) as { Properties?: { PolicyDocument?: unknown } } | undefined)?.Properties
          ?.PolicyDocument,
      );
      out.push(
        verdict(
          [...at, { item: target }],
          e.allowsSensitive ? 'weakening' : e.denies ? 'strengthening' : 'neutral',
          `managed policy ${target} attached${e.allowsSensitive ? ': it allows sensitive actions' : ''}`,
          undefined,
          x,
        ),
      );
    } else if (HARMLESS_MANAGED.some((re) => re.test(arnText(x))))
      out.push(
        verdict(
          [...at, { item: arnText(x) }],
          'neutral',
          "an AWS managed policy that only writes the function's own logs",
          undefined,
          x,
        ),
      );
    else
      out.push(
        verdict(
          [...at, { item: arnText(x) }],
          'weakening',
          `managed policy ${arnText(x)} attached: its permissions are not in this output`,
          undefined,
          x,
        ),
      );
  }
  for (const [k, x] of mb) {
    if (mh.has(k)) continue;
    const target = isMap(x) && typeof x.Ref === 'string' ? x.Ref : undefined;
    const denies =
      target !== undefined &&
      effects(
        (cx.base.valueOf(target) as { Properties?: { PolicyDocument?: unknown } } | undefined)?.Properties
          ?.PolicyDocument,
      ).denies;
    out.push(
      verdict(
        [...at, { item: target ?? arnText(x) }],
        denies ? 'weakening' : 'strengthening',
        `managed policy ${target ?? arnText(x)} detached${denies ? ': its deny no longer applies' : ''}`,
        x,
        undefined,
      ),
    );
  }
  return out;
};

const ROLE_PROPS = {
  AssumeRolePolicyDocument: policyDocument,
  Policies: inlinePolicies,
  ManagedPolicyArns: managedPolicyArns,
  Description: DESCRIPTION,
  Tags: TAGS,
  RoleName: neutral('the role name'),
  Path: neutral('the role path'),
  MaxSessionDuration: neutral('how long a session lasts'),
  PermissionsBoundary: ref('the permissions boundary', { removed: 'weakening', added: 'strengthening' }),
};

export const AWS_IAM: Record<string, Shape> = {
  'AWS::IAM::Role': cfnResource(ROLE_PROPS, {
    removed: always('neutral', 'a role removed: whoever assumed it loses what it allowed'),
  }),
  'AWS::IAM::User': cfnResource({
    ...ROLE_PROPS,
    UserName: neutral('the user name'),
    Groups: unverified('group membership'),
    LoginProfile: unverified('a console password'),
  }),
  'AWS::IAM::Group': cfnResource({
    Policies: inlinePolicies,
    ManagedPolicyArns: managedPolicyArns,
    GroupName: neutral('the group name'),
    Path: neutral('the path'),
  }),
  'AWS::IAM::ManagedPolicy': cfnResource(
    identityPolicy(
      { Description: DESCRIPTION, ManagedPolicyName: neutral('the policy name'), Path: neutral('the policy path') },
      ['Roles', 'Users', 'Groups'],
    ),
  ),
  'AWS::IAM::Policy': cfnResource(
    identityPolicy({ PolicyName: neutral('the policy name') }, ['Roles', 'Users', 'Groups']),
  ),
  'AWS::IAM::RolePolicy': cfnResource(identityPolicy({ PolicyName: neutral('the policy name') }, ['RoleName'])),
  'AWS::IAM::UserPolicy': cfnResource(identityPolicy({ PolicyName: neutral('the policy name') }, ['UserName'])),
  'AWS::IAM::GroupPolicy': cfnResource(identityPolicy({ PolicyName: neutral('the policy name') }, ['GroupName'])),
};
