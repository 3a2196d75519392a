import { App, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { groupAgents, LexAgentPlan, ProtectionPlan } from '../policy/plan';
import { acknowledgeCustomResourceProvider } from './anonymized-topics';
import { AwsAgentProtection } from './aws-agent-protection';
import { ConvoGuardChecks } from './convoguard-checks';

export interface AwsProtectionStackProps extends StackProps {
  readonly policyName: string;
  /** lex agent plans, all in this account and region. */
  readonly agents: readonly LexAgentPlan[];
}

/** One CloudFormation stack per account and region: one `AwsAgentProtection` per lex agent. */
export class AwsProtectionStack extends Stack {
  public readonly protections: Readonly<Record<string, AwsAgentProtection>>;

  constructor(scope: Construct, id: string, props: AwsProtectionStackProps) {
    super(scope, id, props);
    const protections: Record<string, AwsAgentProtection> = {};
    for (const agent of props.agents) protections[agent.name] = new AwsAgentProtection(this, agent.name, { plan: agent });
    this.protections = protections;
    Tags.of(this).add('managed-by', 'convoguard');
    Tags.of(this).add('convoguard-policy', props.policyName);
    if (props.agents.some((a) => a.topics.length > 0 && a.kafka)) acknowledgeCustomResourceProvider(this);
  }
}

/** Stack name: `<policy>-aws-<region>`, with the account when the policy names one. */
export function awsStackName(policy: string, region: string, account?: string): string {
  return account ? `${policy}-aws-${account}-${region}` : `${policy}-aws-${region}`;
}

/**
 * Adds one stack per account/region of the plan's lex agents, and the `ConvoGuardChecks` pack to the app. Stacks are
 * environment-agnostic for the account unless the policy names one; the region is always the policy's.
 */
export function addAwsStacks(app: App, plan: ProtectionPlan): Record<string, AwsProtectionStack> {
  const out: Record<string, AwsProtectionStack> = {};
  if (plan.agents.some((a) => a.platform === 'lex')) Validations.of(app).addPlugins(new ConvoGuardChecks(app));
  for (const [name, agents] of groupAgents(plan, 'lex', (a) => awsStackName(plan.policy, a.region, a.account))) {
    const { region, account } = agents[0];
    out[name] = new AwsProtectionStack(app, name, {
      policyName: plan.policy,
      agents,
      env: { region, ...(account ? { account } : {}) },
      description: `convoguard: sensitive-data protection for ${agents.map((a) => a.name).join(', ')} (policy ${plan.policy})`,
    });
  }
  return out;
}
