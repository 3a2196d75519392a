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
  ENOTREG: 'not a regular file, which convoguard would replace',
  ELINK: 'a symbolic link, which convoguard does not write through here',
};

/** An operating-system error (it has an errno `code` and a `syscall`) as one line, or undefined for any other error. */
export function describeSystemError(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (!err || typeof err.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  // convoguard's own refusals say what they refused and why, path first.
  if (err.code === 'ENOTREG' || err.code === 'ELINK') return err.message;
  const where = err.path ? `${err.path}${err.dest ? ` -> ${err.dest}` : ''}: ` : '';
  return `${where}${ERRNO_TEXT[err.code] ?? err.code} (${err.syscall}, ${err.code})`;
}

/**
 * Writes `text` to `out` (relative to the working directory, folders created) or, without it or with `-`, to
 * stdout.
 */
export function writeOrPrint(io: Io, out: string | undefined, text: string): void {
  if (out === undefined || out === '-') {
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
  if (fs.existsSync(at) && !fs.statSync(at).isDirectory())
    throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR', syscall: 'mkdir', path: at });
  for (const d of missing) fs.mkdirSync(d);
}

const KIND_OF = (st: fs.Stats): string | undefined =>
  st.isFile()
    ? undefined
    : st.isDirectory()
      ? 'a folder'
      : st.isFIFO()
        ? 'a pipe (FIFO)'
        : st.isSocket()
          ? 'a socket'
          : st.isCharacterDevice() || st.isBlockDevice()
            ? 'a device'
            : 'not a regular file';

let tempCounter = 0;

/**
 * Replaces `target` with `text` all at once: the text goes to a temporary file beside it (same folder, so the
 * rename cannot cross file systems), is flushed to disk, then renamed over the target. A full disk or a crash
 * leaves the previous file whole, never a truncated one. The target's permissions are kept. Refused, naming the
 * path: a file without any write permission (a rename needs only the folder's), and anything that is not a regular
 * file — a device, a pipe, a socket, a folder — which a rename would replace (as root, `/dev/null` itself). A
 * symbolic link is followed to the regular file it points to, which is replaced and the link kept (a merge into a
 * linked endpoints.yml updates the file Rasa reads); with `links: 'refuse'` (the placement file, which a checked-out
 * branch could plant as a link to any file of yours) a link is refused. The temporary name is short, so a target
 * near the file-system's name limit still fits, and every error names the path.
 */
export function writeFileAtomic(target: string, text: string, options: { links?: 'follow' | 'refuse' } = {}): void {
  let real = target;
  let st: fs.Stats | undefined;
  try {
    const l = fs.lstatSync(target);
    if (l.isSymbolicLink()) {
      if (options.links === 'refuse')
        throw Object.assign(
          new Error(`${target} is a symbolic link; convoguard writes this file only as a regular file`),
          { code: 'ELINK', syscall: 'open', path: target },
        );
      try {
        real = fs.realpathSync(target);
      } catch (e) {
        throw Object.assign(new Error(`${target} is a symbolic link to nothing (${fs.readlinkSync(target)})`), {
          code: (e as NodeJS.ErrnoException).code ?? 'ENOENT',
          syscall: 'realpath',
          path: target,
        });
      }
      st = fs.statSync(real);
    } else st = l;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || (e as NodeJS.ErrnoException).syscall === 'realpath') throw e;
    st = undefined;
  }
  if (st) {
    const kind = KIND_OF(st);
    if (kind)
      throw Object.assign(
        new Error(
          `${real} is ${kind}, not a regular file: convoguard writes files whole, by renaming over them, which would replace it${kind === 'a folder' ? '' : '. To write to standard output, use --out -'}`,
        ),
        {
          code: 'ENOTREG',
          syscall: 'open',
          path: real,
        },
      );
    if ((st.mode & 0o222) === 0)
      throw Object.assign(new Error(`${real} is read-only`), { code: 'EACCES', syscall: 'open', path: real });
  }
  const mode = st ? st.mode & 0o7777 : undefined;
  const temp = path.join(path.dirname(real), `.convoguard-${process.pid}-${++tempCounter}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', mode ?? 0o644);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, real);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    // A write or fsync error has no path of its own (ENOSPC): name the file it was for.
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err === 'object' && (!err.path || err.path === temp)) err.path = real;
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
