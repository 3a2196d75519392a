/**
 * Where a command writes is a path from a script or a pull request: `-` is standard output; a device, a pipe or a
 * folder is refused (a rename over it would replace it: as root, /dev/null itself); the placement file is never
 * read or written through a link a branch planted; a name near the file-system limit still fits.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../../lib/cli/io';
import { readPlacement } from '../../lib/cli/placement-file';
import { EXAMPLE, ROOT, runCli, tmpDir } from '../helpers';

const meya = (out: string, cwd: string) => runCli(['meya', EXAMPLE, '--agent', 'web-chat', '--out', out], cwd);

test('--out - writes to standard output', async () => {
  const r = await meya('-', tmpDir());
  expect(r.code).toBe(0);
  expect(r.out).toContain('sensitive');
});

test('a device, a pipe or a folder is refused in one line naming it, and left as it was', async () => {
  const dir = tmpDir();
  const nul = await meya('/dev/null', dir);
  expect(nul.code).toBe(2);
  expect(nul.err.trim().split('\n').pop()).toBe(
    'convoguard meya: /dev/null is a device, not a regular file: convoguard writes files whole, by renaming over them, which would replace it. To write to standard output, use --out -',
  );
  expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  const fifo = await meya('fifo', dir);
  expect(fifo.code).toBe(2);
  expect(fifo.err).toContain(`${path.join(dir, 'fifo')} is a pipe (FIFO), not a regular file`);
  expect(fs.statSync(path.join(dir, 'fifo')).isFIFO()).toBe(true);
  fs.mkdirSync(path.join(dir, 'folder'));
  expect((await meya('folder', dir)).err).toContain(`${path.join(dir, 'folder')} is a folder, not a regular file`);
  // Through a link, the check is on what it points to.
  fs.symlinkSync('/dev/full', path.join(dir, 'full'));
  expect((await meya('full', dir)).err).toContain('/dev/full is a device');
  expect(fs.readdirSync(dir).sort()).toEqual(['fifo', 'folder', 'full']);
});

test('a name near the file-system limit is written (the temporary name is short)', () => {
  const dir = tmpDir();
  const name = `${'n'.repeat(250)}.yaml`;
  writeFileAtomic(path.join(dir, name), 'x: 1\n');
  expect(fs.readdirSync(dir)).toEqual([name]);
});

test('the placement file is neither read nor written through a symbolic link', () => {
  const dir = tmpDir();
  const victim = path.join(dir, 'victim');
  fs.writeFileSync(victim, 'keep me\n');
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), 'version: 1\n');
  fs.symlinkSync(victim, path.join(dir, 'fleet.placement.json'));
  expect(() => readPlacement(path.join(dir, 'fleet.yaml'))).toThrow(
    `${path.join(dir, 'fleet.placement.json')}: a symbolic link; the placement file must be a regular file`,
  );
  expect(() => writeFileAtomic(path.join(dir, 'fleet.placement.json'), '{}', { links: 'refuse' })).toThrow(
    'is a symbolic link',
  );
  expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
});

test('preview piped into head ends quietly when head stops reading', () => {
  const r = spawnSync(
    'bash',
    [
      '-c',
      `node -r ./scripts/register.js bin/convoguard.ts preview ${EXAMPLE} --text "$(printf 'mail me at a@b.example %.0s' {1..4000})" | head -c 10`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
