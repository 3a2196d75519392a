/** The plan variant of a `meya` agent. */
import type { AgentPlanBase } from '../../plan-base';

export interface MeyaAgentPlan extends AgentPlanBase {
  readonly platform: 'meya';
  readonly enabled: boolean;
}
