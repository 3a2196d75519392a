import { stringify } from 'yaml';
import { plan, planToJson } from '../policy/plan';
import type { Command } from './command';
import { EXIT, UsageError } from './io';
import { loadPolicyArg } from './args';

export const planCommand: Command = {
  summary: 'print the normalized per-agent plan every target reads (YAML or JSON)',
  usage: 'convoguard plan <policy.yaml> [--format yaml|json] [--agent NAME]',
  help: [
    'Prints what each agent gets: detectors per platform and how each kind is covered, de-identification rule sets',
    'with the method each platform really applies, retention per store, key rotation, decrypters, topics and notes.',
    '',
    'Options:',
    '  --format yaml|json   output format (default yaml)',
    '  --agent NAME         only this agent',
  ].join('\n'),
  options: { format: { type: 'string' }, agent: { type: 'string' } },
  run({ positionals, values }, io) {
    const format = (values.format as string | undefined) ?? 'yaml';
    if (format !== 'yaml' && format !== 'json')
      throw new UsageError(`--format received "${format}"; expected yaml or json`);
    const loaded = loadPolicyArg(positionals, io.cwd);
    const full = planToJson(plan(loaded.policy)) as { agents: Array<{ name: string }> };
    if (values.agent !== undefined) {
      const names = full.agents.map((a) => a.name);
      full.agents = full.agents.filter((a) => a.name === values.agent);
      if (full.agents.length === 0)
        throw new UsageError(`--agent received "${values.agent}"; the policy has ${names.join(', ')}`);
    }
    io.out(format === 'json' ? JSON.stringify(full, null, 2) + '\n' : stringify(full, { lineWidth: 0 }));
    return EXIT.ok;
  },
};
