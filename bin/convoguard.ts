#!/usr/bin/env node
import { main } from '../lib/cli/main';

// `convoguard preview … | head`: the reader has gone, which is not an error of ours. Stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Only bugs reach here: policy and usage mistakes are reported by main() without a stack trace.
    process.stderr.write(
      `convoguard: internal error, please report it with this trace:\n${(e as Error).stack ?? String(e)}\n`,
    );
    process.exitCode = 1;
  },
);
