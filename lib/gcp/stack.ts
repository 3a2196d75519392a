import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { App, TerraformStack } from 'cdktf';
import { InputError } from '../input-error';
import { applyBackend } from './backend';
import { Construct } from 'constructs';
import { DAY } from '../policy/duration';
import {
  agentsOf,
  DialogflowCxAgentPlan,
  GcpSharedPlan,
  groupAgents,
  ProtectionPlan,
  TerraformBackend,
} from '../policy/plan';
import { SHARED_KEY } from '../report/read-terraform';
import { labels } from './defaults';
import { SensitiveDataKey } from './sensitive-data-key';
import { addAspect } from './aspects';
import { ConvoGuardChecksAspect } from './convoguard-checks-aspect';
import { DialogflowLogRouting } from './dialogflow-log-routing';
import { GcpAgentProtection, markResources } from './gcp-agent-protection';
import type { ProjectApis } from './project-apis';
import { ProjectServiceAgents, ProjectTemplateReaders } from './service-agents';
import { cesStackName } from './ces/ces-name';
import type { CesProtectionStack } from './ces/ces-stack';

export interface GcpProtectionStackProps {
  readonly policyName: string;
  readonly project: string;
  readonly location: string;
  /** dialogflow-cx agent plans, all in this project and location. */
  readonly agents: DialogflowCxAgentPlan[];
  /**
   * Where Terraform keeps this stack's state: below the prefix, one state per stack (`<prefix>/<stack id>`).
   * @default local: `terraform.<stack id>.tfstate` beside cdktf.out/, by a relative path that works on any machine
   */
  readonly backend?: TerraformBackend;
  /**
   * False when another stack of the same project (deployed first) owns the project-level grants: this stack then
   * makes none.
   * @default true
   */
  readonly ownsProjectGrants?: boolean;
  /**
   * The shared stack of the project (terraform.stacks: per-agent), deployed first: it routes the request logs and
   * makes the project grants, so this stack makes neither, and its posture checks read the routing there.
   * @default none: this stack holds the project-wide pieces its agents need
   */
  readonly shared?: GcpSharedStack;
}

/**
 * A Terraform stack of Google Cloud agents: a provider, the service agents, one protection per agent, and the
 * `ConvoGuardChecksAspect`. One per project and location (terraform.stacks: per-location), or one per agent beside
 * its project's `GcpSharedStack` (per-agent).
 */
export class GcpProtectionStack extends TerraformStack {
  public readonly protections: Readonly<Record<string, GcpAgentProtection>>;

  constructor(scope: Construct, id: string, props: GcpProtectionStackProps) {
    super(scope, id);
    providerAndBackend(this, id, props.project, props.location, props.backend);
    const serviceAgents = new ProjectServiceAgents(this, 'ServiceAgents', { project: props.project });
    const protections: Record<string, GcpAgentProtection> = {};
    // Project-wide pieces are made once, by the first agent that needs them, and shared: one log routing (it covers
    // every Dialogflow request log of the project) and one set of enabled APIs. With a shared stack, the routing is
    // there; each agent still enables the APIs it needs (google_project_service never disables them on destroy, so
    // two states holding one is harmless).
    let logRouting: DialogflowLogRouting | false | undefined = props.shared ? false : undefined;
    let apis: ProjectApis | undefined;
    // Project-level IAM grants exist once per project, owned by the project (ProjectGrants), shared by every agent; a
    // later stack of the same project, or a stack whose project has a shared stack, makes none.
    const owns = !props.shared && props.ownsProjectGrants !== false && props.agents.some((a) => a.create);
    const templateReaderGrants: ProjectIamMember[] | undefined = owns
      ? new ProjectTemplateReaders(this, 'ProjectGrants', {
          project: props.project,
          dialogflowServiceAgent: serviceAgents.dialogflow,
        }).grants
      : props.shared || props.ownsProjectGrants === false
        ? []
        : undefined;
    for (const agent of props.agents) {
      const p: GcpAgentProtection = new GcpAgentProtection(this, agent.name, {
        policyName: props.policyName,
        plan: agent,
        serviceAgents,
        logRouting,
        apis,
        templateReaderGrants,
      });
      logRouting ??= p.logRouting;
      apis ??= p.apis;
      protections[agent.name] = p;
    }
    this.protections = protections;
    if (props.shared) this.addDependency(props.shared);
    // The posture rules of the report, at synth time: a hand-made override that weakens a store fails synth.
    addAspect(this, new ConvoGuardChecksAspect(props.shared ? { context: [props.shared.document] } : {}));
  }
}

