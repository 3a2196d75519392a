/**
 * How the Google Cloud agents of a policy are laid out in Terraform stacks (policy `terraform.stacks`), decided once
 * for the plan, the cdktf adapter and the report:
 *
 * - `per-location` (the default): one stack per project and location holds every agent there. The project-wide
 *   pieces (Dialogflow request-log routing, API enablement, the DLP template-reader grants) belong to the first agent
 *   of the stack that needs them, so the log bucket is that agent's.
 * - `per-agent`: one stack per agent, so one agent's change plans only its own state, and a shared stack per project,
 *   deployed first, with the project-wide pieces under names of their own (not an agent's): adding, removing or
 *   renaming an agent never moves another agent's resources, and the shared pieces stay in one state.
 *
 * Switching an existing deployment from one layout to the other moves nothing by itself: the old states keep every
 * resource and the new stacks would try to create them again. Move them with `terraform state mv` between the states
 * first, or start in the layout you keep (README, "One state per agent").
 */
import type { GcpStackLayout } from '../../gcp-stack-layouts';
import type { DialogflowCxAgentPlan, GcpSharedPlan } from './plan-types';

export { GCP_STACK_LAYOUTS } from '../../gcp-stack-layouts';
export type { GcpStackLayout } from '../../gcp-stack-layouts';
export type { GcpSharedPlan } from './plan-types';

/**
 * Names of a project's shared routing in `location`. Agent names are DNS labels (no `_`), so `<policy>_shared-…`
 * is no agent's name stem: no shared key ring or bucket can take an agent's name, whatever agents are added.
 */
export function sharedNames(policyName: string, location: string): NonNullable<GcpSharedPlan['routing']>['names'] {
  const prefix = `${policyName}_shared-${location}`;
  return { kmsKeyRing: `${prefix}-keyring`, kmsCryptoKey: `${prefix}-logs`, logBucket: `${prefix}-logs` };
}

/**
 * The dialogflow-cx agents as laid out, and the shared stacks of `per-agent` (one per project). Each routed agent
 * gets `logsRoutedTo`, the bucket its request logs really land in: the project's shared one (`per-agent`), or the
 * first routed agent's of its project and location (`per-location`), so the plan and the report name the bucket that
 * exists. Routed agents of one project in several locations (only possible per-location) get a warning: every
 * routing of the project receives a copy of every request log.
 */
export function layOut(
  policyName: string,
  agents: readonly DialogflowCxAgentPlan[],
  layout: GcpStackLayout,
  baseApis: readonly string[],
): { agents: Map<string, DialogflowCxAgentPlan>; shared: GcpSharedPlan[] } {
  const out = new Map<string, DialogflowCxAgentPlan>();
  const byProject = new Map<string, DialogflowCxAgentPlan[]>();
  for (const a of agents) byProject.set(a.project, [...(byProject.get(a.project) ?? []), a]);
  const shared: GcpSharedPlan[] = [];
  for (const [project, group] of byProject) {
    const routed = group.filter((a) => a.cloudLogging === 'routed');
    const locations = [...new Set(routed.map((a) => a.location))];
    if (layout === 'per-location') {
      const copied =
        locations.length > 1
          ? `Dialogflow request logs of project ${project} are routed in ${locations.length} locations (${locations.join(', ')}): each routing's filter covers the whole project, so each of their buckets receives a copy of every agent's request logs, across regions. Route the agents of one project in one location, or set cloudLogging: off on the others`
          : undefined;
      for (const a of group) {
        if (a.cloudLogging !== 'routed') {
          out.set(a.name, a);
          continue;
        }
        const bucket = routed.find((r) => r.location === a.location)!.names.logBucket;
        out.set(a.name, {
          ...a,
          logsRoutedTo: bucket,
          notes: copied ? [...a.notes, { level: 'warning', message: copied }] : a.notes,
        });
      }
      continue;
    }
    // per-agent: the checks refuse routed agents in two locations of one project.
    const names = locations.length > 0 ? sharedNames(policyName, locations[0]) : undefined;
    for (const a of group)
      out.set(a.name, a.cloudLogging === 'routed' && names ? { ...a, logsRoutedTo: names.logBucket } : a);
    shared.push({
      project,
      ...(names
        ? { routing: { location: locations[0], names, retentionDays: Math.min(...routed.map((a) => a.retentionDays)) } }
        : {}),
      ...(group.some((a) => a.enableApis) ? { apis: [...baseApis] } : {}),
      encryption: group[0].encryption,
      decrypters: group[0].decrypters,
      projectGrants: group.some((a) => a.create),
    });
  }
  return { agents: out, shared };
}
