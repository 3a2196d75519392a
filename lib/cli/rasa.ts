import * as fs from 'fs';
import * as path from 'path';
import { plan } from '../policy/plan';
import { MergeError } from '../rasa/merge';
import { oneAgentOf, planWarnings, rasaEndpoints } from './agent-files';
import { EXIT, UsageError, writeOrPrint } from './io';
import type { Command } from './command';
import { displayPath, loadPolicyArg } from './args';

export const rasaCommand: Command = {
  summary: "write or merge a Rasa Pro agent's endpoints.yml anonymization rules, topics and log formatter",
  usage: 'convoguard rasa <policy.yaml> [--agent NAME] [--merge endpoints.yml] [--out FILE]',
  help: [
    'Writes the `anonymization` section (metadata and one rule list per de-identification rule set, with Presidio',
    'entities), `event_broker` (type kafka, url, anonymization_topics) and `logger.formatter.anonymization_rules`.',
    'What Rasa cannot express (custom patterns, markers, faker for unsupported entities, hash, kinds without a',
    'Presidio entity, country entities for another language) is printed as warnings on stderr.',
    '',
    'Options:',
    '  --agent NAME            the rasa agent (needed when the policy has several)',
    "  --merge endpoints.yml   update only convoguard's keys in this file; comments, key order and every other",
    '                          section stay byte-for-byte. The file is rewritten in place unless --out is given.',
    '                          An existing event_broker url and security_protocol are kept.',
    '  --out FILE              write here instead of stdout (or instead of the merged file)',
  ].join('\n'),
  options: { agent: { type: 'string' }, merge: { type: 'string' }, out: { type: 'string' } },
  run({ positionals, values }, io) {
    const loaded = loadPolicyArg(positionals, io.cwd);
    const p = plan(loaded.policy);
    const agent = oneAgentOf(p, 'rasa', values.agent as string | undefined);
    const mergePath = values.merge === undefined ? undefined : path.resolve(io.cwd, values.merge as string);
    let existing: string | undefined;
    if (mergePath) {
      try {
        existing = fs.readFileSync(mergePath, 'utf8');
      } catch (e) {
        throw new UsageError(`--merge received "${values.merge}", which cannot be read (${(e as NodeJS.ErrnoException).code})`);
      }
    }
    let result: { text: string; warnings: readonly string[] };
    try {
      result = rasaEndpoints(p, agent, existing, mergePath ? displayPath(mergePath, io.cwd) : undefined);
    } catch (e) {
      if (e instanceof MergeError) {
        io.err(`${e.message}\nnothing was written\n`);
        return EXIT.invalid;
      }
      throw e;
    }
    for (const w of planWarnings(agent)) io.err(`warning: ${w}\n`);
    for (const w of result.warnings) io.err(`warning: agents.${agent.name}: ${w}\n`);
    // With --merge and no --out, the merged file is rewritten in place (and left untouched when nothing changed).
    const target = (values.out as string | undefined) ?? (mergePath !== undefined && existing !== result.text ? mergePath : undefined);
    if (target !== undefined || mergePath === undefined) writeOrPrint(io, target, result.text);
    return EXIT.ok;
  },
};
