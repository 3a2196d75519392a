import { describeStore, PostureRule } from './rule';

export const storeEncrypted: PostureRule = {
  id: 'CG-STORE-ENCRYPTED',
  severity: 'high',
  description: 'Every store of conversation data is encrypted at rest.',
  check: (a) =>
    a.stores
      .filter((s) => s.encryption.kind === 'none')
      .map((s) => ({ resource: s.resource, message: `${describeStore(s)} is not encrypted` })),
};
