// The CDK for Terraform app (cdktf.json): `npx cdktf synth`. Reads the policy from CONVOGUARD_POLICY
// (default examples/convoguard.yaml); an invalid policy prints every problem and exits 2 before anything is written.
import { exitOnPolicyError, policyFromEnv } from '../lib/cli/app-support';
import { synthGcpApp } from '../lib/gcp/stack';
import { plan } from '../lib/policy/plan';

exitOnPolicyError(() => {
  synthGcpApp(plan(policyFromEnv(process.env, process.cwd())));
});
