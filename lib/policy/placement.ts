/**
 * Which stack each agent's resources live in, when one account and region holds more agents than one CloudFormation
 * stack takes. Moving an agent between stacks deletes and re-creates its stateful resources (keys, buckets, log
 * groups: data loss), so the placement is kept like a lock file (`<policy>.placement.json`, committed): an agent
 * keeps its stack for as long as it exists; a new agent goes to the first stack with room; a removed agent frees its
 * room. Without a file every agent of a group is in stack 0, the stack a policy had before it needed more than one.
 * Provider-neutral: the AWS adapter measures what an agent costs and names the stacks.
 */

import { InputError } from '../input-error';

/** The CloudFormation limits a stack must stay under, with the margin convoguard keeps. */
export const STACK_LIMITS = {
  /** CloudFormation: 500 resources per stack. */
  resources: 500,
  /** CloudFormation: a template of at most 1 MB (through S3). */
  templateBytes: 1_000_000,
  /** Description of a stack: at most 1,024 characters. */
  descriptionChars: 1024,
  /** Share of each limit convoguard fills: room for CDK's own additions and for an agent that grows a little. */
  fill: 0.85,
} as const;

/** What one agent adds to a stack. */
export interface AgentCost {
  readonly resources: number;
  readonly bytes: number;
}

/** Stack index per agent, per group (an account and region): `{ "us-east-1": { "billing": 0 } }`. */
export type Placement = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface PlacementFile {
  readonly version: 1;
  /** Explains the file to whoever opens it. */
  readonly comment?: string;
  readonly aws: Placement;
}

export const PLACEMENT_COMMENT =
  'convoguard: the CloudFormation stack of each lex agent, per account and region. Commit this file: moving an agent to another stack deletes and re-creates its keys, buckets and log groups.';

/** A placement convoguard cannot keep or read: printed without a stack trace, exit 2. */
export class PlacementError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'PlacementError';
  }
}

/**
 * Places the agents of each group. `previous` is the committed placement (undefined: none yet, so every agent was
 * in stack 0). Budgets are per stack; `overhead` is what a stack costs before any agent.
 */
export function placeAgents(
  groups: ReadonlyMap<string, ReadonlyArray<{ readonly name: string; readonly cost: AgentCost }>>,
  previous: Placement | undefined,
  overhead: AgentCost = { resources: 0, bytes: 0 },
): Placement {
  const budget = {
    resources: Math.floor(STACK_LIMITS.resources * STACK_LIMITS.fill),
    bytes: Math.floor(STACK_LIMITS.templateBytes * STACK_LIMITS.fill),
  };
  const out: Record<string, Record<string, number>> = {};
  const problems: string[] = [];
  for (const [group, agents] of groups) {
    const before = previous?.[group] ?? {};
    const used: AgentCost[] = [];
    const add = (i: number, c: AgentCost) => {
      while (used.length <= i) used.push({ ...overhead });
      used[i] = { resources: used[i].resources + c.resources, bytes: used[i].bytes + c.bytes };
    };
    const fits = (i: number, c: AgentCost) => {
      const u = used[i] ?? overhead;
      return u.resources + c.resources <= budget.resources && u.bytes + c.bytes <= budget.bytes;
    };
    const placed: Record<string, number> = {};
    const tooBig = new Set<string>();
    for (const a of agents) {
      if (a.cost.resources + overhead.resources > budget.resources || a.cost.bytes + overhead.bytes > budget.bytes) {
        tooBig.add(a.name);
        problems.push(
          `agent "${a.name}" alone needs ${a.cost.resources} resources and ${a.cost.bytes} bytes of template, over one stack's budget (${budget.resources} resources, ${budget.bytes} bytes)`,
        );
      }
    }
    // Agents that have a stack keep it, in the order the file lists them; then new agents, in policy order.
    const kept = agents.filter(
      (a) => previous !== undefined && Number.isInteger(before[a.name]) && before[a.name] >= 0,
    );
    for (const a of kept) {
      placed[a.name] = before[a.name];
      add(before[a.name], a.cost);
    }
    for (const a of agents) {
      // An agent no stack can hold is reported above; placing it would never end.
      if (placed[a.name] !== undefined || tooBig.has(a.name)) continue;
      let i = 0;
      while (!fits(i, a.cost)) i++;
      placed[a.name] = i;
      add(i, a.cost);
    }
    // New agents fill stacks to the budget; agents that keep their stack are refused only past CloudFormation's own
    // limits (an entry point that measures a little differently must not make a placed agent move).
    used.forEach((u, i) => {
      if (u.resources > STACK_LIMITS.resources || u.bytes > STACK_LIMITS.templateBytes) {
        const names = Object.entries(placed)
          .filter(([, s]) => s === i)
          .map(([n]) => n);
        problems.push(
          `${group}: stack ${i} holds ${names.length} agents (${u.resources} resources, ${u.bytes} bytes), over CloudFormation's limits (${STACK_LIMITS.resources}, ${STACK_LIMITS.templateBytes}): its agents grew. Move one by removing its line from the placement file (its resources are then deleted and re-created in another stack), or split the policy`,
        );
      }
    });
    out[group] = placed;
  }
  if (problems.length > 0) throw new PlacementError(problems.join('\n'));
  return out;
}

/** True when some group uses more than its first stack: then the placement must be kept in a file. */
export function needsPlacementFile(p: Placement): boolean {
  return Object.values(p).some((g) => Object.values(g).some((i) => i > 0));
}

/** The file's text, stable: groups and agents sorted, so a review shows only what moved. */
export function renderPlacement(p: Placement): string {
  const sorted = <T>(o: Readonly<Record<string, T>>): Record<string, T> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const aws: Record<string, Record<string, number>> = Object.fromEntries(
    Object.entries(sorted(p)).map(([g, agents]) => [g, sorted(agents)]),
  );
  const file: PlacementFile = { version: 1, comment: PLACEMENT_COMMENT, aws };
  return JSON.stringify(file, null, 2) + '\n';
}

/** A placement file's text, checked; the error says where it is wrong. */
export function parsePlacement(text: string, file: string): Placement {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PlacementError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const d = doc as Partial<PlacementFile> | null;
  if (!d || d.version !== 1 || typeof d.aws !== 'object' || d.aws === null || Array.isArray(d.aws)) {
    throw new PlacementError(`${file}: expected { "version": 1, "aws": { "<region>": { "<agent>": <stack index> } } }`);
  }
  const problems: string[] = [];
  for (const [g, agents] of Object.entries(d.aws)) {
    if (typeof agents !== 'object' || agents === null || Array.isArray(agents)) {
      problems.push(`aws.${g}: expected an object of agent → stack index`);
      continue;
    }
    for (const [a, i] of Object.entries(agents))
      if (!Number.isInteger(i) || (i as number) < 0 || (i as number) > 999)
        problems.push(`aws.${g}.${a}: received ${JSON.stringify(i)}; expected a stack index from 0 to 999`);
  }
  if (problems.length > 0) throw new PlacementError(`${file}:\n  ${problems.join('\n  ')}`);
  return d.aws;
}

/** Whether two placements say the same for the agents of `current` (removed agents aside). */
export function samePlacement(a: Placement | undefined, b: Placement): boolean {
  if (!a) return !needsPlacementFile(b);
  return renderPlacement(a) === renderPlacement(b);
}
