import * as fs from 'fs';
import { InputError } from '../input-error';
import * as os from 'os';
import * as path from 'path';
import { App, CfnWaitConditionHandle, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { agentsOf, groupAgents, LexAgentPlan, ProtectionPlan } from '../policy/plan';
import { AgentCost, Placement, PlacementError, placeAgents, STACK_LIMITS } from '../policy/placement';
import { acknowledgeCustomResourceProvider } from './anonymized-topics';
import { AwsAgentProtection } from './aws-agent-protection';
import { ConvoGuardChecks } from './convoguard-checks';

export interface AwsProtectionStackProps extends StackProps {
  readonly policyName: string;
  /** lex agent plans, all in this account and region. */
  readonly agents: LexAgentPlan[];
}

/** One CloudFormation stack per account and region: one `AwsAgentProtection` per lex agent. */
export class AwsProtectionStack extends Stack {
  public readonly protections: Readonly<Record<string, AwsAgentProtection>>;

  constructor(scope: Construct, id: string, props: AwsProtectionStackProps) {
    // The template CloudFormation receives is the file written: without indentation it is the size placement
    // measures (an indented template is 1.6 to 1.8 times larger, and the 1 MB limit applies to the file).
    super(scope, id, { suppressTemplateIndentation: true, ...props });
    const protections: Record<string, AwsAgentProtection> = {};
    for (const agent of props.agents)
      protections[agent.name] = new AwsAgentProtection(this, agent.name, { plan: agent });
    this.protections = protections;
    Tags.of(this).add('managed-by', 'convoguard');
    Tags.of(this).add('convoguard-policy', props.policyName);
    if (props.agents.some((a) => (a.topics.length > 0 && a.kafka) || a.verify?.scan))
      acknowledgeCustomResourceProvider(this);
  }
}

/**
 * Stack name: `<policy>-aws-<region>`, with the account when the policy names one, and `-2`, `-3`, … for the further
 * stacks of a group that needs more than one (the first keeps the name it always had).
 */
export function awsStackName(policy: string, region: string, account?: string, index = 0): string {
  const base = account ? `${policy}-aws-${account}-${region}` : `${policy}-aws-${region}`;
  return index === 0 ? base : `${base}-${index + 1}`;
}

/** The placement group of a lex agent: its account (when the policy names one) and region. */
export function awsPlacementGroup(a: Pick<LexAgentPlan, 'region' | 'account'>): string {
  return a.account ? `${a.account}/${a.region}` : a.region;
}

/** What the stack says it holds, within CloudFormation's 1,024 characters. */
export function awsStackDescription(policy: string, agents: readonly string[]): string {
  const all = `convoguard: sensitive-data protection for ${agents.join(', ')} (policy ${policy})`;
  if (all.length <= STACK_LIMITS.descriptionChars) return all;
  const tail = ` … (policy ${policy})`;
  let head = `convoguard: sensitive-data protection for ${agents.length} agents: `;
  for (const a of agents) {
    const next = `${head}${a}, `;
    if (next.length + tail.length > STACK_LIMITS.descriptionChars) break;
    head = next;
  }
  return (head.replace(/, $/, '') + tail).slice(0, STACK_LIMITS.descriptionChars);
}

/** Measurements by app context and agent shape (or stack overhead), kept for the process: they do not change. */
const MEASURED_SHAPES = new Map<string, { cost: AgentCost; name: string; occurrences: number }>();
const MEASURED_OVERHEAD = new Map<string, AgentCost>();

/**
 * What one agent adds to a stack, measured by synthesizing it alone in a scratch app (so the budget follows what the
 * constructs really produce). Agents that differ only by name cost the same: one measurement per shape, corrected
 * for the length of the name where the template repeats it.
 */
export function measureAgentCosts(
  agents: readonly LexAgentPlan[],
  context: Record<string, unknown> = {},
): { costs: Map<string, AgentCost>; overhead: AgentCost } {
  // The scratch apps take the real app's context (path metadata, version reporting): the template they measure is
  // the one the real stack will have.
  // Each scratch app writes to its own temporary folder: under `cdk synth` an App would otherwise write into the
  // real cloud assembly (CDK_OUTDIR).
  const synth = (list: readonly LexAgentPlan[], policy: string, region: string) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-measure-'));
    try {
      // Measured, not deployed: the built-in CloudFormation validation (wasm, the largest cost in a synth's profile) runs on the real app.
      // (A variable, not a literal: aws-cdk-lib 2.273, the lowest peer, has neither the prop nor the validation.)
      const props = { context, outdir, builtinCloudFormationValidation: false };
      const app = new App(props);
      const stack = new AwsProtectionStack(app, 'Measure', { policyName: policy, agents: [...list], env: { region } });
      // An empty template fails CloudFormation's validation: the overhead is measured with one probe resource.
      if (list.length === 0) new CfnWaitConditionHandle(stack, 'Probe');
      const doc = app.synth().getStackByName(stack.stackName).template as { Resources?: Record<string, unknown> };
      // The probe is not part of a real stack: what remains is the stack's own overhead.
      for (const id of Object.keys(doc.Resources ?? {})) if (id.startsWith('Probe')) delete doc.Resources![id];
      const template = JSON.stringify(doc);
      return { template, bytes: Buffer.byteLength(template), resources: Object.keys(doc.Resources ?? {}).length };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  };
  const costs = new Map<string, AgentCost>();
  const ctx = JSON.stringify(context);
  let overhead: AgentCost = { resources: 0, bytes: 0 };
  if (agents.length > 0) {
    const key = `${ctx} ${agents[0].policy} ${agents[0].region}`;
    overhead = MEASURED_OVERHEAD.get(key) ?? { resources: 0, bytes: 0 };
    if (!MEASURED_OVERHEAD.has(key)) {
      const empty = synth([], agents[0].policy, agents[0].region);
      overhead = { resources: empty.resources, bytes: empty.bytes };
      MEASURED_OVERHEAD.set(key, overhead);
    }
  }
  for (const a of agents) {
    const key = `${ctx} ${JSON.stringify(a).split(a.name).join('\u0000')}`;
    let shape = MEASURED_SHAPES.get(key);
    if (!shape) {
      const one = synth([a], a.policy, a.region);
      shape = {
        cost: { resources: one.resources - overhead.resources, bytes: one.bytes - overhead.bytes },
        name: a.name,
        occurrences: one.template.split(a.name).length - 1,
      };
      MEASURED_SHAPES.set(key, shape);
    }
    costs.set(a.name, {
      resources: shape.cost.resources,
      bytes: shape.cost.bytes + (a.name.length - shape.name.length) * shape.occurrences,
    });
  }
  return { costs, overhead };
}

/**
 * The stack of every lex agent: `previous` (the committed placement file) is kept; new agents go to the first stack
 * of their group with room. Groups of one agent are not measured: one agent always fits its stack.
 */
export function awsPlacement(
  plan: ProtectionPlan,
  previous?: Placement,
  context: Record<string, unknown> = {},
): Placement {
  const groups = groupAgents(plan, 'lex', awsPlacementGroup);
  // Every agent already has its stack: nothing moves and nothing is measured (a synthesis per agent shape, the
  // largest cost of a fleet's synth). CloudFormation's limits are then checked on what is synthesized
  // (synthAwsChecked): an agent that grew past them is refused there.
  if (previous && [...groups].every(([g, agents]) => agents.every((a) => previous[g]?.[a.name] !== undefined))) {
    return Object.fromEntries(
      [...groups].map(([g, agents]) => [g, Object.fromEntries(agents.map((a) => [a.name, previous[g][a.name]]))]),
    );
  }
  const toMeasure = [...groups.values()].filter((g) => g.length > 1).flat();
  const { costs, overhead } = measureAgentCosts(toMeasure, context);
  const withCosts = new Map(
    [...groups].map(([g, agents]) => [
      g,
      agents.map((a) => ({ name: a.name, cost: costs.get(a.name) ?? { resources: 0, bytes: 0 } })),
    ]),
  );
  return placeAgents(withCosts, previous, overhead);
}

/**
 * Synthesizes `app` and refuses, as a PlacementError naming each stack, a template over CloudFormation's limits: CDK
 * refuses a stack over 500 resources but only warns about a template over 1 MB, which CloudFormation rejects at deploy.
 */
export function synthAwsChecked(app: App): void {
  let assembly: ReturnType<App['synth']>;
  try {
    assembly = app.synth();
  } catch (e) {
    const m = /Number of resources in stack '([^']+)': (\d+) is greater than allowed maximum of (\d+)/.exec(
      (e as Error).message ?? '',
    );
    if (m)
      throw new PlacementError(
        `stack ${m[1]} would hold ${m[2]} resources; CloudFormation allows ${m[3]}: ${LIMIT_ADVICE}`,
      );
    const failed = validationFailure(app, e);
    if (failed) throw failed;
    throw e;
  }
  // The file CloudFormation receives, in bytes.
  const problems = assembly.stacks
    .map((s) => ({ name: s.stackName, bytes: fs.statSync(path.join(assembly.directory, s.templateFile)).size }))
    .filter((s) => s.bytes > STACK_LIMITS.templateBytes)
    .map(
      (s) =>
        `stack ${s.name} has a ${s.bytes}-byte template; CloudFormation allows ${STACK_LIMITS.templateBytes}: ${LIMIT_ADVICE}`,
    );
  if (problems.length > 0) throw new PlacementError(problems.join('\n'));
}

