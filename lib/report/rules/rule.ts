/**
 * A posture rule: a pure function of one agent's read posture (which carries the plan's expected posture when
 * there is one). The same rules run in the report and diff, in the cdk-nag pack `ConvoGuardChecks` and in the cdktf
 * aspect `ConvoGuardChecksAspect`, so a hand-written or overridden resource gets the same verdict at synth time as
 * in review.
 */
import type { ExpectedStore } from '../../policy/posture';
import { storeKey } from '../../policy/posture';
import type { Platform } from '../../policy/schema';
import type { AgentPosture, StorePosture } from '../model';

export interface RuleFinding {
  readonly resource: string;
  readonly message: string;
  /** True when the plan already says so (a gap the platform leaves); the checks then warn instead of failing. */
  readonly planned?: boolean;
}

export interface PostureRule {
  /** `CG-…`: what acknowledgements name. */
  readonly id: string;
  readonly severity: 'high' | 'medium';
  /** Why the rule exists, for the docs and cdk-nag's explanation. */
  readonly description: string;
  /** Platforms it applies to. @default all */
  readonly platforms?: readonly Platform[];
  check(agent: AgentPosture): RuleFinding[];
}

/** The plan's store that a read store stands for: same kind and name, else the only one of its kind. */
export function expectedStoreOf(a: AgentPosture, s: Pick<StorePosture, 'kind' | 'name'>): ExpectedStore | undefined {
  const stores = a.expected?.stores ?? [];
  const exact = stores.find((e) => storeKey(e) === storeKey(s));
  if (exact) return exact;
  const sameKind = stores.filter((e) => e.kind === s.kind);
  const readSameKind = a.stores.filter((r) => r.kind === s.kind);
  return sameKind.length === 1 && readSameKind.length === 1 ? sameKind[0] : undefined;
}

export function describeStore(s: Pick<StorePosture, 'kind' | 'name'>): string {
  return `${s.kind} "${s.name}"`;
}
