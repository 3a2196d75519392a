import { storeKey } from '../../policy/posture';
import { describeStore, expectedStoreOf, PostureRule, RuleFinding } from './rule';

export const storesPlanned: PostureRule = {
  id: 'CG-STORES',
  severity: 'high',
  description: 'The synthesized output has exactly the stores the plan expects: none missing, none added beside them.',
  check(a) {
    if (!a.expected) return [];
    const out: RuleFinding[] = [];
    for (const s of a.stores) {
      if (!expectedStoreOf(a, s))
        out.push({
          resource: s.resource,
          message: `${describeStore(s)} receives conversation data but is not in the plan`,
        });
    }
    const read = new Set(a.stores.map(storeKey));
    for (const e of a.expected.stores) {
      const found = read.has(storeKey(e)) || a.stores.some((s) => expectedStoreOf(a, s) === e);
      // Unattached by design (a bot the synthesis does not have): the store is planned for when it is attached.
      if (!found && e.managed)
        out.push({
          resource: a.source,
          message: `${describeStore(e)} is in the plan but not in the synthesized output`,
          planned: a.expected.attachedBySynth === false && !a.attached,
        });
    }
    return out;
  },
};
