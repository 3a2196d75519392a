/**
 * One synthesis of the example policy for the whole suite, made before the test files run: the files that only
 * read it (or copy it to edit a head) share it instead of each synthesizing the example again. Its folder is
 * passed to the workers in CONVOGUARD_TEST_EXAMPLE_SYNTH.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../lib/cli/main';

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-example-'));
  fs.copyFileSync(path.join(__dirname, '..', 'examples', 'convoguard.yaml'), path.join(dir, 'policy.yaml'));
  let err = '';
  const code = await main(['synth', 'policy.yaml'], { out: () => undefined, err: (t) => (err += t), cwd: dir, env: {} });
  if (code !== 0) throw new Error(`the example policy does not synthesize (exit ${code}):\n${err}`);
  process.env.CONVOGUARD_TEST_EXAMPLE_SYNTH = dir;
}
