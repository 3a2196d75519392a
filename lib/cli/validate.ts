import { plan } from '../policy/plan';
import { verifyCost } from '../policy/verify';
import { planWarnings } from './agent-files';
import { loadPolicyArg } from './args';
import type { Command } from './command';
import { EXIT } from './io';

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
      io.out(
        `${loaded.file}: valid (${p.agents.length} agent${p.agents.length === 1 ? '' : 's'}: ${p.agents.map((a) => `${a.name} [${a.platform}]`).join(', ')})\n`,
      );
      io.out(`${verifyCost(p)}\n`);
    }
    return EXIT.ok;
  },
};
