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

export { InputError } from '../input-error';

/** What an operating-system error says, for people: `EACCES` is "permission denied". */
const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the path is too long',
  EBUSY: 'the file is busy',
  ENOTEMPTY: 'the folder is not empty',
  EXDEV: 'cannot move across file systems',
  EFIFO: 'a pipe or a socket, not a file',
};

/** An operating-system error (it has an errno `code` and a `syscall`) as one line, or undefined for any other error. */
export function describeSystemError(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (!err || typeof err.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  const where = err.path ? `${err.path}${err.dest ? ` -> ${err.dest}` : ''}: ` : '';
  return `${where}${ERRNO_TEXT[err.code] ?? err.code} (${err.syscall}, ${err.code})`;
}

/** Writes `text` to `out` (relative to the working directory, folders created) or, without it, to stdout. */
export function writeOrPrint(io: Io, out: string | undefined, text: string): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  const target = path.resolve(io.cwd, out);
  ensureDir(path.dirname(target));
  writeFileAtomic(target, text);
}

/**
 * Creates `dir` and its missing parents one level at a time, so any failure is the operating system's error for
 * that level. (Node's recursive mkdirSync can loop forever below pseudo file systems such as /proc/sys.)
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (fs.existsSync(at) && !fs.statSync(at).isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR', syscall: 'mkdir', path: at });
  for (const d of missing) fs.mkdirSync(d);
}

/**
 * Replaces `target` with `text` all at once: the text goes to a temporary file beside it (same folder, so the
 * rename cannot cross file systems), is flushed to disk, then renamed over the target. A full disk or a crash
 * leaves the previous file whole, never a truncated one. The target's permissions are kept. A file without any
 * write permission is refused (a rename would otherwise replace it, since renaming needs only the folder's).
 */
export function writeFileAtomic(target: string, text: string): void {
  let mode: number | undefined;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  if (mode !== undefined && (mode & 0o222) === 0) throw Object.assign(new Error(`${target} is read-only`), { code: 'EACCES', syscall: 'open', path: target });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.convoguard-${process.pid}-${Date.now()}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', mode ?? 0o644);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  };
}
