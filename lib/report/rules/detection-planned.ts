import { TEXT_INSPECTING_PLATFORMS } from '../../policy/platforms';
import type { PostureRule, RuleFinding } from './rule';

/**
 * Every detector the plan applies is in the synthesized output: a masking statement cut to fewer identifiers, an
 * inspect template without an infoType or a Rasa rule list without an entity lets that kind through unredacted.
 */
export const detectionPlanned: PostureRule = {
  id: 'CG-DETECTION',
  severity: 'high',
  description:
    'Every detector the plan applies (service detectors and pattern detectors) is in the synthesized output.',
  platforms: TEXT_INSPECTING_PLATFORMS,
  check(a) {
    const plan = a.expected?.detection;
    // An agent that is not attached has nothing applying detectors: CG-ATTACHED says so once.
    if (!plan || !a.attached) return [];
    const out: RuleFinding[] = [];
    const missing = plan.detectors.filter((d) => !a.detectors.includes(d));
    const missingPatterns = plan.customPatterns.filter((d) => !a.customPatterns.includes(d));
    if (missing.length > 0)
      out.push({ resource: a.source, message: `the plan's detectors ${missing.join(', ')} are not applied` });
    if (missingPatterns.length > 0)
      out.push({
        resource: a.source,
        message: `the plan's pattern detectors ${missingPatterns.join(', ')} are not applied`,
      });
    return out;
  },
};
