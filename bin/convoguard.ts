#!/usr/bin/env node
import { main } from '../lib/cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Only bugs reach here: policy and usage mistakes are reported by main() without a stack trace.
    process.stderr.write(`convoguard: internal error, please report it with this trace:\n${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
