import * as fs from 'fs';
import * as path from 'path';
import { plan } from '../policy/plan';
import { preview } from '../policy/preview';
import { EXIT, UsageError } from './io';
import type { Command } from './command';
import { loadPolicyArg } from './args';

export const previewCommand: Command = {
  summary: "show what the policy's patterns and SSML markers do to sample text, before deploying",
  usage: 'convoguard preview <policy.yaml> (--text STRING | --file TRANSCRIPT) [--agent NAME] [--format text|json]',
  help: [
    'For each agent (or the one --agent names), applies the pattern detectors its platform runs (custom patterns,',
    'SSML markers, fallback patterns) locally with RE2 and replaces each match the way that platform really will:',
    'CloudWatch Logs (Lex) only masks with "*", Google DLP has no faker, Rasa applies no custom pattern, Meya',
    'inspects no text. Prints each match, then the redacted text. Built-in kinds are listed as detected by the',
    'service: they cannot be evaluated offline.',
    '',
    'Options:',
    '  --text STRING      a line to try',
    '  --file TRANSCRIPT  a file of lines',
    '  --agent NAME       only this agent',
    '  --format text|json (default text)',
  ].join('\n'),
  options: { text: { type: 'string' }, file: { type: 'string' }, agent: { type: 'string' }, format: { type: 'string' } },
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
    const all = plan(policy).agents;
    const agents = values.agent === undefined ? all : all.filter((a) => a.name === values.agent);
    if (agents.length === 0) throw new UsageError(`--agent received "${values.agent}"; the policy has ${all.map((a) => a.name).join(', ')}`);
    const previews = agents.map((a) => preview(a, text as string));
    if (f === 'json') {
      io.out(JSON.stringify({ agents: previews }, null, 2) + '\n');
      return EXIT.ok;
    }
    const out: string[] = [];
    for (const p of previews) {
      out.push(`== ${p.agent} [${p.platform}] ==`);
      if (p.matches.length === 0)
        out.push(p.platform === 'rasa' || p.platform === 'meya' ? `${p.platform === 'rasa' ? 'Rasa applies no custom pattern or marker' : 'Meya does not inspect text'}: nothing is replaced here.` : 'No custom pattern or marker matched.');
      for (const m of p.matches) out.push(`line ${m.line}:${m.start}-${m.end}  ${m.detector.padEnd(24)} ${JSON.stringify(m.text)} -> ${JSON.stringify(m.replacement)}`);
      out.push('', 'Redacted:', p.redacted.replace(/\n$/, ''), '', 'Detected by the service (not evaluated offline):', ...(p.serviceDetected.length > 0 ? p.serviceDetected.map((k) => `  ${k}`) : ['  none']), '');
    }
    io.out(out.join('\n'));
    return EXIT.ok;
  },
};
