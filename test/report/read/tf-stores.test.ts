/**
 * The per-store Terraform readers (lib/report/read/tf), each on a small document written by hand: one that protects
 * and one that does not, like cdk-nag's rule fixtures.
 */
import { bucketStore } from '../../../lib/report/read/tf/bucket';
import { indexDoc, TfDoc } from '../../../lib/report/read/tf/doc';
import { keyPostures } from '../../../lib/report/read/tf/keys';
import { dialogflowLogging } from '../../../lib/report/read/tf/logging';
import { outsideTheModel } from '../../../lib/report/read/tf/outside-model';

type Json = Record<string, any>;
const DAY = 86_400;
const doc = (resource: Record<string, Record<string, Json>>): TfDoc => ({ resource });
const KEY = {
  google_kms_crypto_key: {
    k: { name: 'audio-key', rotation_period: '7776000s', lifecycle: { prevent_destroy: true } },
  },
  google_kms_crypto_key_iam_member: {
    dpo: {
      crypto_key_id: '${google_kms_crypto_key.k.id}',
      role: 'roles/cloudkms.cryptoKeyDecrypter',
      member: 'group:dpo@example.com',
    },
    gcs: {
      crypto_key_id: '${google_kms_crypto_key.k.id}',
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: '${data.google_storage_project_service_account.agent.member}',
    },
  },
};

describe('keys', () => {
  test('rotation in days, deletion protection, and decrypters without the service agents', () => {
    const { keys } = keyPostures(doc(KEY).resource!);
    expect(keys.get('google_kms_crypto_key.k')).toMatchObject({
      name: 'audio-key',
      rotationDays: 90,
      deletionProtected: true,
      decrypters: ['group:dpo@example.com'],
    });
  });

  test('a key without rotation or protection says so', () => {
    const { keys } = keyPostures({ google_kms_crypto_key: { k: { name: 'x' } } });
    expect(keys.get('google_kms_crypto_key.k')).toMatchObject({
      rotationDays: undefined,
      deletionProtected: false,
      decrypters: [],
    });
  });
});

describe('audio bucket', () => {
  const bucket = (b: Json, extra: Record<string, Record<string, Json>> = {}) => {
    const d = doc({ ...KEY, google_storage_bucket: { a: b }, ...extra });
    const idx = indexDoc(d);
    return bucketStore(idx, keyPostures(idx.all).keys, 'google_storage_bucket.a', ['redacted']);
  };
  const protectedBucket = {
    name: 'audio',
    lifecycle_rule: [{ action: { type: 'Delete' }, condition: { age: 1 } }],
    soft_delete_policy: { retention_duration_seconds: 0 },
    public_access_prevention: 'enforced',
    encryption: { default_kms_key_name: '${google_kms_crypto_key.k.id}' },
  };

  test('a day of age, no soft delete, enforced, under the key: 1 d plus the lifecycle lag, its readers named', () => {
    const s = bucket(protectedBucket, {
      google_storage_bucket_iam_binding: {
        v: {
          bucket: '${google_storage_bucket.a.name}',
          role: 'roles/storage.objectViewer',
          members: ['group:dpo@example.com'],
        },
      },
    });
    expect(s.retention.configuredSeconds).toBe(DAY);
    expect(s.retention.lag.seconds).toBe(DAY);
    expect(s.public).toBe(false);
    expect(s.encryption).toEqual({ kind: 'customer', key: 'google_kms_crypto_key.k' });
    expect(s.readers.filter((r) => r.named).map((r) => `${r.who} (${r.via})`)).toEqual([
      'group:dpo@example.com (key IAM)',
      'group:dpo@example.com (bucket IAM roles/storage.objectViewer)',
    ]);
  });

  test("Cloud Storage's default soft delete adds 7 days; versioning keeps objects without limit", () => {
    const noSoftDelete: Json = { ...protectedBucket };
    delete noSoftDelete.soft_delete_policy;
    expect(bucket(noSoftDelete).retention.configuredSeconds).toBe(8 * DAY);
    expect(bucket({ ...protectedBucket, versioning: { enabled: true } }).retention.configuredSeconds).toBeUndefined();
  });

  test('an age rule limited to a prefix deletes nothing else; a public bucket is public', () => {
    const prefixOnly = {
      ...protectedBucket,
      lifecycle_rule: [{ action: { type: 'Delete' }, condition: { age: 1, matches_prefix: ['tmp/'] } }],
    };
    expect(bucket(prefixOnly).retention.configuredSeconds).toBeUndefined();
    expect(bucket({ ...protectedBucket, public_access_prevention: 'inherited' }).public).toBe(true);
    const allUsers = {
      google_storage_bucket_iam_member: {
        p: { bucket: '${google_storage_bucket.a.name}', role: 'roles/storage.objectViewer', member: 'allUsers' },
      },
    };
    expect(bucket(protectedBucket, allUsers).public).toBe(true);
  });
});

