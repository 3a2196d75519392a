import * as fs from 'fs';
import * as path from 'path';
import { preview } from '../policy/preview';
import { EXIT, UsageError } from './io';
import type { Command } from './main';
import { loadPolicyArg } from './validate';

export const previewCommand: Command = {
  summary: "show what the policy's patterns and SSML markers do to sample text, before deploying",
  usage: 'convoguard preview <policy.yaml> (--text STRING | --file TRANSCRIPT) [--format text|json]',
  help: [
    'Applies the custom patterns and the SSML marker detector locally with RE2, the semantics Google DLP uses, and',
    "prints each match with its detector and the replacement the default rule set gives, then the redacted text.",
    'Built-in kinds are listed as detected by the service: they cannot be evaluated offline.',
    '',
    'Options:',
    '  --text STRING      a line to try',
    '  --file TRANSCRIPT  a file of lines',
    '  --format text|json (default text)',
  ].join('\n'),
  options: { text: { type: 'string' }, file: { type: 'string' }, format: { type: 'string' } },
  run({ positionals, values }, io) {
    const { policy } = loadPolicyArg(positionals, io.cwd);
    if ((values.text === undefined) === (values.file === undefined)) throw new UsageError('give exactly one of --text and --file');
    let text = values.text as string | undefined;
    if (text === undefined) {
      try {
        text = fs.readFileSync(path.resolve(io.cwd, values.file as string), 'utf8');
      } catch (e) {
        throw new UsageError(`--file received "${values.file}", which cannot be read (${(e as NodeJS.ErrnoException).code})`);
      }
    }
    const f = (values.format as string | undefined) ?? 'text';
    if (f !== 'text' && f !== 'json') throw new UsageError(`--format received "${f}"; expected text or json`);
    const p = preview(policy, text);
    if (f === 'json') {
      io.out(JSON.stringify(p, null, 2) + '\n');
      return EXIT.ok;
    }
    const out: string[] = [];
    if (p.matches.length === 0) out.push('No custom pattern or marker matched.');
    for (const m of p.matches) out.push(`line ${m.line}:${m.start}-${m.end}  ${m.detector.padEnd(24)} ${JSON.stringify(m.text)} -> ${JSON.stringify(m.replacement)}`);
    out.push('', 'Redacted:', p.redacted.replace(/\n$/, ''), '', 'Detected by the service (not evaluated offline):', ...p.serviceDetected.map((k) => `  ${k}`), '');
    io.out(out.join('\n'));
    return EXIT.ok;
  },
};
