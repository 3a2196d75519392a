// The AWS CDK app (cdk.json): `npx cdk synth`. Reads the policy from `-c policy=…`, CONVOGUARD_POLICY, or
// examples/convoguard.yaml; an invalid policy prints every problem and exits 2 before anything is written.
import { App } from 'aws-cdk-lib';
import { addAwsStacks } from '../lib/aws/stack';
import { exitOnPolicyError, policyFromEnv } from '../lib/cli/app-support';
import { plan } from '../lib/policy/plan';

exitOnPolicyError(() => {
  const app = new App();
  const explicit = app.node.tryGetContext('policy') as string | undefined;
  addAwsStacks(app, plan(policyFromEnv(process.env, process.cwd(), explicit)));
  app.synth();
});
