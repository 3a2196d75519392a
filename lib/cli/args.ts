/** The policy-file argument every command takes, shared by the command modules (none imports another command). */
import * as path from 'path';
import { LoadedPolicy, loadPolicy } from '../policy/loader';
import { UsageError } from './io';

export function policyArg(positionals: readonly string[], cwd: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one policy file, received ${positionals.length}`);
  return path.resolve(cwd, positionals[0]);
}

/** The one policy file a command names, loaded and validated (throws PolicyError or UsageError). */
export function loadPolicyArg(positionals: readonly string[], cwd: string): LoadedPolicy {
  const file = policyArg(positionals, cwd);
  return loadPolicy(file, displayPath(file, cwd));
}

/** The policy path as messages show it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** `--format`, one of `allowed` (the first is the default). */
export function formatArg<F extends string>(value: unknown, allowed: readonly [F, ...F[]]): F {
  const f = (value as string | undefined) ?? allowed[0];
  if (!allowed.includes(f as F)) throw new UsageError(`--format received "${f}"; expected ${allowed.join(' or ')}`);
  return f as F;
}

/** The agents a command works on: all of them, or the one `--agent` names. */
export function agentsArg<A extends { readonly name: string }>(all: readonly A[], name: unknown): readonly A[] {
  if (name === undefined) return all;
  const one = all.filter((a) => a.name === name);
  if (one.length === 0)
    throw new UsageError(`--agent received "${String(name)}"; the policy has ${all.map((a) => a.name).join(', ')}`);
  return one;
}
