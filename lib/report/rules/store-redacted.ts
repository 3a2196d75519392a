import { describeStore, expectedStoreOf, PostureRule } from './rule';

export const storeRedacted: PostureRule = {
  id: 'CG-STORE-REDACTED',
  severity: 'medium',
  description: 'Raw conversation data is redacted before it is stored; where a platform cannot, the store is named.',
  check: (a) =>
    a.stores
      .filter((s) => s.sensitive && s.redactedBy.length === 0)
      .map((s) => {
        const e = expectedStoreOf(a, s);
        return {
          resource: s.resource,
          message: `${describeStore(s)} receives unredacted data`,
          planned: e !== undefined && e.redactedBy.length === 0,
        };
      }),
};
