import type { PostureRule } from './rule';

export const keyDeletionProtection: PostureRule = {
  id: 'CG-KEY-RETAIN',
  severity: 'medium',
  description: 'Keys are protected from deletion: destroying a key loses the data it protects.',
  check: (a) =>
    a.keys
      .filter((k) => !k.deletionProtected)
      .map((k) => ({
        resource: k.resource,
        message: `key "${k.name}" is not protected from deletion (destroying it loses the data it protects)`,
      })),
};
