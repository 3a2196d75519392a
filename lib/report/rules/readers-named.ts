import type { PostureRule, RuleFinding } from './rule';

export const readersNamed: PostureRule = {
  id: 'CG-READERS',
  severity: 'high',
  description: 'Only the principals in access.decrypters can decrypt; readers the platform lets through are named.',
  check(a) {
    const out: RuleFinding[] = [];
    const named = new Set((a.expected?.stores ?? []).flatMap((s) => s.readers.filter((r) => r.named).map((r) => r.who)));
    for (const k of a.keys) {
      if (a.expected) {
        for (const d of k.decrypters) if (!named.has(d)) out.push({ resource: k.resource, message: `key "${k.name}": ${d} can decrypt but is not in access.decrypters` });
      }
      if (k.accountAdmins) {
        out.push({ resource: k.resource, message: `key "${k.name}": the key policy keeps kms:* for the account root, so account administrators can decrypt`, planned: true });
      }
    }
    return out;
  },
};
