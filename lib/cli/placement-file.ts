/**
 * `<policy>.placement.json` beside the policy: read, checked, and rewritten when a new agent is placed. In CI
 * (`CI` set) a placement that would change is an error: the file is committed like a lock file, and a CI run that
 * placed agents differently from the last deploy would move their stateful resources to another stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatBytes, INPUT_LIMITS, readBounded } from '../policy/limits';
import {
  needsPlacementFile,
  parsePlacement,
  Placement,
  PlacementError,
  renderPlacement,
  samePlacement,
} from '../policy/placement';
import type { ProtectionPlan } from '../policy/plan';
import { writeFileAtomic } from './io';

/** `examples/convoguard.yaml` → `examples/convoguard.placement.json`. */
export function placementFileOf(policyFile: string): string {
  const dir = path.dirname(policyFile);
  return path.join(dir, `${path.basename(policyFile).replace(/\.(ya?ml|json)$/i, '')}.placement.json`);
}

export interface PlacementResult {
  readonly placement: Placement;
  /** Set when the file was written (created or updated). */
  readonly wrote?: string;
}

/** The committed placement of `policyFile`, or undefined when there is none; refuses a file it cannot read. */
export function readPlacement(policyFile: string): Placement | undefined {
  const file = placementFileOf(policyFile);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return undefined;
  }
  // A checked-out branch can commit the file as a link to anything readable: the placement is read from a file only.
  if (!st.isFile())
    throw new PlacementError(
      `${file}: ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; the placement file must be a regular file (it is committed beside the policy)`,
    );
  let text: string;
  try {
    text = readBounded(file, INPUT_LIMITS.policyBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PlacementError(
      `${file}: ${code === 'E2BIG' ? `larger than ${formatBytes(INPUT_LIMITS.policyBytes)}` : `cannot be read (${code ?? String(e)})`}`,
    );
  }
  return parsePlacement(text, file);
}

/**
 * Places the plan's lex agents with `place` (the AWS adapter's `awsPlacement`) and keeps the file current: written
 * when the placement needs it and it changed, refused in CI.
 */
export function resolvePlacement(
  plan: ProtectionPlan,
  policyFile: string,
  env: Readonly<Record<string, string | undefined>>,
  place: (p: ProtectionPlan, previous?: Placement) => Placement,
): PlacementResult {
  const file = placementFileOf(policyFile);
  const previous = readPlacement(policyFile);
  const placement = place(plan, previous);
  if (samePlacement(previous, placement)) return { placement };
  if (!previous && !needsPlacementFile(placement)) return { placement };
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') {
    const agents = (p: Placement | undefined) => new Set(Object.values(p ?? {}).flatMap((g) => Object.keys(g)));
    const [was, now] = [agents(previous), agents(placement)];
    const added = [...now].filter((a) => !was.has(a));
    const removed = [...was].filter((a) => !now.has(a));
    const what = previous
      ? ` (${[added.length > 0 ? `new: ${added.join(', ')}` : '', removed.length > 0 ? `gone: ${removed.join(', ')}` : ''].filter(Boolean).join('; ') || 'stacks changed'})`
      : '';
    throw new PlacementError(
      `${file} is ${previous ? 'out of date' : 'missing'}${what}: this policy's lex agents need more than one stack in a region, and the stack of each agent is kept in that file so that no agent's resources move. Run convoguard synth (or cdk synth) locally and commit ${path.basename(file)}; nothing was synthesized`,
    );
  }
  // Whole or not at all (a full disk leaves the committed file as it was), and never through a link a branch planted.
  writeFileAtomic(file, renderPlacement(placement), { links: 'refuse' });
  return { placement, wrote: file };
}
