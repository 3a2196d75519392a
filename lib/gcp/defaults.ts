import { DEFAULT_DAYS, DEFAULT_SECONDS } from '../policy/defaults';

/**
 * Secure defaults for the Google Cloud constructs, in one place. Constructs read these; props may tighten them,
 * and the few that may be loosened say so in their docs.
 */
export const GCP_DEFAULTS = {
  /** Objects in sensitive buckets are deleted after this many days (1 is Cloud Storage's minimum). */
  sensitiveObjectAgeDays: 1,
  /** Incomplete multipart uploads are aborted after this many days. */
  abortIncompleteUploadAgeDays: 1,
  /** Soft delete would keep deleted sensitive objects for 7 days: off. */
  softDeleteRetentionSeconds: 0,
  publicAccessPrevention: 'enforced',
  /** Dialogflow conversation history, in days: the policy's default retention.sensitive (24 h). */
  retentionWindowDays: DEFAULT_DAYS.sensitive,
  /** Key rotation, in seconds: the policy's default encryption.rotation (90 days). */
  rotationPeriodSeconds: DEFAULT_SECONDS.rotation,
  /** Waiting period before a destroyed key version is gone (the policy's default deletionWindow); fixed at creation. */
  destroyScheduledDurationSeconds: DEFAULT_SECONDS.deletionWindow,
  minLikelihood: 'POSSIBLE',
  audioFormat: 'MP3',
  /** `{conversation}` and `{timestamp}` are replaced by Dialogflow with the conversation id and epoch micros. */
  audioExportPattern: '{conversation}/{timestamp}',
  kafkaVcpus: 3,
  kafkaMemoryGiB: 3,
} as const;

export const ROLES = {
  encrypterDecrypter: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  decrypter: 'roles/cloudkms.cryptoKeyDecrypter',
  inspectTemplatesReader: 'roles/dlp.inspectTemplatesReader',
  deidentifyTemplatesReader: 'roles/dlp.deidentifyTemplatesReader',
} as const;

/** Labels every convoguard resource carries (Google label values: lower-case, digits, _ and -; at most 63). */
export function labels(
  policy: string,
  agent: string,
  dataClass: 'sensitive' | 'anonymized' | 'control',
): Record<string, string> {
  const clean = (v: string) =>
    v
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
      .slice(0, 63);
  return {
    'managed-by': 'convoguard',
    'convoguard-policy': clean(policy),
    'convoguard-agent': clean(agent),
    'data-class': dataClass,
  };
}
