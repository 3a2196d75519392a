/** The keys of a Terraform document and who may decrypt with them through their IAM. */
import { DAY } from '../../../policy/duration';
import type { Reader } from '../../../policy/posture';
import type { KeyPosture } from '../../model';
import { groupBy, refAddress } from './doc';
import { arr, Json, obj } from './json';

export const DECRYPT_ROLES = [
  'roles/cloudkms.cryptoKeyDecrypter',
  'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  'roles/owner',
  'roles/editor',
  'roles/cloudkms.admin',
];
export const OBJECT_READ_ROLES = [
  'roles/storage.objectViewer',
  'roles/storage.objectAdmin',
  'roles/storage.admin',
  'roles/storage.legacyObjectReader',
  'roles/storage.legacyBucketOwner',
  'roles/owner',
  'roles/editor',
  'roles/viewer',
];
export const GOOGLE_SERVICE_AGENT =
  /^serviceAccount:service-.*@(gcp-sa-[a-z-]+|gs-project-accounts|dlp-api)\.iam\.gserviceaccount\.com$/;
/** Members taken from the data sources that name Google's service agents (Cloud Storage, Cloud Logging). */
export const SERVICE_AGENT_REF =
  /\$\{data\.google_(storage_project_service_account|logging_project_cmek_settings|bigquery_default_service_account)\.[^}]+\}/;
/** On Google Cloud a CMEK store's service agent decrypts for every reader the service lets through. */
const GCP_SERVICE_AGENTS_DECRYPT: readonly string[] = [
  'the service agents of the stores (Cloud Storage, Cloud Logging, Dialogflow, Managed Kafka)',
];

/**
 * The keys of a document's resources (`all`), by address, with who may decrypt through their IAM; `suffix` is added to
 * each key's `resource` (a shared document's keys name their stack). Also the key IAM members it read.
 */
export function keyPostures(all: Record<string, Record<string, Json>>, suffix = '') {
  const list = (type: string) =>
    Object.entries(all[type] ?? {}).map(([name, r]) => ({ address: `${type}.${name}`, r }));
  const members = [
    ...list('google_kms_crypto_key_iam_member').map(({ r }) => ({
      key: refAddress(r.crypto_key_id),
      role: r.role,
      members: [r.member],
    })),
    ...list('google_kms_crypto_key_iam_binding').map(({ r }) => ({
      key: refAddress(r.crypto_key_id),
      role: r.role,
      members: arr(r.members),
    })),
  ];
  const membersOfKey = groupBy(members, (m) => m.key);
  const keys = new Map<string, KeyPosture>(
    list('google_kms_crypto_key').map(({ address, r }) => {
      const rotation =
        typeof r.rotation_period === 'string' ? Number(r.rotation_period.replace(/s$/, '')) / DAY : undefined;
      const decrypters = (membersOfKey.get(address) ?? [])
        .filter((m) => typeof m.role === 'string' && DECRYPT_ROLES.includes(m.role))
        .flatMap((m) => m.members.map(String))
        .filter((m) => !GOOGLE_SERVICE_AGENT.test(m) && !SERVICE_AGENT_REF.test(m))
        .sort();
      return [
        address,
        {
          resource: `${address}${suffix}`,
          name: String(r.name),
          rotationDays: Number.isFinite(rotation) ? rotation : undefined,
          deletionProtected: obj(r.lifecycle).prevent_destroy === true,
          decrypters,
          accountAdmins: false,
          throughServices: GCP_SERVICE_AGENTS_DECRYPT,
        },
      ];
    }),
  );
  return { keys, members };
}

/** The readers a key's IAM names, for a store encrypted with it. */
export function keyReadersOf(keys: ReadonlyMap<string, KeyPosture>): (key: string | undefined) => Reader[] {
  return (key) => (keys.get(key ?? '')?.decrypters ?? []).map((who) => ({ who, via: 'key IAM', named: true }));
}
