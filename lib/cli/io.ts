import * as fs from 'fs';
import * as path from 'path';

/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

/** A mistake in how the command was called: printed without a stack trace, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Writes `text` to `out` (relative to the working directory, folders created) or, without it, to stdout. */
export function writeOrPrint(io: Io, out: string | undefined, text: string): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  const target = path.resolve(io.cwd, out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  };
}
