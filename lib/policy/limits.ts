import * as fs from 'fs';

/**
 * How large a policy may be. A policy is input a tired engineer or an attacker controls: every check that runs on
 * it must finish in time proportional to its size, and the size is bounded here, once, before any check runs. The
 * bounds are far above any real policy (hundreds of agents fit) and far below what makes a check slow.
 */
export const INPUT_LIMITS = {
  /** Bytes of a policy file. */
  policyBytes: 2 * 1024 * 1024,
  /** Characters of any one string (a name, a pattern, an example, a marker, a description). */
  stringLength: 2000,
  /** Items of any one list (agents, kinds, custom detectors, examples, utterances). */
  listItems: 1000,
  /** Keys of any one mapping (rule sets are the only open-ended one). */
  mappingKeys: 200,
  /** Nesting depth of mappings and lists. */
  depth: 16,
  /** Alias expansions (a "billion laughs" document is refused, not expanded). */
  aliasCount: 50,
  /** Bytes of a transcript `convoguard preview --file` reads. */
  transcriptBytes: 10 * 1024 * 1024,
  /** Bytes of an endpoints.yml `convoguard rasa --merge` reads. */
  endpointsBytes: 1024 * 1024,
  /**
   * Work validate may spend running the custom patterns over their examples, in RE2 steps (a pattern's compiled
   * program size × the characters it scans, summed over the policy). RE2 is linear, but `(.*){1000}x` compiles to
   * 4,000 instructions, and against a thousand 1,000-character examples that was 40 s of validate. At this bound
   * the worst accepted policy spends well under a second here (npm run bench measures it).
   */
  patternSteps: 30_000_000,
} as const;

/** `n` bytes as people read them: 2 MiB, 512 KiB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A long value quoted in a message: its start, then how much was left out. */
export function truncateForMessage(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

/**
 * The UTF-8 text of `file`, read through at most `max` bytes: a device (/dev/zero) or a huge file is refused
 * with an error whose code is E2BIG, never read to the end.
 */
export function readBounded(file: string, max: number): string {
  return readBoundedBytes(file, max).toString('utf8');
}

/** The bytes of `file`, read through at most `max` bytes, as `readBounded` reads them. */
export function readBoundedBytes(file: string, max: number): Buffer {
  // Opening a FIFO blocks until a writer appears: pipes and sockets are refused before they are opened.
  const kind = fs.statSync(file);
  if (kind.isFIFO() || kind.isSocket())
    throw Object.assign(new Error(`${file} is a pipe or a socket`), { code: 'EFIFO', syscall: 'open', path: file });
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw Object.assign(new Error(`${file} is larger than ${max} bytes`), { code: 'E2BIG' });
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks);
  } finally {
    fs.closeSync(fd);
  }
}
