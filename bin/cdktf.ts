// The CDK for Terraform app (cdktf.json): `npx cdktf synth`. Reads the policy from CONVOGUARD_POLICY
// (default examples/convoguard.yaml) and the Terraform backend from CONVOGUARD_TF_BACKEND or the policy's
// terraform.backend; an invalid policy prints every problem and exits 2 before anything is written.
import { exitOnPolicyError, policyFromEnv } from '../lib/cli/app-support';
import { synthGcpApp } from '../lib/gcp/stack';
import { LOCAL_STATE_WARNING, parseBackend } from '../lib/policy/backend';
import { plan } from '../lib/policy/plan';

exitOnPolicyError(() => {
  let p = plan(policyFromEnv(process.env, process.cwd()));
  const url = process.env.CONVOGUARD_TF_BACKEND;
  if (url) {
    const b = parseBackend(url);
    if ('error' in b) {
      process.stderr.write(`CONVOGUARD_TF_BACKEND ${b.error}\nnothing was synthesized\n`);
      process.exit(2);
    }
    p = { ...p, terraformBackend: b };
  }
  if (p.terraformBackend.kind === 'local') process.stderr.write(`warning: ${LOCAL_STATE_WARNING}\n`);
  synthGcpApp(p);
});
