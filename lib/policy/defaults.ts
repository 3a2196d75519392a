/**
 * The policy's defaults, decided once: the schema fills them in, and the constructs used on their own (without a
 * policy) take the same values, so a construct's default never keeps data longer or rotates keys less often than a
 * policy that says nothing would.
 */
import { ceilDays, parseDuration } from './duration';

export const POLICY_DEFAULTS = {
  retention: { sensitive: '24h', anonymized: '30d' },
  encryption: { rotation: '90d', deletionWindow: '30d' },
} as const;

function seconds(text: string): number {
  const d = parseDuration(text);
  if (!d) throw new Error(`internal: the default "${text}" is not a duration`);
  return d.seconds;
}

/** The defaults in the units the constructs take. */
export const DEFAULT_SECONDS = {
  sensitive: seconds(POLICY_DEFAULTS.retention.sensitive),
  anonymized: seconds(POLICY_DEFAULTS.retention.anonymized),
  rotation: seconds(POLICY_DEFAULTS.encryption.rotation),
  deletionWindow: seconds(POLICY_DEFAULTS.encryption.deletionWindow),
} as const;

export const DEFAULT_DAYS = {
  sensitive: ceilDays(DEFAULT_SECONDS.sensitive),
  rotation: ceilDays(DEFAULT_SECONDS.rotation),
  deletionWindow: ceilDays(DEFAULT_SECONDS.deletionWindow),
} as const;
