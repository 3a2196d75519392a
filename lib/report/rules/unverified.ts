import type { PostureRule } from './rule';

export const unverified: PostureRule = {
  id: 'CG-UNVERIFIED',
  severity: 'high',
  description:
    'Anything the reader cannot verify (an unresolvable value, a resource that can grant access outside the model) is a finding, never a pass.',
  check: (a) => (a.unverified ?? []).map((u) => ({ resource: u.resource, message: `cannot verify: ${u.what}` })),
};
