/**
 * One synthesis of the example policy for the whole suite, made before the test files run: the files that only
 * read it (or copy it to edit a head) share it instead of each synthesizing the example again. Its folder is
 * passed to the workers in CONVOGUARD_TEST_EXAMPLE_SYNTH.
 *
 * That synthesis runs aws-cdk-lib's built-in CloudFormation validation under convoguard synth's strict context, so
 * the suite fails if the example's template has anything CloudFormation's schema refuses. The workers then skip it
 * (CDK_VALIDATION=false): it is the largest single cost in a profile of a synth, and what the other files synthesize is checked by
 * cfn-lint (test/aws/bedrock-guardrail.test.ts) and cdk-nag; test/aws/production-shaped.test.ts turns it back on
 * to test the failure path.
 *
 * It also gives the run one temporary root (TMPDIR), removed by test/global-teardown.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../lib/cli/main';

export default async function globalSetup(): Promise<void> {
  // Every temporary folder of the run (the tests', and those the libraries and tools they run make) goes under one
  // root, which test/global-teardown.ts removes: TMPDIR is what os.tmpdir() reads, in this process and the workers.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-test-'));
  process.env.CONVOGUARD_TEST_TMP = root;
  process.env.TMPDIR = root;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-example-'));
  fs.copyFileSync(path.join(__dirname, '..', 'examples', 'convoguard.yaml'), path.join(dir, 'policy.yaml'));
  delete process.env.CDK_VALIDATION; // whatever the shell says: this one synthesis is validated
  let err = '';
  const code = await main(['synth', 'policy.yaml'], {
    out: () => undefined,
    err: (t) => (err += t),
    cwd: dir,
    env: {},
  });
  if (code !== 0) {
    // Jest runs no teardown after a failed setup: the root goes here.
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(`the example policy does not synthesize (exit ${code}):\n${err}`);
  }
  process.env.CONVOGUARD_TEST_EXAMPLE_SYNTH = dir;
  process.env.CDK_VALIDATION = 'false';
}