/**
 * The context under which convoguard synthesizes its own stacks (`convoguard synth`): aws-cdk-lib's built-in
 * CloudFormation validation (cfn-lint's schema rules, run in-process in 2.276; 2.273, the lowest peer, has none) fails the synth on an error and,
 * in construct-library strict mode, on a warning too (a value outside a property's enum is a warning there). By
 * default aws-cdk-lib only prints them; convoguard's output is what a deploy sends, so a template CloudFormation
 * would refuse is a located error here (SynthChecksError), not a failed deploy. Your own app keeps its own settings.
 */
export const CLOUDFORMATION_VALIDATION = {
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  '@aws-cdk/core:strictCfnValidateErrors': true,
} as const;

/** A synth that failed convoguard's (or another plugin's) checks: the violations, located, instead of a trace. */
export class SynthChecksError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'SynthChecksError';
  }
}

/**
 * CDK's "Validation failed" names a report in the output folder, which `convoguard synth` removes with its staging
 * folder: the violations it holds become the error, each with its rule, resource and construct path, and how to
 * acknowledge one that was reviewed.
 */
function validationFailure(app: App, e: unknown): SynthChecksError | undefined {
  const text = `${String((e as Error)?.message ?? '')} ${String(e)} ${String((e as { code?: unknown })?.code ?? '')}`;
  if (!/Validation ?failed|A copy of this report can be found in/i.test(text)) return undefined;
  const file = path.join(app.outdir, 'validation-report.json');
  type Report = {
    pluginReports?: Array<{
      pluginName?: string;
      violations?: Array<{
        ruleName?: string;
        description?: string;
        severity?: string;
        // cdk-nag's packs report resources; aws-cdk-lib's CloudFormation validation reports constructs.
        violatingResources?: Array<{ resourceLogicalId?: string; locations?: string[]; templatePath?: string }>;
        violatingConstructs?: Array<{
          constructPath?: string;
          cloudFormationResource?: { templatePath?: string; logicalId?: string; propertyPaths?: string[] };
        }>;
      }>;
    }>;
  };
  let report: Report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  } catch {
    return new SynthChecksError(
      `the synthesized AWS stacks failed a validation plugin and its report (${file}) could not be read`,
    );
  }
  const lines: string[] = [];
  const strict = app.node.tryGetContext('@aws-cdk/core:strictCfnValidateErrors') === true;
  for (const p of report.pluginReports ?? []) {
    for (const v of p.violations ?? []) {
      // In construct-library strict mode a CloudFormation Validate warning fails the synth as well.
      const strictWarning = strict && /warning/i.test(v.severity ?? '') && /CloudFormation/i.test(p.pluginName ?? '');
      if (v.severity !== undefined && !/error/i.test(v.severity) && !strictWarning) continue;
      const where = [
        ...(v.violatingResources ?? []).map(
          (r) =>
            `${r.resourceLogicalId ?? '?'}${r.locations?.length ? ` (${r.locations.join(', ')})` : ''} in ${path.basename(r.templatePath ?? '?')}`,
        ),
        ...(v.violatingConstructs ?? []).map((c) => {
          const r = c.cloudFormationResource ?? {};
          return `${r.logicalId ?? c.constructPath ?? '?'}${r.propertyPaths?.length ? ` (${r.propertyPaths.join(', ')})` : ''} in ${path.basename(r.templatePath ?? '?')}${c.constructPath ? `, construct ${c.constructPath}` : ''}`;
        }),
      ].join('; ');
      lines.push(
        `  ${p.pluginName ?? 'plugin'}::${v.ruleName ?? '?'}: ${v.description ?? ''}${where ? ` [${where}]` : ''}`,
      );
    }
  }
  return new SynthChecksError(
    [
      `the synthesized AWS stacks fail ${lines.length === 1 ? 'a check' : `${lines.length} checks`}; nothing was written:`,
      ...lines,
      "Fix the policy or the override that causes it. A reviewed exception is acknowledged in your app with Validations.of(stack).acknowledge({ id: '<plugin>::<rule>', reason }).",
    ].join('\n'),
  );
}