export interface GcpSharedStackProps {
  readonly policyName: string;
  /** The shared plan of one project (`plan.gcpShared`). */
  readonly plan: GcpSharedPlan;
  /** @default local state, as for GcpProtectionStack */
  readonly backend?: TerraformBackend;
}

/**
 * The shared stack of a project (terraform.stacks: per-agent), deployed before the agents' stacks: the Dialogflow
 * request-log routing with a key of its own (while an agent of the project routes them), the APIs its own resources
 * need and the project's DLP template-reader grants (while convoguard creates an agent there), under names no
 * agent's change alters. Its resources are marked `//.convoguard_shared` for the report.
 */
export class GcpSharedStack extends TerraformStack {
  public readonly serviceAgents: ProjectServiceAgents;
  public readonly key?: SensitiveDataKey;
  public readonly logRouting?: DialogflowLogRouting;
  public readonly apis?: ProjectApis;
  public readonly projectGrants?: ProjectTemplateReaders;
  /** The stack's Terraform document as last resolved (the shared stack synthesizes before its agents' stacks), for their posture checks. */
  public readonly document: () => Record<string, unknown>;
  private lastDocument?: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: GcpSharedStackProps) {
    super(scope, id);
    const { project, routing } = props.plan;
    providerAndBackend(this, id, project, routing?.location ?? 'global', props.backend);
    this.serviceAgents = new ProjectServiceAgents(this, 'ServiceAgents', { project });
    if (props.plan.projectGrants)
      this.projectGrants = new ProjectTemplateReaders(this, 'ProjectGrants', {
        project,
        dialogflowServiceAgent: this.serviceAgents.dialogflow,
      });
    if (routing) {
      const e = props.plan.encryption;
      this.key = new SensitiveDataKey(this, 'LogKey', {
        project,
        location: routing.location,
        keyRingName: routing.names.kmsKeyRing,
        keyName: routing.names.kmsCryptoKey,
        rotationPeriodSeconds: e.rotationSeconds,
        destroyScheduledDurationSeconds: e.deletionWindowDays * DAY,
        decrypters: [...props.plan.decrypters],
        labels: labels(props.policyName, 'shared', 'sensitive'),
      });
      this.logRouting = new DialogflowLogRouting(this, 'LogRouting', {
        project,
        location: routing.location,
        bucketId: routing.names.logBucket,
        retentionDays: routing.retentionDays,
        kmsKeyId: this.key.keyId,
      });
    }
    if (props.plan.apis) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a plan enables APIs
      const { ProjectApis: Apis } = require('./project-apis') as typeof import('./project-apis');
      this.apis = new Apis(this, 'Apis', { project, services: [...props.plan.apis] });
      this.apis.before(this);
    }
    markResources(this, SHARED_KEY, project);
    this.document = () => this.lastDocument ?? (this.toTerraform() as Record<string, unknown>);
    addAspect(this, new ConvoGuardChecksAspect());
  }

  /** Resolves the stack, and keeps the result for the agent stacks' checks of the same synthesis. */
  public override toTerraform(): ReturnType<TerraformStack['toTerraform']> {
    const doc = super.toTerraform();
    this.lastDocument = doc as Record<string, unknown>;
    return doc;
  }
}

/** The Google provider of a stack's project and region, and its backend. */
function providerAndBackend(
  stack: TerraformStack,
  id: string,
  project: string,
  location: string,
  backend: TerraformBackend | undefined,
): void {
  applyBackend(stack, id, backend ?? { kind: 'local' });
  new GoogleProvider(stack, 'google', { project, ...(location !== 'global' ? { region: location } : {}) });
}

/** Stack name for a project and location: `<policy>-gcp-<project>-<location>`. */
export function gcpStackName(policy: string, project: string, location: string): string {
  return `${policy}-gcp-${project}-${location}`;
}

/** Stack name of one agent (terraform.stacks: per-agent): `<policy>-gcp-<project>-<location>-<agent>`. */
export function gcpAgentStackName(policy: string, project: string, location: string, agent: string): string {
  return `${gcpStackName(policy, project, location)}-${agent}`;
}

/**
 * Adds the plan's Google Cloud stacks to `app` and returns them by name: one per project/location of its
 * dialogflow-cx agents (terraform.stacks: per-location, the default), or a shared stack per project and one stack per
 * agent (per-agent).
 */
export function addGcpStacks(
  app: App,
  plan: ProtectionPlan,
): Record<string, GcpProtectionStack | GcpSharedStack | CesProtectionStack> {
  const dialogflow = plan.gcpStacks === 'per-agent' ? addPerAgentStacks(app, plan) : addPerLocationStacks(app, plan);
  return { ...dialogflow, ...addCesStacks(app, plan) };
}

