// The CDK for Terraform app (cdktf.json): `npx cdktf synth`. Reads the policy from CONVOGUARD_POLICY
// (default examples/convoguard.yaml); an invalid policy prints every problem and exits 2 before anything is written.
import { App } from 'cdktf';
import { addGcpStacks } from '../lib/gcp/stack';
import { exitOnPolicyError, policyFromEnv } from '../lib/cli/app-support';
import { plan } from '../lib/policy/plan';

exitOnPolicyError(() => {
  const policy = policyFromEnv(process.env, process.cwd());
  const app = new App();
  addGcpStacks(app, plan(policy));
  app.synth();
});
