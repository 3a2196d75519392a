/**
 * `convoguard synth` replaces its output folders as one synthesis: all targets are written in a staging folder,
 * the folders move in only when every target succeeded, a folder the policy no longer produces is removed, and a
 * failure at any step leaves the previous synthesis whole. Failures are one line and exit 2.
 */
import * as fs from 'fs';
import * as path from 'path';
import { listFiles, runCli, tmpDir } from '../helpers';

// Failures are injected at the file-system calls synth makes (the real calls run otherwise): a hook throws the
// error the operating system would (ENOSPC, EACCES) at the chosen step.
const mockHooks: {
  rename?: (from: string) => void;
  write?: (file: string) => void;
  mkdtemp?: (prefix: string) => void;
} = {};
jest.mock('fs', () => {
  const real = jest.requireActual('fs');
  return {
    ...real,
    renameSync: (from: string, to: string) => (mockHooks.rename?.(String(from)), real.renameSync(from, to)),
    writeFileSync: (file: string, ...rest: unknown[]) => (
      mockHooks.write?.(String(file)),
      real.writeFileSync(file, ...rest)
    ),
    mkdtempSync: (prefix: string, ...rest: unknown[]) => (
      mockHooks.mkdtemp?.(String(prefix)),
      real.mkdtempSync(prefix, ...rest)
    ),
  };
});
const osError = (code: string, syscall: string, file: string) =>
  Object.assign(new Error(`${code}: ${syscall} ${file}`), { code, syscall, path: file });

const POLICY = (withLex: boolean) => `version: 1
name: swap
detection: { kinds: [email, phone] }
agents:
${withLex ? '  - { name: bot, platform: lex, region: eu-west-2 }\n' : ''}  - { name: chat, platform: rasa, language: en, sensitiveSlots: [{ slot: email, kind: email }] }
  - { name: web, platform: meya }
`;

/** A folder where the lex+rasa+meya policy was synthesized; returns it and its files. */
async function synthesized(): Promise<{ dir: string; files: string[]; manifest: string }> {
  const dir = tmpDir('convoguard-swap-');
  fs.writeFileSync(path.join(dir, 'full.yaml'), POLICY(true));
  fs.writeFileSync(path.join(dir, 'nolex.yaml'), POLICY(false));
  const r = await runCli(['synth', 'full.yaml'], dir);
  if (r.code !== 0) throw new Error(r.err);
  return { dir, files: listFiles(dir), manifest: fs.readFileSync(path.join(dir, 'out', 'convoguard.json'), 'utf8') };
}

let full: Awaited<ReturnType<typeof synthesized>>;
beforeAll(async () => {
  full = await synthesized();
});
afterEach(() => {
  delete mockHooks.rename;
  delete mockHooks.write;
  delete mockHooks.mkdtemp;
});

const copyOf = (dir: string) => {
  const to = tmpDir('convoguard-swap-');
  fs.cpSync(dir, to, { recursive: true });
  return to;
};

test('the manifest records the policy hash, the folders and where each agent is', () => {
  const m = JSON.parse(full.manifest);
  expect(m).toMatchObject({
    version: 1,
    policy: { file: 'full.yaml', name: 'swap', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    folders: ['out', 'cdk.out'],
    agents: [
      { name: 'bot', platform: 'lex', folder: 'cdk.out' },
      { name: 'chat', platform: 'rasa', folder: 'out' },
      { name: 'web', platform: 'meya', folder: 'out' },
    ],
  });
  expect(fs.readFileSync(path.join(full.dir, 'cdk.out', '.convoguard-synth'), 'utf8').trim()).toBe(m.synthId);
});

test('a policy that no longer has a lex agent removes cdk.out (and out/ is replaced whole), and diff calls the removed protection a weakening', async () => {
  const head = copyOf(full.dir);
  fs.writeFileSync(path.join(head, 'out', 'stale.txt'), 'from an older synth');
  const r = await runCli(['synth', 'nolex.yaml'], head);
  expect(r.code).toBe(0);
  expect(fs.existsSync(path.join(head, 'cdk.out'))).toBe(false);
  expect(fs.existsSync(path.join(head, 'out', 'stale.txt'))).toBe(false);
  expect(JSON.parse(fs.readFileSync(path.join(head, 'out', 'convoguard.json'), 'utf8')).folders).toEqual(['out']);
  const d = await runCli(['diff', '--base', full.dir, '--head', head, '--fail-on-weaken']);
  expect(d.code).toBe(1);
  expect(d.out).toContain('protection for agent "bot" was removed');
});

test('a failure while the folders are swapped puts the previous synthesis back, whole', async () => {
  const dir = copyOf(full.dir);
  let moves = 0;
  // The old folders move aside and the first new one moves in; the second fails.
  mockHooks.rename = (from) => {
    if (from.includes(`${path.sep}new${path.sep}`) && ++moves === 2) throw osError('ENOSPC', 'rename', from);
  };
  const r = await runCli(['synth', 'full.yaml'], dir);
  delete mockHooks.rename;
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^convoguard synth: .*: no space left on the device \(rename, ENOSPC\)\n$/m);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(moves).toBe(2);
  expect(listFiles(dir)).toEqual(full.files);
  expect(fs.readFileSync(path.join(dir, 'out', 'convoguard.json'), 'utf8')).toBe(full.manifest);
  expect((await runCli(['diff', '--base', full.dir, '--head', dir, '--fail-on-weaken'])).code).toBe(0);
});

test('a target that cannot write (disk full) leaves the previous synthesis untouched and no staging folder', async () => {
  const dir = copyOf(full.dir);
  mockHooks.write = (file) => {
    if (file.endsWith('endpoints.yml')) throw osError('ENOSPC', 'write', file);
  };
  const r = await runCli(['synth', 'nolex.yaml'], dir);
  delete mockHooks.write;
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n').pop()).toMatch(
    /^convoguard synth: .*endpoints\.yml: no space left on the device \(write, ENOSPC\)$/,
  );
  expect(listFiles(dir)).toEqual(full.files);
  expect(fs.readdirSync(dir).filter((f) => f.startsWith('.convoguard-synth-'))).toEqual([]);
});

test('an output folder that cannot be created is one line and exit 2', async () => {
  const dir = tmpDir('convoguard-swap-');
  fs.writeFileSync(path.join(dir, 'p.yaml'), POLICY(false));
  mockHooks.mkdtemp = (prefix) => {
    if (prefix.includes('.convoguard-synth-')) throw osError('EACCES', 'mkdtemp', prefix);
  };
  const r = await runCli(['synth', 'p.yaml', '--out', 'build'], dir);
  expect(r).toMatchObject({ code: 2 });
  expect(r.err.trim().split('\n').pop()).toMatch(
    /^convoguard synth: .*build.*\.convoguard-synth-.*: permission denied \(mkdtemp, EACCES\)$/,
  );
});

test('an output folder under a pseudo file system is refused at once (Node’s recursive mkdir would loop)', async () => {
  if (!fs.existsSync('/proc/sys')) return;
  const dir = tmpDir('convoguard-swap-');
  fs.writeFileSync(path.join(dir, 'p.yaml'), POLICY(false));
  const r = await runCli(['synth', 'p.yaml', '--out', '/proc/sys/convoguard-test'], dir);
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n').pop()).toBe(
    'convoguard synth: /proc/sys/convoguard-test: no such file or folder (mkdir, ENOENT)',
  );
});
