import * as fs from 'fs';
import * as path from 'path';
import { ConstructPropsError } from '../construct-error';
import { formatProblem, PolicyError } from '../policy/errors';
import { loadPolicy } from '../policy/loader';
import { describeSystemError, InputError } from './io';
import type { Policy } from '../policy/schema';

/** The policy the apps read when none is named: a platform repo's own (`convoguard init` writes it), else this repository's example. */
export const DEFAULT_POLICIES = ['convoguard.yaml', 'examples/convoguard.yaml'];

/** The policy named by `explicit` (`-c policy=`) or `CONVOGUARD_POLICY`, else the first of DEFAULT_POLICIES there is, relative to `cwd`. Throws `PolicyError`. */
export function policyFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  explicit?: string,
): Policy {
  const file = givenPolicyFile(env, cwd, explicit);
  return loadPolicy(path.resolve(cwd, file), file).policy;
}

function givenPolicyFile(env: Readonly<Record<string, string | undefined>>, cwd: string, explicit?: string): string {
  return (
    explicit ??
    env.CONVOGUARD_POLICY ??
    DEFAULT_POLICIES.find((f) => fs.existsSync(path.resolve(cwd, f))) ??
    DEFAULT_POLICIES[0]
  );
}

/** The policy file an app entry point reads: `-c policy=…`, CONVOGUARD_POLICY, or the first default that exists. */
export function policyFileFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  explicit?: string,
): string {
  return path.resolve(cwd, givenPolicyFile(env, cwd, explicit));
}

/** Runs an app entry point; a policy problem or a file that cannot be read or written prints like the CLI does and exits 2, with no stack trace. */
export function exitOnPolicyError(run: () => void): void {
  try {
    run();
  } catch (e) {
    if (e instanceof ConstructPropsError) {
      process.stderr.write(`${e.message}\nnothing was synthesized\n`);
      process.exit(2);
    }
    if (e instanceof InputError) {
      process.stderr.write(`convoguard: ${e.message}\n`);
      process.exit(2);
    }
    const system = describeSystemError(e);
    if (system !== undefined) {
      process.stderr.write(`convoguard: ${system}\nnothing more was synthesized\n`);
      process.exit(2);
    }
    if (!(e instanceof PolicyError)) throw e;
    for (const p of e.problems) process.stderr.write(formatProblem(p) + '\n');
    process.stderr.write(
      `${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}; nothing was synthesized\n`,
    );
    process.exit(2);
  }
}
