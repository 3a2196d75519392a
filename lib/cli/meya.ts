import { emitMeya } from '../meya/emit';
import { plan } from '../policy/plan';
import { oneAgentOf, planWarnings } from './agent-files';
import { EXIT, writeOrPrint } from './io';
import type { Command } from './command';
import { loadPolicyArg } from './args';

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
    const loaded = loadPolicyArg(positionals, io.cwd);
    const p = plan(loaded.policy);
    const agent = oneAgentOf(p, 'meya', values.agent as string | undefined);
    const m = emitMeya(agent, p.policy);
    for (const w of [...planWarnings(agent), ...m.warnings.map((w) => `agents.${agent.name}: ${w}`)])
      io.err(`warning: ${w}\n`);
    writeOrPrint(io, values.out as string | undefined, m.text);
    return EXIT.ok;
  },
};