const LIMIT_ADVICE =
  'its agents grew. Move one by removing its line from the placement file (its resources are then deleted and re-created in another stack), or split the policy';

/**
 * Adds the stacks of the plan's lex agents, and the `ConvoGuardChecks` pack to the app: one stack per account and
 * region, or several where `placement` (see `awsPlacement`) says so. Stacks are environment-agnostic for the account
 * unless the policy names one; the region is always the policy's.
 */
export function addAwsStacks(
  app: App,
  plan: ProtectionPlan,
  placement?: Placement,
): Record<string, AwsProtectionStack> {
  const out: Record<string, AwsProtectionStack> = {};
  if (agentsOf(plan, 'lex').length > 0) Validations.of(app).addPlugins(new ConvoGuardChecks(app));
  const stacks = groupAgents(plan, 'lex', (a) =>
    awsStackName(plan.policy, a.region, a.account, placement?.[awsPlacementGroup(a)]?.[a.name] ?? 0),
  );
  for (const [name, agents] of stacks) {
    const { region, account } = agents[0];
    out[name] = new AwsProtectionStack(app, name, {
      policyName: plan.policy,
      agents,
      env: { region, ...(account ? { account } : {}) },
      description: awsStackDescription(
        plan.policy,
        agents.map((a) => a.name),
      ),
    });
  }
  return out;
}
