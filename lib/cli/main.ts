/**
 * The `convoguard` command line. Each command lives in its own module and is loaded only when used, so
 * `convoguard validate` never loads aws-cdk-lib or cdktf.
 */
import { parseArgs } from 'util';
import { ConstructPropsError } from '../construct-error';
import { formatProblem, PolicyError } from '../policy/errors';
import { packageVersion } from '../version';
import type { Command } from './command';
import { describeSystemError, EXIT, InputError, Io, processIo, UsageError } from './io';

// Each command's module is require()d when the command runs, not imported, so that `convoguard validate` never
// loads the cloud libraries the synth and report commands need.
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point; an import would load all */
const COMMANDS: Record<string, () => Command> = {
  init: () => require('./init').initCommand,
  validate: () => require('./validate').validateCommand,
  plan: () => require('./plan').planCommand,
  synth: () => require('./synth').synthCommand,
  rasa: () => require('./rasa').rasaCommand,
  meya: () => require('./meya').meyaCommand,
  report: () => require('./report').reportCommand,
  diff: () => require('./report').diffCommand,
  preview: () => require('./preview').previewCommand,
  canary: () => require('./canary').canaryCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

function mainHelp(): string {
  const rows = Object.entries(COMMANDS).map(([name, load]) => `  ${name.padEnd(10)} ${load().summary}`);
  return [
    "convoguard: keep personal data out of conversational agents' logs, analytics and long-lived storage.",
    '',
    'Usage: convoguard <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    "Run `convoguard <command> --help` for a command's options, `convoguard --version` for the version.",
    'Exit codes: 0 success; 1 a finding (report, diff --fail-on-weaken); 2 invalid policy, input or usage, or a file that cannot be read or written.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(`convoguard ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? EXIT.invalid : EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`convoguard: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')}\n`);
    return EXIT.invalid;
  }
  const command = load();
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      io.out(`Usage: ${command.usage}\n\n${command.help}\n`);
      return EXIT.ok;
    }
    return await command.run(parsed as never, io);
  } catch (e) {
    if (e instanceof PolicyError) {
      for (const p of e.problems) io.err(formatProblem(p) + '\n');
      // Only the commands that write say so: validate, plan, preview and canary never write.
      const writes = ['synth', 'rasa', 'meya', 'init'].includes(name);
      io.err(
        `${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}${writes ? '; nothing was written' : ''}\n`,
      );
      return EXIT.invalid;
    }
    if (e instanceof ConstructPropsError) {
      io.err(`${e.message}\nnothing more was written\n`);
      return EXIT.invalid;
    }
    if (e instanceof InputError) {
      io.err(`convoguard ${name}: ${e.message}\n`);
      return EXIT.invalid;
    }
    const system = describeSystemError(e);
    if (system !== undefined) {
      // A file or folder the command could not read or write: one line, never a stack trace.
      io.err(`convoguard ${name}: ${system}\n`);
      return EXIT.invalid;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`convoguard ${name}: ${(e as Error).message}\nUsage: ${command.usage}\n`);
      return EXIT.invalid;
    }
    throw e;
  }
}
