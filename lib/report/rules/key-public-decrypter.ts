import { isBroadGcpMember } from '../../policy/principals';
import type { PostureRule } from './rule';

export const keyPublicDecrypter: PostureRule = {
  id: 'CG-KEY-PUBLIC',
  severity: 'high',
  description: 'No wildcard, public, domain-wide or principal-set member can decrypt sensitive data.',
  check: (a) =>
    a.keys
      .filter((k) => k.decrypters.some((d) => d === '*' || isBroadGcpMember(d)))
      .map((k) => ({
        resource: k.resource,
        message: `key "${k.name}" can be used to decrypt by a wildcard, public or domain-wide principal`,
      })),
};
