import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { expectedPosture } from '../policy/platforms';
import type { LexAgentPlan } from '../policy/plan-types';
import type { AgentPosture } from '../report/model';
import { readCloudFormation } from '../report/read-cloudformation';
import { findingsOf, POSTURE_RULES, withExpected } from '../report/rules';
import { AGENT_ATTRIBUTION_KEY } from './aws-agent-protection';

/**
 * convoguard's posture rules as a cdk-nag pack: the same rules `convoguard report` and `diff` run, applied at synth
 * time to every Lex bot alias of the app, so a team that hand-writes or overrides resources gets the same verdict
 * before review. Add it beside AwsSolutions:
 *
 *   Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ConvoGuardChecks(app));
 *
 * Findings are reported on the alias as `ConvoGuard-<rule>[<logical id>]` and can be acknowledged like any cdk-nag
 * rule (`Validations.of(x).acknowledge({ id: 'ConvoGuard::ConvoGuard-CG-STORE-RETENTION[LogicalId]', reason })`).
 * High findings are errors, medium ones warnings. Gaps the plan already names (Lex audio is not redacted, the key
 * policy keeps the account root) are printed by `convoguard validate` and listed by the report, not failed here.
 */
export class ConvoGuardChecks extends NagPack {
  public readonly name = 'ConvoGuard';
  private readonly read = new Map<Stack, AgentPosture[]>();
  private plans?: Map<string, LexAgentPlan>;

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'ConvoGuard';
  }

  protected checkResource(node: CfnResource): void {
    if (node.cfnResourceType !== 'AWS::Lex::BotAlias') return;
    const stack = Stack.of(node);
    const agentName = node.getMetadata(AGENT_ATTRIBUTION_KEY);
    const logicalId = stack.resolve(stack.getLogicalId(node));
    const postures = this.postures(stack);
    const read = postures.find((p) => p.agent === (typeof agentName === 'string' ? agentName : logicalId));
    if (!read) return;
    const plan = this.planOf(node, read.agent);
    const posture: AgentPosture = plan ? withExpected(read, expectedPosture(plan)) : read;
    for (const rule of POSTURE_RULES) {
      const findings = findingsOf(posture, [rule]).filter((f) => !f.planned);
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: `${rule.description} ${findings.map((f) => f.message).join('; ')}`.trim(),
        explanation: `convoguard posture rule ${rule.id} (agent "${read.agent}"): the same rule the posture report and diff run.`,
        level: rule.severity === 'high' ? NagMessageLevel.ERROR : NagMessageLevel.WARN,
        node,
        rule: () =>
          findings.length === 0 ? NagRuleCompliance.COMPLIANT : [...new Set(findings.map((f) => f.resource))],
      });
    }
  }

  /**
   * The agents' postures read from a stack's synthesized template (validation runs after the templates are written),
   * once per stack: every bot alias of the stack is checked against the same reading.
   */
  private postures(stack: Stack): AgentPosture[] {
    let read = this.read.get(stack);
    if (!read) {
      const stage = Stage.of(stack);
      const file = path.join(stage?.outdir ?? '', stack.templateFile);
      // A stack pinned to an account spells its root with the account written out: the reader must know it.
      const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
      read = readCloudFormation(
        JSON.parse(fs.readFileSync(file, 'utf8')) as Parameters<typeof readCloudFormation>[0],
        stack.stackName,
        { account },
      );
      this.read.set(stack, read);
    }
    return read;
  }

  /** The plan of an agent, from the `AwsAgentProtection` constructs of the app (matched by type name, not class). */
  private planOf(node: IConstruct, agent: string): LexAgentPlan | undefined {
    if (!this.plans) {
      this.plans = new Map();
      for (const c of node.node.root.node.findAll()) {
        const p = (c as { convoguardPlan?: LexAgentPlan }).convoguardPlan;
        if (p && p.platform === 'lex') this.plans.set(p.name, p);
      }
    }
    return this.plans.get(agent);
  }
}
