/** Amazon S3 buckets and bucket policies. */
import type { Verdict } from '../change';
import { bool, Cmp, fields, isMap, list, neutral, ordered, ref, unverified, verdict, weakening } from '../compare';
import { policyDocument } from '../iam';
import { always, cfnResource, INERT_ADDED, Shape } from '../shape';
import { TAGS } from './aws-kms';

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** What lifecycle rules delete: the shortest unconditional expiry, of current and of noncurrent versions. */
function lifecycleBounds(v: unknown): { current: number; noncurrent: number; uploads: number; opaque?: string } {
  const rules = asList(isMap(v) ? v.Rules : undefined).map((r) => (isMap(r) ? r : {}));
  let current = Infinity;
  let noncurrent = Infinity;
  let uploads = Infinity;
  const known = [
    'Id',
    'Status',
    'ExpirationInDays',
    'NoncurrentVersionExpiration',
    'NoncurrentVersionExpirationInDays',
    'AbortIncompleteMultipartUpload',
    'Transitions',
    'NoncurrentVersionTransitions',
    'Prefix',
    'Filter',
    'TagFilters',
    'ExpiredObjectDeleteMarker',
    'ObjectSizeGreaterThan',
    'ObjectSizeLessThan',
    'ExpirationDate',
  ];
  for (const r of rules) {
    const unknown = Object.keys(r).filter((k) => !known.includes(k));
    if (unknown.length > 0)
      return { current, noncurrent, uploads, opaque: `a lifecycle rule with ${unknown.join(', ')}` };
    // A rule limited by prefix, filter, tag or size deletes only some objects: it bounds nothing.
    const scoped =
      r.Prefix !== undefined ||
      r.Filter !== undefined ||
      r.TagFilters !== undefined ||
      r.ObjectSizeGreaterThan !== undefined ||
      r.ObjectSizeLessThan !== undefined;
    if (r.Status === 'Disabled' || scoped) continue;
    if (typeof r.ExpirationInDays === 'number') current = Math.min(current, r.ExpirationInDays);
    const nc =
      typeof r.NoncurrentVersionExpirationInDays === 'number'
        ? r.NoncurrentVersionExpirationInDays
        : isMap(r.NoncurrentVersionExpiration) && typeof r.NoncurrentVersionExpiration.NoncurrentDays === 'number'
          ? r.NoncurrentVersionExpiration.NoncurrentDays
          : undefined;
    if (nc !== undefined) noncurrent = Math.min(noncurrent, nc);
    // The parts of an upload that never completed hold audio too, invisible to listings, until this rule aborts them.
    const abort = isMap(r.AbortIncompleteMultipartUpload)
      ? r.AbortIncompleteMultipartUpload.DaysAfterInitiation
      : undefined;
    if (typeof abort === 'number') uploads = Math.min(uploads, abort);
    if (r.ExpirationInDays !== undefined && typeof r.ExpirationInDays !== 'number')
      return { current, noncurrent, uploads, opaque: 'an expiry that is not a literal number of days' };
  }
  return { current, noncurrent, uploads };
}

/** Lifecycle rules, read for what they delete and when: a later or scoped expiry is a weakening. */
export const lifecycle: Cmp = (b, h, at) => {
  const lb = lifecycleBounds(b);
  const lh = lifecycleBounds(h);
  if (lh.opaque || lb.opaque)
    return [verdict(at, 'unverified', `${lh.opaque ?? lb.opaque}: the gate does not read what it deletes`, b, h)];
  const out: Verdict[] = [];
  const days = (n: number) => (n === Infinity ? 'never' : `${n}d`);
  for (const [what, x, y] of [
    ['expiry of objects', lb.current, lh.current],
    ['expiry of noncurrent versions', lb.noncurrent, lh.noncurrent],
    ['abort of incomplete uploads', lb.uploads, lh.uploads],
  ] as const) {
    if (x !== y) out.push(verdict(at, y > x ? 'weakening' : 'strengthening', `${what} ${days(x)} → ${days(y)}`, b, h));
  }
  if (out.length === 0)
    out.push(verdict(at, 'neutral', 'lifecycle rules changed without changing when objects and versions expire', b, h));
  return out;
};

