import { Annotations, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { expectedPosture } from '../policy/platforms';
import type { AgentPlan } from '../policy/plan-types';
import { readTerraform } from '../report/read-terraform';
import { findingsOf, withExpected } from '../report/rules';

/**
 * convoguard's posture rules at `cdktf synth`: the same rules `convoguard report` and `diff` run, applied to the
 * stack's Terraform JSON after every other aspect, so a team that hand-writes or overrides resources gets the same
 * verdict before review. High findings that differ from the plan are errors (they fail `cdktf synth`), medium ones
 * warnings. Gaps the plan already names are not repeated one by one: `convoguard validate` prints them and the report
 * lists each; the stack gets one line counting them.
 *
 *   Aspects.of(stack).add(new ConvoGuardChecksAspect());
 */
/** cdktf's marker of a construct with its own synthesis step (`Symbol.for`, so every copy of cdktf shares it). */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

export interface ConvoGuardChecksAspectProps {
  /**
   * Terraform documents whose project-wide resources count for the agents of the checked stack: the shared stack of
   * terraform.stacks: per-agent, where their request-log routing lives.
   * @default none
   */
  readonly context?: ReadonlyArray<() => object>;
}

export class ConvoGuardChecksAspect implements IAspect {
  private readonly checked = new WeakSet<IConstruct>();
  /** Per stack, what undoes the one-time hand-over of the resolved document to cdktf's write. */
  private readonly handOver = new WeakMap<TerraformStack, () => void>();
  private readonly context: ReadonlyArray<() => object>;

  constructor(props: ConvoGuardChecksAspectProps = {}) {
    this.context = props.context ?? [];
  }

  public visit(node: IConstruct): void {
    const stack = node as Partial<TerraformStack>;
    if (typeof stack.toTerraform !== 'function' || node.node.scope === undefined || this.checked.has(node)) return;
    if (TerraformStack.of(node) !== node) return;
    this.checked.add(node);
    // A validation runs after every aspect of the stack has been applied, just before the JSON is written.
    node.node.addValidation({ validate: () => this.check(node as TerraformStack) });
  }

  private check(stack: TerraformStack): string[] {
    const plans = new Map<string, AgentPlan>();
    let customSynthesis = false;
    for (const c of stack.node.findAll()) {
      // Any protection that carries its plan (GcpAgentProtection, CxAgentStudioProtection): recognised by shape.
      const p = (c as { convoguardPlan?: AgentPlan }).convoguardPlan;
      if (p && typeof p.name === 'string' && typeof p.platform === 'string') plans.set(p.name, p);
      if ((c as unknown as Record<symbol, unknown>)[CUSTOM_SYNTHESIS] !== undefined) customSynthesis = true;
    }
    // A document handed over by an earlier synth that never wrote it (another stack failed) is not reused.
    this.handOver.get(stack)?.();
    const resolved = stack.toTerraform();
    const doc = resolved as Parameters<typeof readTerraform>[0];
    let failed = false;
    // Gaps the plan already names are printed by `convoguard validate` and listed by the report: repeating each one
    // here (five per agent, each annotation with a stack trace in manifest.json) would bury the findings that differ
    // from the plan. They are counted in one line per stack instead, as the AWS pack leaves them out.
    const gaps = new Map<string, number>();
    const context = this.context.map((c) => c() as Parameters<typeof readTerraform>[0]);
    for (const read of readTerraform(doc, stack.node.id, context)) {
      const plan = plans.get(read.agent);
      for (const f of findingsOf(plan ? withExpected(read, expectedPosture(plan)) : read)) {
        if (f.planned) {
          gaps.set(f.rule, (gaps.get(f.rule) ?? 0) + 1);
          continue;
        }
        const message = `convoguard ${f.rule} (agent "${f.agent}", ${f.resource}): ${f.message}`;
        if (f.severity === 'high') {
          Annotations.of(stack).addError(message);
          failed = true;
        } else Annotations.of(stack).addWarning(message);
      }
    }
    if (gaps.size > 0) Annotations.of(stack).addInfo(plannedGapsLine(gaps));
    // cdktf writes the stack right after its validations: the document resolved here is handed to that write, once,
    // instead of resolving every token of the stack again. Not when this check fails the synth (nothing is written,
    // and a later toTerraform must not see this document), nor when a construct synthesizes itself in between
    // (custom synthesis), which could change what the stack holds.
    if (!failed && !customSynthesis) {
      const own = Object.getOwnPropertyDescriptor(stack, 'toTerraform');
      const restore = () => {
        if (own) Object.defineProperty(stack, 'toTerraform', own);
        else delete (stack as { toTerraform?: unknown }).toTerraform;
        this.handOver.delete(stack);
      };
      this.handOver.set(stack, restore);
      Object.defineProperty(stack, 'toTerraform', {
        configurable: true,
        writable: true,
        value: () => {
          restore();
          return resolved;
        },
      });
    }
    return [];
  }
}

/** The one line per stack that counts the gaps the plan names, by rule. */
export function plannedGapsLine(gaps: ReadonlyMap<string, number>): string {
  const total = [...gaps.values()].reduce((a, b) => a + b, 0);
  const byRule = [...gaps]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return `convoguard: ${total} gap${total === 1 ? '' : 's'} the plan names (${byRule}), not repeated here: \`convoguard validate\` prints them and \`convoguard report\` lists each`;
}
