import { describeStore, PostureRule, RuleFinding } from './rule';

export const readersNamed: PostureRule = {
  id: 'CG-READERS',
  severity: 'high',
  description:
    'Only the principals in access.decrypters can decrypt or read stores; readers the platform lets through are named.',
  check(a) {
    const out: RuleFinding[] = [];
    // access.decrypters may decrypt even when no store lists them (an agent without audio export or routed logs).
    const named = new Set([
      ...(a.expected?.decrypters ?? []),
      ...(a.expected?.stores ?? []).flatMap((s) => s.readers.filter((r) => r.named).map((r) => r.who)),
    ]);
    for (const k of a.keys) {
      if (a.expected) {
        for (const d of k.decrypters)
          if (!named.has(d))
            out.push({
              resource: k.resource,
              message: `key "${k.name}": ${d} can decrypt but is not in access.decrypters`,
            });
      }
      if (k.accountAdmins) {
        out.push({
          resource: k.resource,
          message: `key "${k.name}": the key policy keeps kms:* for the account root, so account administrators can decrypt`,
          planned: true,
        });
      }
    }
    if (a.expected) {
      const keyDecrypters = new Set(a.keys.flatMap((k) => k.decrypters));
      for (const s of a.stores) {
        for (const r of s.readers) {
          // Key decrypters are reported on the key; here, principals granted read on the store itself.
          if (r.named && !named.has(r.who) && !keyDecrypters.has(r.who))
            out.push({
              resource: s.resource,
              message: `${describeStore(s)}: ${r.who} can read it (${r.via}) but is not in access.decrypters`,
            });
        }
      }
    }
    return out;
  },
};