/** One stack per project and location of the plan's cx-agent-studio apps (they need provider 7.x: never mixed in). */
function addCesStacks(app: App, plan: ProtectionPlan): Record<string, CesProtectionStack> {
  const out: Record<string, CesProtectionStack> = {};
  const groups = groupAgents(plan, 'cx-agent-studio', (a) => cesStackName(plan.policy, a.project, a.location));
  if (groups.size === 0) return out;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a plan has an app
  const { CesProtectionStack: Stack } = require('./ces/ces-stack') as typeof import('./ces/ces-stack');
  // The first stack of a project owns its template-reader grants; the project's other stacks deploy after it.
  const owners = new Map<string, CesProtectionStack>();
  for (const [name, agents] of groups) {
    const owner = owners.get(agents[0].project);
    const stack = new Stack(app, name, {
      policyName: plan.policy,
      project: agents[0].project,
      location: agents[0].location,
      agents,
      backend: plan.terraformBackend,
      ownsProjectGrants: owner === undefined,
    });
    if (owner) stack.addDependency(owner);
    else owners.set(agents[0].project, stack);
    out[name] = stack;
  }
  return out;
}

function addPerLocationStacks(app: App, plan: ProtectionPlan): Record<string, GcpProtectionStack> {
  const out: Record<string, GcpProtectionStack> = {};
  const groups = groupAgents(plan, 'dialogflow-cx', (a) => gcpStackName(plan.policy, a.project, a.location));
  // The first stack of a project (in policy order) owns its project-level grants; the project's other stacks deploy after it.
  const owners = new Map<string, GcpProtectionStack>();
  for (const [name, agents] of groups) {
    const { project, location } = agents[0];
    const owner = owners.get(project);
    const stack = new GcpProtectionStack(app, name, {
      policyName: plan.policy,
      project,
      location,
      agents,
      backend: plan.terraformBackend,
      ownsProjectGrants: owner === undefined,
    });
    if (owner) stack.addDependency(owner);
    else if (agents.some((a) => a.create)) owners.set(project, stack);
    out[name] = stack;
  }
  return out;
}

/** Stack name of a project's shared stack (terraform.stacks: per-agent): `<policy>-gcp-<project>-shared`. */
export function gcpSharedStackName(policy: string, project: string): string {
  return `${policy}-gcp-${project}-shared`;
}

function addPerAgentStacks(app: App, plan: ProtectionPlan): Record<string, GcpProtectionStack | GcpSharedStack> {
  const out: Record<string, GcpProtectionStack | GcpSharedStack> = {};
  const shared = new Map<string, GcpSharedStack>();
  // The shared stacks first: each agent stack depends on its project's (deployed before it).
  for (const sp of plan.gcpShared ?? []) {
    const name = gcpSharedStackName(plan.policy, sp.project);
    const stack = new GcpSharedStack(app, name, { policyName: plan.policy, plan: sp, backend: plan.terraformBackend });
    shared.set(sp.project, stack);
    out[name] = stack;
  }
  for (const agent of agentsOf(plan, 'dialogflow-cx')) {
    const name = gcpAgentStackName(plan.policy, agent.project, agent.location, agent.name);
    const sharedStack = shared.get(agent.project);
    if (!sharedStack) throw new Error(`internal: no shared stack planned for project ${agent.project}`);
    out[name] = new GcpProtectionStack(app, name, {
      policyName: plan.policy,
      project: agent.project,
      location: agent.location,
      agents: [agent],
      backend: plan.terraformBackend,
      shared: sharedStack,
    });
  }
  return out;
}

/**
 * Synthesizes the plan's Google Cloud stacks (`addGcpStacks`) and returns the written `cdk.tf.json` paths. `outdir` defaults to what the cdktf CLI passes (or `cdktf.out`).
 */
export function synthGcpApp(plan: ProtectionPlan, outdir?: string): string[] {
  const app = new App(outdir ? { outdir } : {});
  const stacks = addGcpStacks(app, plan);
  try {
    app.synth();
  } catch (e) {
    // cdktf's own stack validations (a construct's addValidation, a binary version check) refuse input, located by
    // construct path: said as such (exit 2), not as an internal error with a trace.
    const message = e instanceof Error ? e.message : '';
    const refused = /^Validation failed with the following errors:\n([\s\S]*?)(?:\n\nIf you wish to ignore|$)/.exec(
      message,
    );
    if (!refused) throw e;
    const lines = refused[1].split('\n').filter((l) => l.trim() !== '');
    throw new InputError(
      `cdktf's validation refused the Google Cloud stacks:\n${lines.map((l) => `  ${l.trim()}`).join('\n')}`,
    );
  }
  return Object.keys(stacks).map((s) => `${app.outdir}/stacks/${s}/cdk.tf.json`);
}
