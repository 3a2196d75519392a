/** A Cloud Storage bucket that holds conversation audio, as a store. */
import { DAY } from '../../../policy/duration';
import { IMPLICIT_READERS, LAG } from '../../../policy/posture';
import type { KeyPosture, StorePosture } from '../../model';
import { groupBy, refAddress, TfIndex } from './doc';
import { arr, obj, one } from './json';
import { keyReadersOf, OBJECT_READ_ROLES } from './keys';

/** Every bucket IAM member and binding of the document, by bucket. */
function bucketMembers(idx: TfIndex) {
  return groupBy(
    [
      ...idx.entries('google_storage_bucket_iam_member').map(({ r }) => ({
        bucket: refAddress(r.bucket) ?? String(r.bucket),
        role: r.role,
        members: [r.member],
      })),
      ...idx.entries('google_storage_bucket_iam_binding').map(({ r }) => ({
        bucket: refAddress(r.bucket) ?? String(r.bucket),
        role: r.role,
        members: arr(r.members),
      })),
    ],
    (m) => m.bucket,
  );
}

/** An audio bucket as a store: its unconditional age rule (plus soft delete) bounds it; bucket IAM readers are listed. */
export function bucketStore(
  idx: TfIndex,
  keys: ReadonlyMap<string, KeyPosture>,
  bucketAddress: string,
  redactedBy: string[],
): StorePosture {
  const { get } = idx;
  const keyReaders = keyReadersOf(keys);
  const membersOfBucket = bucketMembers(idx);
  // A literal bucket name is no resource of this document.
  const b = /^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(bucketAddress) ? get(bucketAddress) : undefined;
  const rules = arr(b?.lifecycle_rule).map(obj);
  // Only an unconditional age rule deletes everything; one limited by state or prefix does not.
  const ages = rules
    .filter(
      (x) =>
        one(x.action).type === 'Delete' &&
        typeof one(x.condition).age === 'number' &&
        one(x.condition).with_state === undefined &&
        one(x.condition).matches_prefix === undefined,
    )
    .map((x) => one(x.condition).age as number);
  const softDelete = one(b?.soft_delete_policy).retention_duration_seconds;
  const soft = typeof softDelete === 'number' ? softDelete : 7 * DAY; // Cloud Storage's default soft delete
  const versioned = one(b?.versioning).enabled === true;
  const kms = one(b?.encryption).default_kms_key_name;
  const keyAddress = refAddress(kms);
  const bucketReaders = (membersOfBucket.get(bucketAddress) ?? [])
    .filter((m) => typeof m.role === 'string' && OBJECT_READ_ROLES.includes(m.role))
    .flatMap((m) => m.members.map((who) => ({ who: String(who), via: `bucket IAM ${String(m.role)}`, named: true })));
  return {
    kind: 'audio',
    name: String(b?.name ?? bucketAddress),
    resource: bucketAddress,
    retention: {
      configuredSeconds: ages.length > 0 && !versioned ? Math.min(...ages) * DAY + soft : undefined,
      lag: LAG.gcsLifecycle,
    },
    encryption: kms ? { kind: 'customer', key: keyAddress ?? String(kms) } : { kind: 'provider' },
    redactedBy,
    public:
      b?.public_access_prevention !== 'enforced' || bucketReaders.some((x) => /^all(Authenticated)?Users$/.test(x.who)),
    sensitive: true,
    readers: [
      ...keyReaders(keyAddress),
      ...bucketReaders,
      IMPLICIT_READERS.gcsObjectReaders,
      IMPLICIT_READERS.gcpKmsAdmins,
    ],
  };
}
