import * as path from 'path';
import { plan } from '../policy/plan';
import { formatBytes, INPUT_LIMITS, readBounded } from '../policy/limits';
import { linePreviewer, serviceDetectedOf } from '../policy/preview';
import { describeSystemError, EXIT, InputError, Io, UsageError } from './io';
import type { Command } from './command';
import { agentsArg, formatArg, loadPolicyArg } from './args';

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
  options: {
    text: { type: 'string' },
    file: { type: 'string' },
    agent: { type: 'string' },
    format: { type: 'string' },
  },
  run({ positionals, values }, io) {
    const { policy } = loadPolicyArg(positionals, io.cwd);
    if ((values.text === undefined) === (values.file === undefined))
      throw new UsageError('give exactly one of --text and --file');
    let text = values.text as string | undefined;
    if (text === undefined) {
      try {
        text = readBounded(path.resolve(io.cwd, values.file as string), INPUT_LIMITS.transcriptBytes);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why =
          code === 'E2BIG'
            ? `is larger than ${formatBytes(INPUT_LIMITS.transcriptBytes)}; preview a sample of the transcript`
            : `cannot be read (${describeSystemError(e) ?? code ?? String(e)})`;
        throw new InputError(`--file received "${values.file}", which ${why}`);
      }
    }
    const f = formatArg(values.format, ['text', 'json']);
    const agents = agentsArg(plan(policy).agents, values.agent);
    const lines = (text as string).split('\n');
    // The output is written as it is produced, in chunks, never built whole: a long transcript times several agents
    // would otherwise be held in memory several times over.
    const out = chunked(io);
    if (f === 'json') {
      out.write('{\n  "agents": [');
      agents.forEach((a, i) => {
        const one = linePreviewer(a);
        const results = lines.map((l, j) => one(l, j + 1));
        const p = {
          agent: a.name,
          platform: a.platform,
          matches: results.flatMap((r) => r.matches),
          redacted: results.map((r) => r.redacted).join('\n'),
          serviceDetected: serviceDetectedOf(a),
        };
        out.write(`${i === 0 ? '' : ','}\n    ${JSON.stringify(p)}`);
      });
      out.write('\n  ]\n}\n');
      out.flush();
      return EXIT.ok;
    }
    for (const a of agents) {
      out.write(`== ${a.name} [${a.platform}] ==\n`);
      const one = linePreviewer(a);
      const redacted: string[] = [];
      let matched = 0;
      lines.forEach((line, i) => {
        const r = one(line, i + 1);
        redacted.push(r.redacted);
        for (const m of r.matches)
          out.write(
            `line ${m.line}:${m.start}-${m.end}  ${m.detector.padEnd(24)} ${JSON.stringify(m.text)} -> ${JSON.stringify(m.replacement)}\n`,
          );
        matched += r.matches.length;
      });
      if (matched === 0)
        out.write(
          a.platform === 'rasa' || a.platform === 'meya'
            ? `${a.platform === 'rasa' ? 'Rasa applies no custom pattern or marker' : 'Meya does not inspect text'}: nothing is replaced here.\n`
            : 'No custom pattern or marker matched.\n',
        );
      out.write('\nRedacted:\n');
      for (const r of redacted.join('\n').replace(/\n$/, '').split('\n')) out.write(r + '\n');
      const service = serviceDetectedOf(a);
      out.write(
        `\nDetected by the service (not evaluated offline):\n${(service.length > 0 ? service.map((k) => `  ${k}`) : ['  none']).join('\n')}\n\n`,
      );
    }
    out.flush();
    return EXIT.ok;
  },
};

/** Collects output and hands it to `io.out` in chunks of about 64 KiB. */
function chunked(io: Io): { write(s: string): void; flush(): void } {
  let buf: string[] = [];
  let size = 0;
  return {
    write(s) {
      buf.push(s);
      size += s.length;
      if (size >= 64 * 1024) this.flush();
    },
    flush() {
      if (size === 0 && buf.length === 0) return;
      io.out(buf.join(''));
      buf = [];
      size = 0;
    },
  };
}
