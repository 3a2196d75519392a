import { TEXT_INSPECTING_PLATFORMS } from '../../policy/platforms';
import type { PostureRule } from './rule';

/**
 * Every kind the policy names is detected on the agent. A kind the platform cannot detect there (no Presidio entity,
 * no sensitive slot on Rasa 3.13, no GLiNER label) reaches the agent's stores as typed: the plan says so, and the
 * report keeps it in view as a known gap instead of letting "anonymized" stand unqualified.
 */
export const kindsCovered: PostureRule = {
  id: 'CG-KINDS',
  severity: 'medium',
  description: 'Every kind the policy names is detected on the agent; the kinds its platform cannot detect are named.',
  platforms: TEXT_INSPECTING_PLATFORMS,
  check(a) {
    const kinds = a.expected?.uncoveredKinds ?? [];
    if (kinds.length === 0) return [];
    return [
      {
        resource: a.source,
        message: `${kinds.join(', ')} ${kinds.length === 1 ? 'is' : 'are'} not detected on this agent: ${kinds.length === 1 ? 'it reaches' : 'they reach'} its stores and topics as typed`,
        planned: true,
      },
    ];
  },
};
