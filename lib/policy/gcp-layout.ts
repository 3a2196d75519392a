/**
 * How the Google Cloud agents of a policy are laid out in Terraform stacks (policy `terraform.stacks`), decided once
 * for the plan, the cdktf adapter and the report:
 *
 * - `per-location` (the default): one stack per project and location holds every agent there. The project-wide
 *   pieces (Dialogflow request-log routing, API enablement, the DLP template-reader grants) belong to the first agent
 *   of the stack that needs them, so the log bucket is that agent's.
 * - `per-agent`: one stack per agent, so one agent's change plans only its own state, and a shared stack per project
 *   and location, deployed first, with the project-wide pieces under names of their own (not an agent's): adding,
 *   removing or renaming an agent never moves another agent's resources or the shared ones.
 *
 * Switching an existing deployment from one layout to the other moves resources to other Terraform states: Terraform
 * would destroy them in the old state and create them in the new one (an audio bucket's objects are lost). Move them
 * with `terraform state mv` between the states first, or start in the layout you keep.
 */
import { resourcePrefix } from './names';
import type { DialogflowCxAgentPlan } from './plan-types';

export const GCP_STACK_LAYOUTS = ['per-location', 'per-agent'] as const;
export type GcpStackLayout = (typeof GCP_STACK_LAYOUTS)[number];

/** The shared stack of one project and location (layout `per-agent`). */
export interface GcpSharedPlan {
  readonly project: string;
  readonly location: string;
  readonly names: {
    readonly kmsKeyRing: string;
    readonly kmsCryptoKey: string;
    readonly logBucket: string;
  };
  /** The request-log routing, when an agent of the project and location routes Cloud Logging. */
  readonly routing?: {
    /** Days the bucket keeps entries: the shortest of the routed agents' (the policy's retention.sensitive). */
    readonly retentionDays: number;
  };
  /** The union of the APIs the agents there need enabled, when any says `enableApis`. */
  readonly apis?: readonly string[];
  /** Key rotation and deletion window, and who may decrypt the routed logs: the policy's, as for every agent key. */
  readonly encryption: DialogflowCxAgentPlan['encryption'];
  readonly decrypters: readonly string[];
  /** Whether this stack owns the project's DLP template-reader grants (the project's first stack in policy order). */
  readonly ownsProjectGrants: boolean;
}

/** `<policy>-shared-<location>`: the stem of a shared stack's names, which no agent's change alters. */
export function sharedPrefix(policyName: string, location: string): string {
  return resourcePrefix(policyName, `shared-${location}`);
}

/** Names of the shared pieces of a project and location. */
export function sharedNames(policyName: string, location: string): GcpSharedPlan['names'] {
  const prefix = sharedPrefix(policyName, location);
  return { kmsKeyRing: `${prefix}-keyring`, kmsCryptoKey: `${prefix}-logs`, logBucket: `${prefix}-logs` };
}

/** Key of a project and location. */
export function locationKey(a: { readonly project: string; readonly location: string }): string {
  return `${a.project}/${a.location}`;
}

/**
 * The dialogflow-cx agents as laid out, and the shared stacks of `per-agent`. Each routed agent gets `logsRoutedTo`,
 * the bucket its request logs really land in: the shared one (`per-agent`), or the first routed agent's of its
 * project and location (`per-location`), so the plan and the report name the bucket that exists.
 */
export function layOut(policyName: string, agents: readonly DialogflowCxAgentPlan[], layout: GcpStackLayout, apisOf: (a: DialogflowCxAgentPlan) => readonly string[]): { agents: Map<string, DialogflowCxAgentPlan>; shared: GcpSharedPlan[] } {
  const groups = new Map<string, DialogflowCxAgentPlan[]>();
  for (const a of agents) groups.set(locationKey(a), [...(groups.get(locationKey(a)) ?? []), a]);
  const out = new Map<string, DialogflowCxAgentPlan>();
  const shared: GcpSharedPlan[] = [];
  const projectsWithOwner = new Set<string>();
  for (const group of groups.values()) {
    const { project, location } = group[0];
    const routed = group.filter((a) => a.cloudLogging === 'routed');
    if (layout === 'per-location') {
      const bucket = routed[0]?.names.logBucket;
      for (const a of group) out.set(a.name, a.cloudLogging === 'routed' && bucket !== undefined ? { ...a, logsRoutedTo: bucket } : a);
      continue;
    }
    const names = sharedNames(policyName, location);
    for (const a of group) out.set(a.name, a.cloudLogging === 'routed' ? { ...a, logsRoutedTo: names.logBucket } : a);
    const withApis = group.filter((a) => a.enableApis);
    const owns = !projectsWithOwner.has(project) && group.some((a) => a.create);
    if (owns) projectsWithOwner.add(project);
    // Nothing project-wide to hold: no shared stack.
    if (routed.length === 0 && withApis.length === 0 && !owns) continue;
    shared.push({
      project,
      location,
      names,
      ...(routed.length > 0 ? { routing: { retentionDays: Math.min(...routed.map((a) => a.retentionDays)) } } : {}),
      ...(withApis.length > 0 ? { apis: [...new Set(withApis.flatMap(apisOf))].sort() } : {}),
      encryption: group[0].encryption,
      decrypters: group[0].decrypters,
      ownsProjectGrants: owns,
    });
  }
  return { agents: out, shared };
}
