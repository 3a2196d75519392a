/**
 * A posture rule: a pure function of one agent's read posture (which carries the plan's expected posture when
 * there is one). The same rules run in the report and diff, in the cdk-nag pack `ConvoGuardChecks` and in the cdktf
 * aspect `ConvoGuardChecksAspect`, so a hand-written or overridden resource gets the same verdict at synth time as
 * in review.
 */
import type { ExpectedPosture, ExpectedStore } from '../../policy/posture';
import { STORE_NAME, storeKey } from '../../policy/posture';
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

/**
 * `read` judged against `expected`: a topic the host's stack provisions and the plan names as a Rasa publisher's raw
 * topic carries every original event, whatever the output calls it (a Kafka topic has no label saying so), so it is
 * read as that raw store: sensitive, not anonymized. The report, the cdk-nag pack and the cdktf aspect all use this.
 */
export function withExpected(read: AgentPosture, expected: ExpectedPosture): AgentPosture {
  const raw = new Map(expected.stores.filter((e) => e.kind === 'raw-event-topic').map((e) => [e.name, e]));
  const stores = read.stores.map((s): StorePosture => {
    const e = s.kind === 'anonymized-topic' ? raw.get(STORE_NAME.rasaRawEvents(s.name)) : undefined;
    return e ? { ...s, kind: 'raw-event-topic', name: e.name, sensitive: true, redactedBy: [] } : s;
  });
  return { ...read, stores, expected };
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
