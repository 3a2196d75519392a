import * as fs from 'fs';
import * as path from 'path';
import { loadPolicy } from '../policy/loader';
import { plan, planToJson } from '../policy/plan';
import type { Command } from './main';
import { EXIT } from './io';
import { displayPath, policyArg } from './validate';

export const synthCommand: Command = {
  summary: 'validate a policy, then write every target: plan, Terraform, CloudFormation, Rasa and Meya files',
  usage: 'convoguard synth <policy.yaml> [--out DIR]',
  help: [
    'Validates the policy first: on any problem it prints them all, exits 2 and writes nothing.',
    'Then writes, relative to --out (default: the current directory):',
    '  out/plan.json   the normalized plan',
    '',
    'Options:',
    '  --out DIR   folder that receives the outputs (default .)',
  ].join('\n'),
  options: { out: { type: 'string' } },
  run({ positionals, values }, io) {
    const file = policyArg(positionals, io.cwd);
    const loaded = loadPolicy(file, displayPath(file, io.cwd));
    const root = path.resolve(io.cwd, (values.out as string | undefined) ?? '.');
    const p = plan(loaded.policy);
    const outDir = path.join(root, 'out');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'plan.json'), JSON.stringify(planToJson(p), null, 2) + '\n');
    io.out(`${loaded.file}: ${p.agents.length} agents\n  plan      ${path.relative(io.cwd, path.join(outDir, 'plan.json'))}\n`);
    return EXIT.ok;
  },
};
