/** CloudWatch Logs log groups, their data protection policies, subscription filters and account policies. */
import { canonical, Verdict } from '../change';
import { Cmp, isMap, neutral, num, ordered, ref, unverified, verdict, weakening } from '../compare';
import { policyDocument } from '../iam';
import { always, cfnResource, INERT_ADDED, Shape, UNKNOWN } from '../shape';
import { TAGS } from './aws-kms';

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * A data identifier as CloudWatch reads it: the whole ARN (`arn:${AWS::Partition}:dataprotection::aws:data-identifier/EmailAddress`,
 * literal or joined around references), or the name of a custom one. Any other spelling is another identifier.
 */
function identifierName(v: unknown): string {
  if (typeof v === 'string') return v;
  const join = isMap(v) ? v['Fn::Join'] : undefined;
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1]))
    return join[1]
      .map((x) =>
        typeof x === 'string'
          ? x
          : isMap(x) && typeof x.Ref === 'string' && Object.keys(x).length === 1
            ? `\${${x.Ref}}`
            : canonical(x),
      )
      .join('');
  return canonical(v);
}
/** `EmailAddress` of an identifier's ARN, for messages. */
const shortName = (id: string) => id.split('data-identifier/').pop() ?? id;

interface DataProtection {
  readonly masked: Set<string>;
  readonly audited: Set<string>;
  readonly deidentifyStatements: number;
  readonly maskConfig: string[];
  readonly auditDestinations: string[];
  readonly custom: Map<string, string>;
  readonly opaque?: string;
}

function readDataProtection(v: unknown): DataProtection {
  const out: DataProtection = {
    masked: new Set(),
    audited: new Set(),
    deidentifyStatements: 0,
    maskConfig: [],
    auditDestinations: [],
    custom: new Map(),
  };
  if (v === undefined) return out;
  if (!isMap(v)) return { ...out, opaque: 'a data protection policy that is not a mapping' };
  const extra = Object.keys(v).filter(
    (k) => !['Name', 'Description', 'Version', 'Statement', 'Configuration'].includes(k),
  );
  if (extra.length > 0) return { ...out, opaque: `a data protection policy with ${extra.join(', ')}` };
  let deidentify = 0;
  for (const raw of asList(v.Statement)) {
    const s = isMap(raw) ? raw : {};
    const op = isMap(s.Operation) ? s.Operation : {};
    const ops = Object.keys(op);
    if (ops.some((o) => o !== 'Audit' && o !== 'Deidentify') || ops.length === 0)
      return { ...out, opaque: `a data protection statement with operation ${ops.join(', ') || 'none'}` };
    if (ops.includes('Deidentify')) {
      deidentify++;
      for (const id of asList(s.DataIdentifier)) out.masked.add(identifierName(id));
      out.maskConfig.push(canonical(op.Deidentify));
    }
    if (ops.includes('Audit')) {
      out.auditDestinations.push(canonical(op.Audit));
      for (const id of asList(s.DataIdentifier)) out.audited.add(identifierName(id));
    }
  }
  const config = isMap(v.Configuration) ? v.Configuration : {};
  const otherConfig = Object.keys(config).filter((k) => k !== 'CustomDataIdentifier');
  if (otherConfig.length > 0)
    return { ...out, opaque: `a data protection configuration with ${otherConfig.join(', ')}` };
  for (const c of asList(config.CustomDataIdentifier)) if (isMap(c)) out.custom.set(String(c.Name), canonical(c.Regex));
  return { ...out, deidentifyStatements: deidentify };
}

/**
 * A log group's data protection policy, read for what it masks: identifiers a Deidentify statement gains or loses,
 * a custom identifier whose pattern changes, a second Deidentify statement (CloudWatch accepts one), a new
 * findings destination.
 */
