import { LoadedPolicy, loadPolicy } from '../policy/loader';
import { plan } from '../policy/plan';
import type { Command } from './main';
import { planWarnings } from './agent-files';
import { EXIT, UsageError } from './io';
import * as path from 'path';

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

export const validateCommand: Command = {
  summary: 'check a policy file; print every problem with its position (exit 0 or 2)',
  usage: 'convoguard validate <policy.yaml> [--quiet]',
  help: [
    'Checks the YAML syntax, the schema, and the cross-field rules: unique names, names that fit every provider',
    'once prefixed, RE2 patterns and their examples, target limits (CloudWatch Logs custom identifiers), retention,',
    'key rotation and decrypters. Problems print as `file:line:col path: message`, all at once.',
    'Notes about what a platform cannot express (lossy translations) print as warnings and do not fail.',
    '',
    'Options:',
    '  --quiet   print nothing on success',
  ].join('\n'),
  options: { quiet: { type: 'boolean' } },
  run({ positionals, values }, io) {
    const loaded = loadPolicyArg(positionals, io.cwd);
    if (!values.quiet) {
      const p = plan(loaded.policy);
      for (const a of p.agents) for (const w of planWarnings(a)) io.err(`warning: ${w}\n`);
      io.out(`${loaded.file}: valid (${p.agents.length} agent${p.agents.length === 1 ? '' : 's'}: ${p.agents.map((a) => `${a.name} [${a.platform}]`).join(', ')})\n`);
    }
    return EXIT.ok;
  },
};
