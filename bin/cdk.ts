// The AWS CDK app (cdk.json): `npx cdk synth`. Reads the policy from `-c policy=…`, CONVOGUARD_POLICY, or
// examples/convoguard.yaml; an invalid policy prints every problem and exits 2 before anything is written.
import { App } from 'aws-cdk-lib';
import { addAwsStacks, awsPlacement, CLOUDFORMATION_VALIDATION, synthAwsChecked } from '../lib/aws/stack';
import { exitOnPolicyError, policyFileFromEnv, policyFromEnv } from '../lib/cli/app-support';
import { resolvePlacement } from '../lib/cli/placement-file';
import { plan } from '../lib/policy/plan';

exitOnPolicyError(() => {
  // What CloudFormation's schema refuses fails the synth, as in `convoguard synth` (cdk.json's context can still add to it).
  const app = new App({ context: { ...CLOUDFORMATION_VALIDATION } });
  const explicit = app.node.tryGetContext('policy') as string | undefined;
  const p = plan(policyFromEnv(process.env, process.cwd(), explicit));
  // Agents keep their stack across runs: the placement file beside the policy says which (written here, refused in CI).
  const { placement, wrote } = resolvePlacement(
    p,
    policyFileFromEnv(process.env, process.cwd(), explicit),
    process.env,
    awsPlacement,
  );
  if (wrote) process.stderr.write(`convoguard: ${wrote} now places each lex agent in its stack: commit it\n`);
  addAwsStacks(app, p, placement);
  synthAwsChecked(app);
});
