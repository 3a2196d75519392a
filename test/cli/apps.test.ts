import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles, ROOT, tmpDir } from '../helpers';

// The cdk.json and cdktf.json apps, as `cdk synth` / `cdktf synth` run them, on a bad policy: every problem,
// exit 2, no stack trace, nothing written.
const BAD = 'version: 1\nname: acme\ndetection: { kinds: [emial] }\nagents:\n  - { name: a, platform: lex }\n';

test.each([
  ['bin/cdk.ts', 'cdk.out'],
  ['bin/cdktf.ts', 'cdktf.out'],
])('%s refuses a bad policy with exit 2 and writes nothing', (app, outdir) => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'bad.yaml'), BAD);
  const r = spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts', 'register.js'), path.join(ROOT, app)], {
    cwd: dir,
    env: { ...process.env, CONVOGUARD_POLICY: 'bad.yaml' },
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('bad.yaml:3:22 detection.kinds[0]: received "emial"');
  expect(r.stderr).toContain('bad.yaml:5:5 agents[0].region: missing required field; expected string (AWS region)');
  expect(r.stderr).toContain('2 problems; nothing was synthesized');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(listFiles(dir)).toEqual(['bad.yaml']);
  expect(fs.existsSync(path.join(dir, outdir))).toBe(false);
});
