/**
 * Removes the run's temporary root (made by test/global-setup.ts), with every folder the tests made under it: a
 * run left about 200 of them in the system's temporary folder, and a working day of runs gigabytes. With
 * CONVOGUARD_KEEP_TMP=1 it is kept, and its path printed, to look at what a failing test wrote.
 */
import * as fs from 'fs';

export default async function globalTeardown(): Promise<void> {
  const root = process.env.CONVOGUARD_TEST_TMP;
  if (!root) return;
  if (process.env.CONVOGUARD_KEEP_TMP === '1') {
    process.stdout.write(`\nthe tests' temporary folders are kept in ${root}\n`);
    return;
  }
  fs.rmSync(root, { recursive: true, force: true });
}
