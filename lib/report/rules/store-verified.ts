import { describeStore, expectedStoreOf, PostureRule } from './rule';

/**
 * Every scan the plan provisions is in the output, and a store that holds sensitive data has something that shows when redaction fails there: an alarm, an alert policy
 * or a scheduled scan. Stores no service can read (audio, Dialogflow history, a tracker store) and policies without
 * `verify` are known gaps, named with their reason; a check the plan provisions and the output lacks fails.
 */
export const storeVerified: PostureRule = {
  id: 'CG-STORE-VERIFIED',
  severity: 'medium',
  description:
    'A store holding sensitive data has an alarm, an alert or a scan that shows when redaction fails there (a trend that cannot see a miss does not count).',
  check(a) {
    // A scan the plan provisions over an export that the output lacks (or runs on another schedule).
    const read = new Set((a.scans ?? []).map((x) => `${x.by} ${x.target} ${x.schedule}`));
    const missingScans = (a.expected?.scans ?? [])
      .filter((x) => !read.has(`${x.by} ${x.target} ${x.schedule}`))
      .map((x) => ({
        resource: a.source,
        message: `the plan scans ${x.target} with a ${x.by} ${x.schedule}, and the output has no such scan`,
        planned: false,
      }));
    return [
      ...missingScans,
      ...a.stores
        .filter((s) => s.sensitive && (s.verifiedBy ?? []).length === 0)
        .map((s) => {
          const e = expectedStoreOf(a, s);
          const planVerifies = (e?.verifiedBy ?? []).length > 0;
          // A check that exists and notifies nobody is CG-NOTIFY's finding, not a missing check.
          if (a.silentChecks?.length && s.unverifiedReason?.includes('notifies nobody')) return undefined;
          // A trend check (the Lex findings alarm) verifies nothing, but the plan provisions it: its absence is a deviation.
          const lostTrends = (e?.watchedBy ?? []).filter((t) => !(s.watchedBy ?? []).includes(t));
          return {
            resource: s.resource,
            message: planVerifies
              ? `${describeStore(s)}: the plan verifies it with ${e!.verifiedBy!.join(', ')}, and the output has no such check`
              : lostTrends.length > 0
                ? `${describeStore(s)}: the plan watches its trend with ${lostTrends.join(', ')}, and the output has no such check`
                : `${describeStore(s)}: nothing verifies that redaction holds here (${s.unverifiedReason ?? 'no alarm or scan reads it'})`,
            planned: !planVerifies && lostTrends.length === 0,
          };
        })
        .filter((f): f is NonNullable<typeof f> => f !== undefined),
    ];
  },
};
