import { describeStore, PostureRule } from './rule';

export const storeNotPublic: PostureRule = {
  id: 'CG-STORE-PUBLIC',
  severity: 'high',
  description: 'No store of conversation data can be made public.',
  check: (a) =>
    a.stores
      .filter((s) => s.public)
      .map((s) => ({
        resource: s.resource,
        message: `${describeStore(s)} can be made public (public access is not blocked)`,
      })),
};
