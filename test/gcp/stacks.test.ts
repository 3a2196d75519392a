/**
 * The Google Cloud stacks as addGcpStacks builds them: Terraform state (a backend from the policy or --backend, one
 * state per stack; without one, a portable local path and a warning) and project-level grants (once per project).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DialogflowCxAgent } from '@cdktf/provider-google/lib/dialogflow-cx-agent';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { addGcpStacks, ConvoGuardChecksAspect, GcpAgentProtection } from '../../lib/gcp';
import { parseBackend } from '../../lib/policy/backend';
import { agentPlan, loadPolicy, parsePolicy, plan } from '../../lib/policy';
import { ROOT, runCli, tmpDir } from '../helpers';

const POLICY = (extra = '') => `version: 1
name: acme
detection: { kinds: [email] }
${extra}agents:
  - { name: a, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1 }
  - { name: b, platform: dialogflow-cx, project: acme-cx-prod, location: europe-west2 }
`;
const backends = (policyText: string) => {
  const stacks = addGcpStacks(Testing.app() as App, plan(parsePolicy(policyText).policy));
  return Object.fromEntries(
    Object.entries(stacks).map(([name, s]) => [name, JSON.parse(Testing.synth(s, false)).terraform.backend]),
  );
};

test('a stack with decrypters synthesizes where Terraform is not installed (a review job only synthesizes)', () => {
  const policy = POLICY("access: { decrypters: { gcp: ['group:privacy-officers@example.com'] } }\n");
  const app = Testing.app() as App;
  addGcpStacks(app, plan(parsePolicy(policy).policy));
  // cdktf adds a `terraform version` check to a stack with a moved or import block; nothing convoguard writes has one.
  const saved = process.env.PATH;
  process.env.PATH = tmpDir('no-terraform');
  try {
    expect(() => app.synth()).not.toThrow();
  } finally {
    process.env.PATH = saved;
  }
  const stack = JSON.parse(
    fs.readFileSync(path.join(app.outdir, 'stacks/acme-gcp-acme-cx-prod-us-central1/cdk.tf.json'), 'utf8'),
  );
  expect(Object.values(stack.resource.google_kms_crypto_key_iam_member)).toContainEqual(
    expect.objectContaining({
      member: 'group:privacy-officers@example.com',
      role: 'roles/cloudkms.cryptoKeyDecrypter',
    }),
  );
  expect(stack).not.toHaveProperty('moved');
});

test("a stack cdktf's validation refuses is a located input error (exit 2), never an internal error with a trace", async () => {
  const dir = tmpDir('convoguard-refused-');
  fs.writeFileSync(path.join(dir, 'policy.yaml'), POLICY());
  // What a cdktf validation says (a construct's addValidation; the Terraform version check of a moved block).
  const real = App.prototype.synth;
  const spy = jest.spyOn(App.prototype, 'synth').mockImplementation(function (this: App) {
    for (const stack of this.node.children) stack.node.addValidation({ validate: () => ['terraform: not found'] });
    return real.call(this);
  });
  try {
    const r = await runCli(['synth', 'policy.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "cdktf's validation refused the Google Cloud stacks:\n  [acme-gcp-acme-cx-prod-us-central1] terraform: not found",
    );
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  } finally {
    spy.mockRestore();
  }
});

test('gcs:// from the policy: one state per stack below the prefix', () => {
  expect(backends(POLICY('terraform: { backend: gcs://acme-tf-state/convoguard }\n'))).toEqual({
    'acme-gcp-acme-cx-prod-us-central1': {
      gcs: { bucket: 'acme-tf-state', prefix: 'convoguard/acme-gcp-acme-cx-prod-us-central1' },
    },
    'acme-gcp-acme-cx-prod-europe-west2': {
      gcs: { bucket: 'acme-tf-state', prefix: 'convoguard/acme-gcp-acme-cx-prod-europe-west2' },
    },
  });
});

test('s3:// with its region, encrypted', () => {
  expect(
    backends(POLICY('terraform: { backend: "s3://acme-state/tf/cx?region=eu-west-2" }\n'))[
      'acme-gcp-acme-cx-prod-us-central1'
    ],
  ).toEqual({
    s3: {
      bucket: 'acme-state',
      key: 'tf/cx/acme-gcp-acme-cx-prod-us-central1.tfstate',
      region: 'eu-west-2',
      encrypt: true,
    },
  });
});

test('without a backend: a relative local path (never the synthesizing machine’s directory)', () => {
  expect(backends(POLICY())['acme-gcp-acme-cx-prod-us-central1']).toEqual({
    local: { path: '../../../terraform.acme-gcp-acme-cx-prod-us-central1.tfstate' },
  });
});

test.each([
  ['gcs://', 'expected gcs://BUCKET/PREFIX or s3://BUCKET/PREFIX?region=REGION'],
  ['s3://acme-state/tf', 'an s3:// backend needs ?region=REGION'],
  ['gcs://Acme/x', '"Acme" is not a Cloud Storage bucket name'],
  ['http://x/y', 'expected gcs://BUCKET/PREFIX'],
  ['gcs://acme-state/a b', 'the prefix "a b" may hold letters'],
])('%s is refused: %s', (url, message) => {
  const b = parseBackend(url);
  expect('error' in b && b.error).toContain(message);
});

test('a bad backend in the policy is located; --backend overrides the policy; local state warns', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'bad.yaml'), POLICY('terraform: { backend: "s3://acme-state/tf" }\n'));
  const bad = await runCli(['validate', 'bad.yaml'], dir);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain(
    'bad.yaml:4:23 terraform.backend: received "s3://acme-state/tf"; an s3:// backend needs ?region=REGION',
  );
  fs.writeFileSync(path.join(dir, 'p.yaml'), POLICY('terraform: { backend: gcs://from-policy/x }\n'));
  const r = await runCli(['synth', 'p.yaml', '--backend', 'gcs://from-flag/y'], dir);
  expect(r.code).toBe(0);
  const tf = JSON.parse(
    fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'acme-gcp-acme-cx-prod-us-central1', 'cdk.tf.json'), 'utf8'),
  );
  expect(tf.terraform.backend).toEqual({ gcs: { bucket: 'from-flag', prefix: 'y/acme-gcp-acme-cx-prod-us-central1' } });
  expect(r.err).not.toContain('no terraform.backend');
  fs.writeFileSync(path.join(dir, 'local.yaml'), POLICY());
  expect((await runCli(['synth', 'local.yaml', '--out', 'l'], dir)).err).toContain(
    'warning: no terraform.backend: the Google Cloud stacks keep Terraform state in local files',
  );
  expect((await runCli(['synth', 'p.yaml', '--backend', 'gcs://'], dir)).code).toBe(2);
});

// ---- Project-level grants exist once per project: two agents never own the same IAM member, across stacks too.
/** Project-level grants exist once per project: two agents never own the same IAM member, across stacks too. */

