/**
 * `plan(policy)`: the normalized decisions every target reads, per agent. Pure data, no cloud library: each
 * platform module (lib/policy/platforms) makes its platform's decisions, and the adapters in lib/aws, lib/gcp,
 * lib/rasa and lib/meya only translate a plan variant into their resources or files.
 */
import { buildBase } from './platforms/common';
import { dialogflowApis, expectedPosture, platformModule } from './platforms';
import { layOut } from './platforms/dialogflow-cx/layout';
import type { AgentPlan, DialogflowCxAgentPlan, ProtectionPlan } from './plan-types';
import type { Platform, Policy } from './schema';

export * from './plan-types';
export type { TerraformBackend } from './backend';
export type { GcpSharedPlan, GcpStackLayout } from './platforms/dialogflow-cx/layout';
import { parseBackend, TerraformBackend } from './backend';
export { expectedPosture } from './platforms';

/** Turns a validated policy into per-agent decisions. */
export function plan(policy: Policy): ProtectionPlan {
  const planned = policy.agents.map((agent) => {
    const m = platformModule(agent.platform);
    return m.plan(buildBase(policy, agent, m, m.dialect), agent, policy);
  });
  // The Google Cloud layout decides which log bucket each routed agent's request logs land in.
  const layout = policy.terraform?.stacks ?? 'per-location';
  const laidOut = layOut(
    policy.name,
    planned.filter((a): a is DialogflowCxAgentPlan => a.platform === 'dialogflow-cx'),
    layout,
    dialogflowApis(false),
  );
  return {
    policy: policy.name,
    version: 1,
    agents: planned.map((a) => {
      const placed = laidOut.agents.get(a.name) ?? a;
      return policy.verify ? withUnverifiedNote(placed) : placed;
    }),
    terraformBackend: backendOf(policy.terraform?.backend),
    ...(policy.verify ? { verify: { ...(policy.verify.every ? { every: policy.verify.every } : {}) } } : {}),
    ...(policy.terraform?.stacks ? { gcpStacks: layout } : {}),
    ...(layout === 'per-agent' ? { gcpShared: laidOut.shared } : {}),
    ...(policy.review && policy.review.acknowledge.length > 0
      ? { review: { acknowledge: policy.review.acknowledge } }
      : {}),
  };
}

/** With verify on, the sensitive stores nothing verifies are a warning of the plan, each with the reason. */
function withUnverifiedNote(p: AgentPlan): AgentPlan {
  const gaps = expectedPosture(p).stores.filter((s) => s.sensitive && (s.verifiedBy ?? []).length === 0);
  if (gaps.length === 0) return p;
  const message = `verify: nothing verifies ${gaps.map((s) => `${s.name} (${s.unverifiedReason})`).join('; ')}`;
  return { ...p, notes: [...p.notes, { level: 'warning', message }] };
}

/** The backend of a URL the schema accepted (local without one). */
export function backendOf(url: string | undefined): TerraformBackend {
  if (url === undefined) return { kind: 'local' };
  const b = parseBackend(url);
  if ('error' in b) throw new Error(`internal: ${b.error}`);
  return b;
}

/** The plan of the agent named `name`, with a clear error naming the agents there are. */
export function agentPlan<P extends Platform>(
  p: ProtectionPlan,
  name: string,
  platform: P,
): Extract<AgentPlan, { platform: P }>;
export function agentPlan(p: ProtectionPlan, name: string): AgentPlan;
export function agentPlan(p: ProtectionPlan, name: string, platform?: Platform): AgentPlan {
  const found = p.agents.find((a) => a.name === name);
  if (!found)
    throw new Error(
      `policy "${p.policy}" has no agent "${name}"; its agents are ${p.agents.map((a) => a.name).join(', ')}`,
    );
  if (platform !== undefined && found.platform !== platform)
    throw new Error(`agent "${name}" of policy "${p.policy}" is a ${found.platform} agent, not ${platform}`);
  return found;
}

/** The plan's agents of one platform. */
export function agentsOf<P extends Platform>(
  p: ProtectionPlan,
  platform: P,
): Array<Extract<AgentPlan, { platform: P }>> {
  return p.agents.filter((a): a is Extract<AgentPlan, { platform: P }> => a.platform === platform);
}

/**
 * The plan's agents of one platform, grouped by deployment target (one stack each): `target` names the group of an
 * agent. Groups keep the agents' policy order.
 */
export function groupAgents<P extends Platform>(
  p: ProtectionPlan,
  platform: P,
  target: (a: Extract<AgentPlan, { platform: P }>) => string,
) {
  const groups = new Map<string, Array<Extract<AgentPlan, { platform: P }>>>();
  for (const a of agentsOf(p, platform)) {
    const name = target(a);
    groups.set(name, [...(groups.get(name) ?? []), a]);
  }
  return groups;
}

/** Plain-data form of a plan for `convoguard plan` and out/plan.json: each agent with its expected posture. */
export function planToJson(p: ProtectionPlan): unknown {
  return {
    policy: p.policy,
    version: p.version,
    agents: p.agents.map((a) => ({ ...a, expectedPosture: expectedPosture(a) })),
    ...(p.gcpStacks ? { gcpStacks: p.gcpStacks } : {}),
    ...(p.gcpShared ? { gcpShared: p.gcpShared } : {}),
    ...(p.review ? { review: p.review } : {}),
  };
}
