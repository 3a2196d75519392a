import type { PostureRule } from './rule';

export const keyRotation: PostureRule = {
  id: 'CG-KEY-ROTATION',
  severity: 'medium',
  description: 'Keys that protect conversation data rotate.',
  check: (a) =>
    a.keys
      .filter((k) => k.rotationDays === undefined)
      .map((k) => ({ resource: k.resource, message: `key "${k.name}" does not rotate` })),
};