const synthAgents = (agents: string) => {
  const app = Testing.app() as App;
  const stacks = addGcpStacks(
    app,
    plan(parsePolicy(`version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n${agents}`).policy),
  );
  const tf = Object.fromEntries(Object.entries(stacks).map(([n, s]) => [n, JSON.parse(Testing.synth(s, false))]));
  return { stacks, tf };
};
const create = 'create: { displayName: A, language: en, timeZone: UTC }';
const grants = (tf: any) =>
  Object.values(tf.resource.google_project_iam_member ?? {})
    .map((g: any) => g.role)
    .sort();

test('two agents in one project and location: one pair of template reader grants, both agents wait for it', () => {
  const { tf } = synthAgents(
    `  - { name: a, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n  - { name: b, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n`,
  );
  const t = tf['acme-gcp-acme-cx-prod-us-central1'];
  expect(grants(t)).toEqual(['roles/dlp.deidentifyTemplatesReader', 'roles/dlp.inspectTemplatesReader']);
  const names = Object.keys(t.resource.google_project_iam_member).map((n) => `google_project_iam_member.${n}`);
  for (const agent of Object.values(t.resource.google_dialogflow_cx_agent) as any[])
    expect(agent.depends_on).toEqual(expect.arrayContaining(names));
});

test("another location of the same project: no second pair; that stack deploys after the owner's", () => {
  const { stacks, tf } = synthAgents(
    `  - { name: a, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n  - { name: b, platform: dialogflow-cx, project: acme-cx-prod, location: europe-west2, ${create} }\n`,
  );
  expect(grants(tf['acme-gcp-acme-cx-prod-us-central1'])).toHaveLength(2);
  expect(grants(tf['acme-gcp-acme-cx-prod-europe-west2'])).toEqual([]);
  expect(stacks['acme-gcp-acme-cx-prod-europe-west2'].dependencies).toEqual([
    stacks['acme-gcp-acme-cx-prod-us-central1'],
  ]);
});

test('another project gets its own pair', () => {
  const { tf } = synthAgents(
    `  - { name: a, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n  - { name: b, platform: dialogflow-cx, project: acme-cx-test, location: us-central1, ${create} }\n`,
  );
  expect(grants(tf['acme-gcp-acme-cx-prod-us-central1'])).toHaveLength(2);
  expect(grants(tf['acme-gcp-acme-cx-test-us-central1'])).toHaveLength(2);
});

test('your own agent in your own stack: GcpAgentProtection sets its logging settings and ConvoGuardChecksAspect passes an unmodified synth', () => {
  const support = agentPlan(
    plan(loadPolicy(path.join(ROOT, 'examples', 'platform-repo', 'convoguard.yaml')).policy),
    'support',
    'dialogflow-cx',
  );
  const app = new App({ outdir: tmpDir('convoguard-own-agent-') });
  const stack = new TerraformStack(app, 'support');
  new GoogleProvider(stack, 'google', { project: support.project, region: support.location });
  const agent = new DialogflowCxAgent(stack, 'Agent', {
    location: support.location,
    displayName: 'Support',
    defaultLanguageCode: 'en',
    timeZone: 'Europe/London',
  });
  new GcpAgentProtection(stack, 'support', { plan: support, agent });
  Aspects.of(stack).add(new ConvoGuardChecksAspect());
  expect(() => app.synth()).not.toThrow();
  const doc = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'support', 'cdk.tf.json'), 'utf8'));
  expect(doc.resource.google_dialogflow_cx_agent.Agent.advanced_settings.logging_settings).toEqual({
    enable_stackdriver_logging: true,
    enable_interaction_logging: true,
    enable_consent_based_redaction: false,
  });
  const annotations = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')).stacks.support
    .annotations as Array<{ level: string }>;
  expect(annotations.filter((a) => a.level !== '@cdktf/info')).toEqual([]);
});