const accessControl: Cmp = (b, h, at) => {
  const safe = (v: unknown) =>
    v === undefined || v === 'Private' || v === 'BucketOwnerFullControl' || v === 'LogDeliveryWrite';
  return [
    verdict(
      at,
      safe(h) ? (safe(b) ? 'neutral' : 'strengthening') : 'weakening',
      `canned ACL ${String(b ?? 'none')} → ${String(h ?? 'none')}`,
      b,
      h,
    ),
  ];
};

const accessLoggingFields = fields({
  DestinationBucketName: ref('where access logs go', { added: 'strengthening' }),
  LogFilePrefix: neutral('a log prefix'),
  TargetObjectKeyFormat: neutral('log object names'),
});
const accessLogging: Cmp = (b, h, at, cx) =>
  h === undefined
    ? [verdict(at, 'weakening', 'server access logging off: who read the objects is no longer recorded', b, h)]
    : b === undefined
      ? [verdict(at, 'strengthening', 'server access logging on', b, h)]
      : accessLoggingFields(b, h, at, cx);

export const AWS_S3: Record<string, Shape> = {
  'AWS::S3::Bucket': cfnResource(
    {
      BucketName: unverified(
        'the bucket name: a new name is a new bucket, and whatever names the old one by string keeps writing there',
      ),
      Tags: TAGS,
      BucketEncryption: fields({
        ServerSideEncryptionConfiguration: list(
          fields({
            BucketKeyEnabled: neutral('S3 Bucket Keys (fewer KMS calls, same key)'),
            ServerSideEncryptionByDefault: fields({
              SSEAlgorithm: ordered(['AES256', 'aws:kms', 'aws:kms:dsse'], {
                absent: 'AES256',
                why: 'default encryption',
              }),
              KMSMasterKeyID: ref('the key objects are encrypted with', {
                removed: 'weakening',
                added: 'strengthening',
              }),
            }),
          }),
          'default encryption rules',
        ),
      }),
      LifecycleConfiguration: lifecycle,
      VersioningConfiguration: fields({
        Status: ordered(['Enabled', 'Suspended'], {
          absent: 'Suspended',
          why: 'versioning keeps deleted and overwritten objects',
        }),
      }),
      PublicAccessBlockConfiguration: fields({
        BlockPublicAcls: bool({ strong: true, absent: false, why: 'BlockPublicAcls' }),
        BlockPublicPolicy: bool({ strong: true, absent: false, why: 'BlockPublicPolicy' }),
        IgnorePublicAcls: bool({ strong: true, absent: false, why: 'IgnorePublicAcls' }),
        RestrictPublicBuckets: bool({ strong: true, absent: false, why: 'RestrictPublicBuckets' }),
      }),
      OwnershipControls: fields({
        Rules: list(
          fields({
            ObjectOwnership: ordered(['ObjectWriter', 'BucketOwnerPreferred', 'BucketOwnerEnforced'], {
              absent: 'ObjectWriter',
              why: 'object ownership (BucketOwnerEnforced turns ACLs off)',
            }),
          }),
          'ownership rules',
        ),
      }),
      LoggingConfiguration: accessLogging,
      AccessControl: accessControl,
      ReplicationConfiguration: weakening('replication copies every object to another bucket'),
      ObjectLockEnabled: weakening('object lock keeps objects past their expiry'),
      ObjectLockConfiguration: weakening('object lock keeps objects past their expiry'),
      NotificationConfiguration: unverified('notifications send object keys to another service'),
      InventoryConfigurations: unverified('an inventory lists every object key into another bucket'),
      WebsiteConfiguration: weakening('a website serves the objects'),
      CorsConfiguration: unverified('CORS lets browsers of other sites read objects'),
      MetricsConfigurations: neutral('request metrics'),
      IntelligentTieringConfigurations: neutral('storage classes'),
      AnalyticsConfigurations: unverified('storage class analysis exports to another bucket'),
      AccelerateConfiguration: neutral('transfer acceleration'),
    },
    {
      added: INERT_ADDED,
      removed: always(
        'neutral',
        'the bucket leaves the stack (its objects are deleted with it, or kept by DeletionPolicy Retain)',
      ),
    },
  ),
  'AWS::S3::BucketPolicy': cfnResource({
    Bucket: ref('the bucket the policy is on', { removed: 'neutral', added: 'neutral' }),
    PolicyDocument: policyDocument,
  }),
};
