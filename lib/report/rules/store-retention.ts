import { formatSeconds } from '../../policy/duration';
import { formatBound, SENSITIVE_DEFAULT_SECONDS } from '../../policy/posture';
import { describeStore, expectedStoreOf, PostureRule, RuleFinding } from './rule';

/** Anonymized data: the library's default when no plan says otherwise. */
const ANONYMIZED_DEFAULT_SECONDS = 30 * SENSITIVE_DEFAULT_SECONDS;

export const storeRetention: PostureRule = {
  id: 'CG-STORE-RETENTION',
  severity: 'high',
  description:
    'No store keeps conversation data longer than the policy allows (retention.sensitive, retention.anonymized or the topic retention).',
  check(a) {
    const out: RuleFinding[] = [];
    for (const s of a.stores) {
      const e = expectedStoreOf(a, s);
      const policyLimit = s.sensitive
        ? (a.expected?.sensitiveSeconds ?? SENSITIVE_DEFAULT_SECONDS)
        : (a.expected?.anonymizedSeconds ?? ANONYMIZED_DEFAULT_SECONDS);
      // What the plan configures for this store (topics have their own retention).
      const planned = e?.retention.configuredSeconds;
      const actual = s.retention.configuredSeconds;
      const allows = `the policy allows ${formatSeconds(policyLimit)}${a.expected?.exceptionReason ? ` (retention exception: ${a.expected.exceptionReason})` : ''}`;
      if (actual === undefined) {
        out.push({
          resource: s.resource,
          message: `${describeStore(s)} keeps data without limit; ${allows}`,
          planned: e !== undefined && planned === undefined && !e.managed,
        });
      } else if (planned !== undefined && actual > planned) {
        out.push({
          resource: s.resource,
          message: `${describeStore(s)} keeps data ${formatBound(s.retention)}; the plan configures ${formatSeconds(planned)}`,
        });
      } else if (actual > policyLimit) {
        out.push({
          resource: s.resource,
          message: `${describeStore(s)} keeps data ${formatBound(s.retention)}; ${allows}`,
          planned: e !== undefined && !e.managed,
        });
      }
    }
    return out;
  },
};
