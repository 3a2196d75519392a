import * as path from 'path';
import { plan } from '../policy/plan';
import { MergeError } from '../rasa/merge';
import { oneAgentOf, planWarnings, rasaEndpoints } from './agent-files';
import { formatBytes, INPUT_LIMITS, readBounded } from '../policy/limits';
import { describeSystemError, EXIT, InputError, writeOrPrint } from './io';
import type { Command } from './command';
import { displayPath, loadPolicyArg } from './args';

export const rasaCommand: Command = {
  summary: "write or merge a Rasa Pro agent's endpoints.yml privacy block (3.13+) or anonymization pipeline (3.6-3.12)",
  usage: 'convoguard rasa <policy.yaml> [--agent NAME] [--merge endpoints.yml] [--out FILE]',
  help: [
    "The format follows the agent's rasa.version (default 3.13).",
    'Rasa 3.13+: `privacy` (a redact or mask rule per sensitive slot, tracker-store anonymization 30 min after session',
    'end and deletion after retention.sensitive), `event_broker` (stream_pii: false, anonymization_topics as names) and,',
    'in a fresh file, a Redis `lock_store` read from ${REDIS_*}; --merge requires your own lock_store and removes the',
    '3.6 keys convoguard wrote before (`anonymization`, `logger.formatter.anonymization_rules`).',
    'Rasa 3.6-3.12: `anonymization` (metadata and one rule list per rule set, with Presidio entities), `event_broker`',
    '(type kafka, url, anonymization_topics) and `logger.formatter.anonymization_rules`; a file with privacy: is refused.',
    'What Rasa cannot express (custom patterns, markers, faker, hash, kinds no slot or entity holds) is printed as',
    'warnings on stderr.',
    '',
    'Options:',
    '  --agent NAME            the rasa agent (needed when the policy has several)',
    "  --merge endpoints.yml   update only convoguard's keys in this file; comments, key order, line endings and every",
    '                          other section stay byte-for-byte. The file is replaced in one rename (a temporary file',
    '                          beside it first) unless --out is given. Anchors, aliases and merge keys (<<) on the',
    '                          keys convoguard writes are refused with their position: rewrite them as plain keys.',
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
        existing = readBounded(mergePath, INPUT_LIMITS.endpointsBytes);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why =
          code === 'E2BIG'
            ? `is larger than ${formatBytes(INPUT_LIMITS.endpointsBytes)}; an endpoints.yml is far smaller`
            : `cannot be read (${describeSystemError(e) ?? code ?? String(e)})`;
        throw new InputError(`--merge received "${values.merge}", which ${why}; nothing was written`);
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
    // The merged file is replaced in one rename (writeOrPrint): a full disk leaves the original whole.
    const target =
      (values.out as string | undefined) ??
      (mergePath !== undefined && existing !== result.text ? mergePath : undefined);
    if (target !== undefined || mergePath === undefined) writeOrPrint(io, target, result.text);
    return EXIT.ok;
  },
};