export const dataProtectionPolicy: Cmp = (b, h, at) => {
  const db = readDataProtection(b);
  const dh = readDataProtection(h);
  if (db.opaque || dh.opaque)
    return [verdict(at, 'unverified', `${dh.opaque ?? db.opaque}: the gate does not read what it masks`, b, h)];
  const out: Verdict[] = [];
  if (dh.deidentifyStatements > 1)
    out.push(
      verdict(
        at,
        'unverified',
        `${dh.deidentifyStatements} Deidentify statements: CloudWatch accepts one, and the gate cannot tell which applies`,
        b,
        h,
      ),
    );
  const gained = [...dh.masked].filter((x) => !db.masked.has(x));
  const lost = [...db.masked].filter((x) => !dh.masked.has(x));
  if (lost.length > 0) out.push(verdict(at, 'weakening', `no longer masks ${lost.map(shortName).join(', ')}`, b, h));
  if (gained.length > 0) out.push(verdict(at, 'strengthening', `now masks ${gained.map(shortName).join(', ')}`, b, h));
  // What the Audit statement counts is what LogEventsWithFindings (the verification alarm's metric) counts.
  const unaudited = [...db.audited].filter((x) => !dh.audited.has(x));
  const audited = [...dh.audited].filter((x) => !db.audited.has(x));
  if (unaudited.length > 0)
    out.push(
      verdict(
        at,
        'weakening',
        `no longer audits ${unaudited.map(shortName).join(', ')}: findings, and the LogEventsWithFindings metric the verification alarm reads, no longer count them`,
        b,
        h,
      ),
    );
  if (audited.length > 0)
    out.push(verdict(at, 'strengthening', `now audits ${audited.map(shortName).join(', ')}`, b, h));
  if (canonical(db.maskConfig) !== canonical(dh.maskConfig) && db.maskConfig.length > 0 && dh.maskConfig.length > 0)
    out.push(verdict(at, 'unverified', 'the masking configuration changed', b, h));
  if (canonical(db.auditDestinations.sort()) !== canonical(dh.auditDestinations.sort()))
    out.push(
      verdict(
        at,
        dh.auditDestinations.length === 0 ? 'neutral' : 'unverified',
        'where findings are sent changed',
        b,
        h,
      ),
    );
  for (const [name, regex] of dh.custom) {
    const before = db.custom.get(name);
    if (before !== undefined && before !== regex)
      out.push(
        verdict(
          at,
          'unverified',
          `the pattern of custom identifier ${name} changed: what it now matches is not compared`,
          before,
          regex,
        ),
      );
  }
  if (out.length === 0) out.push(verdict(at, 'neutral', 'the policy changed without changing what it masks', b, h));
  return out;
};

export const AWS_LOGS: Record<string, Shape> = {
  'AWS::Logs::LogGroup': cfnResource(
    {
      // Policies name log groups by string (the DenyUnmask policy, account policies): a new name leaves them behind.
      LogGroupName: unverified(
        'the log group name: a new name is a new group, and policies that name the old one by string (DenyUnmask) no longer cover it',
      ),
      Tags: TAGS,
      RetentionInDays: num({ stronger: 'lower', absent: Infinity, why: 'retention' }),
      KmsKeyId: ref('the key that encrypts the log group', { removed: 'weakening', added: 'strengthening' }),
      DataProtectionPolicy: dataProtectionPolicy,
      // Data protection (masking) works in the Standard class only.
      LogGroupClass: ordered(['DELIVERY', 'INFREQUENT_ACCESS', 'STANDARD'], {
        absent: 'STANDARD',
        why: 'log class (masking needs STANDARD)',
      }),
      ResourcePolicyDocument: policyDocument,
      FieldIndexPolicies: neutral('field indexes'),
    },
    {
      added: INERT_ADDED,
      removed: always(
        'neutral',
        'the log group leaves the stack (its events are deleted with it, or kept by DeletionPolicy Retain until they expire)',
      ),
    },
  ),
  'AWS::Logs::SubscriptionFilter': {
    ...UNKNOWN,
    added: always('weakening', 'a subscription filter copies every event of a log group to another destination'),
    compare: weakening('a subscription filter changed: where it copies events'),
    removed: always('strengthening', 'a subscription filter removed'),
  },
  'AWS::Logs::MetricFilter': cfnResource(
    {
      FilterName: neutral('a name'),
      // convoguard's miss detector is a metric filter: what it matches, where and into which metric decide whether the
      // alarm on it still sees a value that masking missed (the posture names the check, lib/report/read-verification).
      FilterPattern: unverified('what the metric counts: a miss detector whose pattern changed may no longer match'),
      LogGroupName: unverified('the group it counts in'),
      MetricTransformations: unverified('the metric it counts into (an alarm watches it)'),
      ApplyOnTransformedLogs: unverified('whether it counts the original or the transformed events'),
    },
    {
      added: always('neutral', 'a metric filter counts matching events; it copies none'),
      removed: always('neutral', 'a metric filter removed'),
    },
  ),
};
