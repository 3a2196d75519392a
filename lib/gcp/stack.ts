import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { App, GcsBackend, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DialogflowCxAgentPlan, groupAgents, ProtectionPlan, TerraformBackend } from '../policy/plan';
import { addAspect } from './aspects';
import { ConvoGuardChecksAspect } from './convoguard-checks-aspect';
import { DialogflowLogRouting } from './dialogflow-log-routing';
import { GcpAgentProtection } from './gcp-agent-protection';
import type { ProjectApis } from './project-apis';
import { ProjectServiceAgents, ProjectTemplateReaders } from './service-agents';

export interface GcpProtectionStackProps {
  readonly policyName: string;
  readonly project: string;
  readonly location: string;
  /** dialogflow-cx agent plans, all in this project and location. */
  readonly agents: readonly DialogflowCxAgentPlan[];
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
}

/**
 * One Terraform stack per Google Cloud project and location: a provider, the service agents, one protection per agent,
 * and the `ConvoGuardChecksAspect`.
 */
export class GcpProtectionStack extends TerraformStack {
  public readonly protections: Readonly<Record<string, GcpAgentProtection>>;

  constructor(scope: Construct, id: string, props: GcpProtectionStackProps) {
    super(scope, id);
    applyBackend(this, id, props.backend ?? { kind: 'local' });
    new GoogleProvider(this, 'google', { project: props.project, ...(props.location !== 'global' ? { region: props.location } : {}) });
    const serviceAgents = new ProjectServiceAgents(this, 'ServiceAgents', { project: props.project });
    const protections: Record<string, GcpAgentProtection> = {};
    // Project-wide pieces are made once, by the first agent that needs them, and shared: one log routing (it covers
    // every Dialogflow request log of the project) and one set of enabled APIs.
    let logRouting: DialogflowLogRouting | undefined;
    let apis: ProjectApis | undefined;
    // Project-level IAM grants exist once per project, owned by the project (ProjectGrants), shared by every agent; a
    // later stack of the same project makes none (its agents wait for the owner's stack instead).
    const owns = props.ownsProjectGrants !== false && props.agents.some((a) => a.create);
    const templateReaderGrants: readonly ProjectIamMember[] | undefined = owns
      ? new ProjectTemplateReaders(this, 'ProjectGrants', { project: props.project, dialogflowServiceAgent: serviceAgents.dialogflow }).grants
      : props.ownsProjectGrants === false
        ? []
        : undefined;
    for (const agent of props.agents) {
      const p = new GcpAgentProtection(this, agent.name, { policyName: props.policyName, plan: agent, serviceAgents, logRouting, apis, templateReaderGrants });
      logRouting ??= p.logRouting;
      apis ??= p.apis;
      protections[agent.name] = p;
    }
    this.protections = protections;
    // The posture rules of the report, at synth time: a hand-made override that weakens a store fails synth.
    addAspect(this, new ConvoGuardChecksAspect());
  }
}

/**
 * The stack's Terraform backend. Local state uses a path relative to where cdktf runs Terraform
 * (cdktf.out/stacks/<stack>/), so it lands beside cdktf.out/ on any machine instead of the synthesizing machine's
 * absolute directory.
 */
function applyBackend(stack: TerraformStack, id: string, b: TerraformBackend): void {
  if (b.kind === 'gcs') new GcsBackend(stack, { bucket: b.bucket, prefix: `${b.prefix}/${id}` });
  else if (b.kind === 's3') new S3Backend(stack, { bucket: b.bucket, key: `${b.prefix}/${id}.tfstate`, region: b.region, encrypt: true });
  else new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
}

/** Stack name for a project and location: `<policy>-gcp-<project>-<location>`. */
export function gcpStackName(policy: string, project: string, location: string): string {
  return `${policy}-gcp-${project}-${location}`;
}

/** Adds one stack per project/location of the plan's dialogflow-cx agents to `app`. Returns them by name. */
export function addGcpStacks(app: App, plan: ProtectionPlan): Record<string, GcpProtectionStack> {
  const out: Record<string, GcpProtectionStack> = {};
  const groups = groupAgents(plan, 'dialogflow-cx', (a) => gcpStackName(plan.policy, a.project, a.location));
  // The first stack of a project (in policy order) owns its project-level grants; the project's other stacks deploy after it.
  const owners = new Map<string, GcpProtectionStack>();
  for (const [name, agents] of groups) {
    const { project, location } = agents[0];
    const owner = owners.get(project);
    const stack = new GcpProtectionStack(app, name, { policyName: plan.policy, project, location, agents, backend: plan.terraformBackend, ownsProjectGrants: owner === undefined });
    if (owner) stack.addDependency(owner);
    else if (agents.some((a) => a.create)) owners.set(project, stack);
    out[name] = stack;
  }
  return out;
}

/**
 * Synthesizes one Terraform stack per project/location of the plan's dialogflow-cx agents and returns the written
 * `cdk.tf.json` paths. `outdir` defaults to what the cdktf CLI passes (or `cdktf.out`).
 */
export function synthGcpApp(plan: ProtectionPlan, outdir?: string): string[] {
  const app = new App(outdir ? { outdir } : {});
  const stacks = addGcpStacks(app, plan);
  app.synth();
  return Object.keys(stacks).map((s) => `${app.outdir}/stacks/${s}/cdk.tf.json`);
}