describe('Dialogflow logs in Cloud Logging', () => {
  const FILTER =
    'logName=~"^projects/acme-cx-prod/logs/dialogflow" OR (logName="projects/acme-cx-prod/logs/cloudaudit.googleapis.com%2Fdata_access" AND protoPayload.serviceName="dialogflow.googleapis.com")';
  const routing = (filter: string, exclude: boolean) =>
    doc({
      google_logging_project_bucket_config: {
        b: {
          project: 'acme-cx-prod',
          location: 'us-central1',
          bucket_id: 'cx-logs',
          retention_days: 1,
          cmek_settings: { kms_key_name: 'k' },
        },
      },
      google_logging_project_sink: {
        s: {
          project: 'acme-cx-prod',
          name: 'cx',
          filter,
          destination: 'logging.googleapis.com/projects/acme-cx-prod/locations/us-central1/buckets/cx-logs',
        },
      },
      ...(exclude ? { google_logging_project_exclusion: { e: { project: 'acme-cx-prod', name: 'cx', filter } } } : {}),
    });

  test("every Dialogflow log routed and excluded from _Default: the routed bucket's day only", () => {
    const l = dialogflowLogging(indexDoc(routing(FILTER, true)), []);
    expect(l.cloudLoggingStores('agent', 'acme-cx-prod').map((s) => [s.name, s.retention.configuredSeconds])).toEqual([
      ['Cloud Logging bucket cx-logs (us-central1)', DAY],
    ]);
    expect(l.unknownFilters).toEqual([]);
  });

  test('without the exclusion, _Default keeps them 30 days too', () => {
    const l = dialogflowLogging(indexDoc(routing(FILTER, false)), []);
    expect(l.cloudLoggingStores('agent', 'acme-cx-prod').map((s) => [s.name, s.retention.configuredSeconds])).toEqual([
      ['Cloud Logging bucket cx-logs (us-central1)', DAY],
      ['Cloud Logging _Default bucket (global)', 30 * DAY],
    ]);
  });

  test('a filter convoguard does not write covers nothing and is listed as not understood', () => {
    const l = dialogflowLogging(indexDoc(routing(`${FILTER} AND severity>=ERROR`, true)), []);
    expect(l.cloudLoggingStores('agent', 'acme-cx-prod').map((s) => s.name)).toEqual([
      'Cloud Logging _Default bucket (global)',
    ]);
    expect(l.unknownFilters.map((f) => f.resource)).toEqual([
      'google_logging_project_sink.s',
      'google_logging_project_exclusion.e',
    ]);
  });
});

describe('what the model does not cover', () => {
  const outside = (extra: Record<string, Record<string, Json>>, context: TfDoc[] = []) => {
    const idx = indexDoc(doc({ ...KEY, ...extra }));
    const { keys, members } = keyPostures(idx.all);
    return outsideTheModel(idx, context, keys, members).map((o) => o.resource);
  };

  test("convoguard's own grants on its own key: nothing", () => {
    expect(outside({})).toEqual([]);
  });

  test('project-wide object readers, a custom role on the key, count and a foreign sink: each listed', () => {
    expect(
      outside({
        google_project_iam_member: {
          p: { project: 'x', role: 'roles/storage.objectViewer', member: 'user:a@example.com' },
        },
        google_kms_crypto_key_iam_member: {
          ...KEY.google_kms_crypto_key_iam_member,
          c: {
            crypto_key_id: '${google_kms_crypto_key.k.id}',
            role: 'projects/x/roles/decrypt',
            member: 'user:b@example.com',
          },
        },
        google_storage_bucket: { n: { name: 'n', count: 0 } },
        google_logging_project_sink: {
          s: { filter: 'logName:dialogflow', destination: 'storage.googleapis.com/elsewhere' },
        },
      }),
    ).toEqual([
      'google_kms_crypto_key_iam_member.c',
      'google_project_iam_member.p',
      'google_storage_bucket.n',
      'google_logging_project_sink.s',
    ]);
  });
});
