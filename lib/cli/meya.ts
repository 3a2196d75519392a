import * as fs from 'fs';
import * as path from 'path';
import { emitMeya } from '../meya/emit';
import { loadPolicy } from '../policy/loader';
import { plan } from '../policy/plan';
import { agentsOf } from './agent-files';
import { EXIT, UsageError } from './io';
import type { Command } from './main';
import { displayPath, policyArg } from './validate';

export const meyaCommand: Command = {
  summary: "write a Meya app's integration/sensitive_data.yaml",
  usage: 'convoguard meya <policy.yaml> [--agent NAME] [--out FILE]',
  help: [
    'Writes the Sensitive Data integration file: type meya.sensitive_data.integration, enabled, and transport and',
    "transcript from the policy's scope. Retention (24 h) and who may decrypt are Meya-side settings.",
    '',
    'Options:',
    '  --agent NAME   the meya agent (needed when the policy has several)',
    '  --out FILE     write here instead of stdout (use <app>/integration/sensitive_data.yaml)',
  ].join('\n'),
  options: { agent: { type: 'string' }, out: { type: 'string' } },
  run({ positionals, values }, io) {
    const file = policyArg(positionals, io.cwd);
    const loaded = loadPolicy(file, displayPath(file, io.cwd));
    const p = plan(loaded.policy);
    const agents = agentsOf(p, 'meya', values.agent as string | undefined);
    if (agents.length > 1) throw new UsageError(`the policy has ${agents.length} meya agents (${agents.map((a) => a.name).join(', ')}); choose one with --agent`);
    const m = emitMeya(agents[0], p.policy);
    for (const w of m.warnings) io.err(`warning: ${w}\n`);
    if (values.out !== undefined) {
      const target = path.resolve(io.cwd, values.out as string);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, m.text);
    } else {
      io.out(m.text);
    }
    return EXIT.ok;
  },
};
