import { describeStore, expectedStoreOf, PostureRule } from './rule';

export const storeCustomerKey: PostureRule = {
  id: 'CG-STORE-CMK',
  severity: 'medium',
  description:
    'Raw conversation data is encrypted with a key the account controls, so revoking the key revokes the data.',
  check: (a) =>
    a.stores
      .filter((s) => s.sensitive && (s.encryption.kind === 'provider' || s.encryption.kind === 'unknown'))
      .map((s) => ({
        resource: s.resource,
        message:
          s.encryption.kind === 'unknown'
            ? `${describeStore(s)} is yours: its encryption cannot be seen from the synthesized output; confirm it uses a key you control`
            : `${describeStore(s)} uses provider-managed encryption, not a customer-managed key`,
        planned: expectedStoreOf(a, s) !== undefined && expectedStoreOf(a, s)?.encryption !== 'customer',
      })),
};
