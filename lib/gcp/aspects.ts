import { Aspects, IAspect } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Adds an aspect to `scope` so that whichever copy of cdktf synthesizes the app runs it. cdktf keeps aspects under a
 * per-copy symbol (`Symbol("cdktf-aspects")`, not `Symbol.for`): when the platform repo's app and convoguard load
 * different copies (a symlinked or `file:` install), an aspect added through convoguard's copy would never run, and
 * pages would silently stay unredacted. So the aspect is also added through every other loaded copy's `Aspects`;
 * only the copy that synthesizes invokes it.
 */
export function addAspect(scope: IConstruct, aspect: IAspect): void {
  Aspects.of(scope).add(aspect);
  for (const other of otherAspectClasses()) other.of(scope).add(aspect);
}

/** The `Aspects` classes of other cdktf copies already loaded in this process. */
function otherAspectClasses(): Array<{ of(scope: IConstruct): { add(aspect: IAspect): void } }> {
  const out: Array<{ of(scope: IConstruct): { add(aspect: IAspect): void } }> = [];
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!/[\\/]cdktf[\\/]lib[\\/]aspect\.js$/.test(file)) continue;
    const cls = (mod?.exports as { Aspects?: typeof Aspects } | undefined)?.Aspects;
    if (cls && cls !== Aspects && typeof cls.of === 'function') out.push(cls);
  }
  return out;
}

/**
 * One aspect per stack that runs every agent's aspect registered on it. cdktf invokes each aspect on every node
 * and checks per node which aspects already ran (a list search), so a fleet of agents each adding its own aspect to
 * the stack costs nodes × agents²; through this, nodes × 1, and each registered aspect still sees every node.
 */
export class StackAspects implements IAspect {
  private static readonly stacks = new WeakMap<IConstruct, StackAspects>();
  private readonly aspects: IAspect[] = [];

  /** The stack's dispatcher, added to it (through every loaded copy of cdktf) the first time. */
  public static of(stack: IConstruct): StackAspects {
    let s = StackAspects.stacks.get(stack);
    if (!s) {
      s = new StackAspects();
      StackAspects.stacks.set(stack, s);
      addAspect(stack, s);
    }
    return s;
  }

  public add(aspect: IAspect): void {
    this.aspects.push(aspect);
  }

  public visit(node: IConstruct): void {
    for (const a of this.aspects) a.visit(node);
  }
}
