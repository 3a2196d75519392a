/**
 * terraform.stacks: per-agent: a Terraform stack per Dialogflow CX agent, so one agent's change plans only its own
 * state, and a shared stack per project (deployed first) with the request-log routing under a key and names of its
 * own and the project grants. Adding, removing or reordering agents leaves every other agent's stack, and the shared
 * one, as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformResource } from 'cdktf';
import { addGcpStacks, synthGcpApp } from '../../lib/gcp';
import { agentPlan, parsePolicy, plan, planToJson } from '../../lib/policy';
import { expectedPosture } from '../../lib/policy/platforms';
import { readPosture } from '../../lib/report';
import { policyProblems, runCli, tmpDir } from '../helpers';
import { hasValidator, testIf, validateTf } from './helpers';

type Json = Record<string, any>;

const AGENT = {
  support:
    '  - { name: support, platform: dialogflow-cx, project: acme-cx, location: us-central1, enableApis: true, create: { displayName: Support, language: en, timeZone: Europe/London } }\n',
  billing:
    '  - { name: billing, platform: dialogflow-cx, project: acme-cx, location: us-central1, create: { displayName: Billing, language: en, timeZone: Europe/London } }\n',
  sales:
    '  - { name: sales, platform: dialogflow-cx, project: acme-cx, location: us-central1, create: { displayName: Sales, language: en, timeZone: Europe/London } }\n',
  eu: '  - { name: eu, platform: dialogflow-cx, project: acme-cx, location: europe-west2, cloudLogging: off, create: { displayName: EU, language: en, timeZone: Europe/London } }\n',
  other: '  - { name: other, platform: dialogflow-cx, project: acme-other, location: us-west1, cloudLogging: off }\n',
};
const POLICY = (agents: Array<keyof typeof AGENT>, extra = '') => `version: 1
name: fleet
detection: { kinds: [email, phone, credit_card], custom: [{ name: ORDER_NUMBER, pattern: 'ORD-[0-9]{8}' }] }
access: { decrypters: { gcp: ['group:privacy-officers@example.com'] } }
verify: { notify: { email: [privacy-alerts@example.com] } }
terraform: { stacks: per-agent }
${extra}agents:
${agents.map((a) => AGENT[a]).join('')}`;

const SHARED = 'fleet-gcp-acme-cx-shared';
const OTHER_SHARED = 'fleet-gcp-acme-other-shared';
const stackOf = (agent: string, location = 'us-central1', project = 'acme-cx') =>
  `fleet-gcp-${project}-${location}-${agent}`;

/** Synthesizes a policy; returns each stack's Terraform JSON (parsed and as written) and the manifest. */
function synth(policyText: string) {
  const dir = tmpDir('convoguard-per-agent-');
  const p = plan(parsePolicy(policyText).policy);
  synthGcpApp(p, path.join(dir, 'cdktf.out'));
  fs.mkdirSync(path.join(dir, 'out'));
  fs.writeFileSync(path.join(dir, 'out', 'plan.json'), JSON.stringify(planToJson(p)));
  const stacksDir = path.join(dir, 'cdktf.out', 'stacks');
  const text: Record<string, string> = {};
  for (const s of fs.readdirSync(stacksDir)) text[s] = fs.readFileSync(path.join(stacksDir, s, 'cdk.tf.json'), 'utf8');
  const docs = Object.fromEntries(Object.entries(text).map(([k, v]) => [k, JSON.parse(v) as Json]));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), 'utf8')) as Json;
  return { dir, p, text, docs, manifest };
}
const types = (doc: Json) => Object.keys(doc.resource ?? {}).sort();

describe('per-agent stacks of four agents in three project/locations', () => {
  const { dir, p, text, docs, manifest } = synth(POLICY(['support', 'sales', 'eu', 'other']));

  test('a shared stack per project, and a stack per agent that waits for it', () => {
    expect(Object.keys(docs).sort()).toEqual(
      [
        stackOf('eu', 'europe-west2'),
        SHARED,
        OTHER_SHARED,
        stackOf('other', 'us-west1', 'acme-other'),
        stackOf('sales'),
        stackOf('support'),
      ].sort(),
    );
    expect(manifest.stacks[stackOf('support')].dependencies).toEqual([SHARED]);
    expect(manifest.stacks[stackOf('eu', 'europe-west2')].dependencies).toEqual([SHARED]);
    expect(manifest.stacks[stackOf('other', 'us-west1', 'acme-other')].dependencies).toEqual([OTHER_SHARED]);
    // Nothing project-wide in acme-other (no routing, no agent convoguard creates): a stack with no resource, kept so
    // that adding one there never moves anything.
    expect(docs[OTHER_SHARED].resource).toBeUndefined();
  });

  test('the shared stack routes the request logs under its own names and key, enables what it uses, and makes the project grants', () => {
    const shared = docs[SHARED];
    const bucket = Object.values(shared.resource.google_logging_project_bucket_config)[0] as Json;
    expect(bucket).toMatchObject({
      bucket_id: 'fleet_shared-us-central1-logs',
      location: 'us-central1',
      retention_days: 1,
    });
    const key = Object.entries(shared.resource.google_kms_crypto_key)[0] as [string, Json];
    expect(key[1].name).toBe('fleet_shared-us-central1-logs');
    expect(bucket.cmek_settings.kms_key_name).toBe(`\${google_kms_crypto_key.${key[0]}.id}`);
    expect(Object.values(shared.resource.google_kms_key_ring).map((r: any) => r.name)).toEqual([
      'fleet_shared-us-central1-keyring',
    ]);
    expect(Object.values(shared.resource.google_project_service).map((r: any) => r.service)).toEqual([
      'cloudkms.googleapis.com',
      'dialogflow.googleapis.com',
      'dlp.googleapis.com',
      'logging.googleapis.com',
      'storage.googleapis.com',
    ]);
    expect(
      Object.values(shared.resource.google_project_iam_member)
        .map((r: any) => r.role)
        .sort(),
    ).toEqual(['roles/dlp.deidentifyTemplatesReader', 'roles/dlp.inspectTemplatesReader']);
    // Marked for the report: shared, not any agent's.
    for (const rs of Object.values(shared.resource) as Json[])
      for (const r of Object.values(rs) as Json[]) expect(r['//']).toMatchObject({ convoguard_shared: 'acme-cx' });
  });

  test("an agent's stack holds its own resources only: no routing or project grants, and no reference into another stack", () => {
    for (const agent of ['support', 'sales']) {
      const doc = docs[stackOf(agent)];
      expect(types(doc)).not.toEqual(expect.arrayContaining(['google_logging_project_sink']));
      for (const t of [
        'google_logging_project_sink',
        'google_logging_project_bucket_config',
        'google_logging_project_exclusion',
        'google_project_iam_member',
      ])
        expect(doc.resource[t]).toBeUndefined();
      expect(text[stackOf(agent)]).not.toContain('terraform_remote_state');
      expect(Object.values(doc.resource.google_dialogflow_cx_agent).map((a: any) => a.display_name)).toEqual([
        agent === 'support' ? 'Support' : 'Sales',
      ]);
      // Logging stays on for the routed agents: the shared routing keeps their request logs.
      expect(
        (Object.values(doc.resource.google_dialogflow_cx_agent)[0] as Json).advanced_settings.logging_settings
          .enable_stackdriver_logging,
      ).toBe(true);
    }
  });

  test('the plan names the shared bucket as where the routed agents’ logs land, and the report finds exactly that', () => {
    expect(agentPlan(p, 'sales', 'dialogflow-cx').logsRoutedTo).toBe('fleet_shared-us-central1-logs');
    expect(expectedPosture(agentPlan(p, 'support', 'dialogflow-cx')).stores.map((s) => s.name)).toContain(
      'Cloud Logging bucket fleet_shared-us-central1-logs (us-central1)',
    );
    const posture = readPosture({ tfOut: path.join(dir, 'cdktf.out'), out: path.join(dir, 'out') });
    expect(posture.findings.filter((f) => !f.planned)).toEqual([]);
    const logs = posture.agents.find((a) => a.agent === 'sales')!.stores.find((s) => s.kind === 'cloud-logging')!;
    expect(logs).toMatchObject({
      name: 'Cloud Logging bucket fleet_shared-us-central1-logs (us-central1)',
      encryption: { kind: 'customer' },
    });
    // Verified by the agent's own alert, in its own stack.
    expect(logs.verifiedBy).toEqual([expect.stringMatching(/^alert policy fleet-sales: /)]);
    // The shared key that encrypts the routed bucket is each routed agent's too: rotation, protection and decrypters checked.
    const sales = posture.agents.find((a) => a.agent === 'sales')!;
    expect(logs.encryption).toEqual({
      kind: 'customer',
      key: expect.stringMatching(/^google_kms_crypto_key\.LogKey_[0-9A-F]+ \(stack fleet-gcp-acme-cx-shared\)$/),
    });
    expect(sales.keys.find((k) => k.resource === (logs.encryption as { key: string }).key)).toMatchObject({
      name: 'fleet_shared-us-central1-logs',
      rotationDays: 90,
      deletionProtected: true,
      decrypters: ['group:privacy-officers@example.com'],
    });
    expect(posture.agents.find((a) => a.agent === 'eu')!.keys.map((k) => k.name)).not.toContain(
      'fleet_shared-us-central1-logs',
    );
    // An agent with logging off writes no request log: no Cloud Logging store, though its project routes them.
    expect(posture.agents.find((a) => a.agent === 'eu')!.stores.map((s) => s.kind)).not.toContain('cloud-logging');
  });

  testIf(hasValidator)('every stack passes the google 6.50.0 schema', () => {
    for (const s of Object.keys(docs))
      expect(validateTf(path.join(dir, 'cdktf.out', 'stacks', s, 'cdk.tf.json')).output).toMatch(
        /\b0 errors in 1 file/,
      );
  });
});

describe('stability: adding an agent in the middle and removing another', () => {
  const before = synth(POLICY(['support', 'sales', 'eu', 'other']));
  // billing is added between support and eu, sales is removed.
  const after = synth(POLICY(['support', 'billing', 'eu', 'other']));

  test("every other agent's stack, and the shared one, is written exactly as before", () => {
    for (const s of [stackOf('support'), stackOf('eu', 'europe-west2'), stackOf('other', 'us-west1', 'acme-other')])
      expect(after.text[s]).toBe(before.text[s]);
    expect(after.text[SHARED]).toBe(before.text[SHARED]);
    expect(Object.keys(after.docs)).not.toContain(stackOf('sales'));
    expect(Object.keys(after.docs)).toContain(stackOf('billing'));
  });

  test('the shared routing keeps its names and the policy retention, whichever agents route through it', () => {
    const bucket = (d: Json) => Object.values(d.resource.google_logging_project_bucket_config)[0] as Json;
    expect(after.p.gcpShared?.find((s) => s.project === 'acme-cx')?.routing).toMatchObject({
      location: 'us-central1',
      retentionDays: 1,
    });
    expect(bucket(after.docs[SHARED])).toEqual(bucket(before.docs[SHARED]));
  });
});

describe('the synth-time checks of an agent stack read the routing in its shared stack', () => {
  test('an override that keeps the shared log bucket longer fails the synth of the agents it serves', () => {
    const app = new App({ outdir: tmpDir('convoguard-per-agent-') });
    const stacks = addGcpStacks(app, plan(parsePolicy(POLICY(['support', 'sales'])).policy));
    const bucket = stacks[SHARED].node
      .findAll()
      .find(
        (c) => (c as Partial<TerraformResource>).terraformResourceType === 'google_logging_project_bucket_config',
      ) as TerraformResource;
    bucket.addOverride('retention_days', 30);
    expect(() => app.synth()).toThrow(
      /convoguard CG-STORE-RETENTION \(agent "support", google_logging_project_bucket_config\.LogRouting_Bucket_[0-9A-F]+ \(stack fleet-gcp-acme-cx-shared\)\): cloud-logging "Cloud Logging bucket fleet_shared-us-central1-logs \(us-central1\)" keeps data typically ≤ 31d/,
    );
  });
});

describe('the shared key is checked for the agents whose logs it encrypts', () => {
  test('an override that stops its rotation is a warning on each routed agent stack, not on the others', () => {
    const app = new App({ outdir: tmpDir('convoguard-per-agent-') });
    const stacks = addGcpStacks(app, plan(parsePolicy(POLICY(['support', 'eu'])).policy));
    const key = stacks[SHARED].node
      .findAll()
      .find(
        (c) => (c as Partial<TerraformResource>).terraformResourceType === 'google_kms_crypto_key',
      ) as TerraformResource;
    key.addOverride('rotation_period', undefined);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as Json;
    const warnings = (stack: string) =>
      (manifest.stacks[stack].annotations as Json[]).filter((a) => a.level === '@cdktf/warn').map((a) => a.message);
    expect(warnings(stackOf('support'))).toEqual([
      expect.stringMatching(
        /^convoguard CG-KEY-ROTATION \(agent "support", google_kms_crypto_key\.LogKey_[0-9A-F]+ \(stack fleet-gcp-acme-cx-shared\)\): key "fleet_shared-us-central1-logs" does not rotate$/,
      ),
    ]);
    expect(warnings(stackOf('eu', 'europe-west2'))).toEqual([]);
  });
});

describe('the agent stacks read the shared stack of the same synthesis', () => {
  test('an override made between two synths of one app is seen by the second', () => {
    const app = new App({ outdir: tmpDir('convoguard-per-agent-') });
    const stacks = addGcpStacks(app, plan(parsePolicy(POLICY(['support'])).policy));
    app.synth();
    const bucket = stacks[SHARED].node
      .findAll()
      .find(
        (c) => (c as Partial<TerraformResource>).terraformResourceType === 'google_logging_project_bucket_config',
      ) as TerraformResource;
    bucket.addOverride('retention_days', 30);
    expect(() => app.synth()).toThrow(/convoguard CG-STORE-RETENTION \(agent "support", /);
  });
});

describe('through the CLI, as a platform repo runs it', () => {
  test('convoguard synth writes every stack and convoguard report reads them as planned; a refused policy writes nothing', async () => {
    const dir = tmpDir('convoguard-per-agent-cli-');
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), POLICY(['support', 'sales', 'eu', 'other']));
    const synth = await runCli(['synth', 'fleet.yaml'], dir);
    expect(synth.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks')).sort()).toEqual(
      [
        stackOf('eu', 'europe-west2'),
        SHARED,
        OTHER_SHARED,
        stackOf('other', 'us-west1', 'acme-other'),
        stackOf('sales'),
        stackOf('support'),
      ].sort(),
    );
    const report = await runCli(['report', '--dir', dir, '--format', 'json'], dir);
    expect(report.code).toBe(0);
    const findings = (JSON.parse(report.out) as { findings: Array<{ planned: boolean; rule: string; agent: string }> })
      .findings;
    expect(findings.filter((f) => !f.planned)).toEqual([]);

    const bad = tmpDir('convoguard-per-agent-cli-');
    fs.writeFileSync(
      path.join(bad, 'fleet.yaml'),
      POLICY(['support', 'eu']).replace('location: europe-west2, cloudLogging: off,', 'location: europe-west2,'),
    );
    const refused = await runCli(['synth', 'fleet.yaml'], bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /^fleet\.yaml:9:5 agents\[1\]\.cloudLogging: project acme-cx routes Dialogflow request logs in us-central1 already/m,
    );
    expect(fs.readdirSync(bad)).toEqual(['fleet.yaml']);
  });
});

describe('what per-agent stacks refuse: a grant several agents would share', () => {
  test.each([
    [
      'your alert topic',
      'verify: { notify: { gcp: projects/acme-cx/topics/alerts } }\n',
      'verify.notify.gcp',
      'leave notify.gcp out (a topic per agent) or use terraform.stacks: per-location',
    ],
    ['scanned exports', '', 'agents[0].exports', 'use terraform.stacks: per-location to scan exports'],
  ])('%s', (_what, extra, where, fix) => {
    let text = POLICY(['support'], extra.replace(/^verify: .*\n/, '')).replace(
      'verify: { notify: { email: [privacy-alerts@example.com] } }',
      extra.startsWith('verify')
        ? extra.trim()
        : 'verify: { every: 7d, notify: { email: [privacy-alerts@example.com] } }',
    );
    if (where.startsWith('agents'))
      text = text.replace('enableApis: true,', "enableApis: true, exports: ['gs://acme-exports/cx'],");
    const problems = policyProblems(text);
    expect(problems).toEqual([
      expect.stringContaining(
        `${where}: with terraform.stacks: per-agent, each agent is its own Terraform state, and a grant agents share would be removed with the first agent removed`,
      ),
    ]);
    expect(problems[0]).toContain(fix);
  });

  test('routed agents of one project in a second location: the project has one routing, whose filter covers all its request logs', () => {
    const text = POLICY(['support', 'eu']).replace(
      'location: europe-west2, cloudLogging: off,',
      'location: europe-west2,',
    );
    expect(policyProblems(text)).toEqual([
      expect.stringContaining(
        'agents[1].cloudLogging: project acme-cx routes Dialogflow request logs in us-central1 already; with terraform.stacks: per-agent the project has one routing',
      ),
    ]);
    // Per location, each routing gets a copy of every request log of the project: a warning on each routed agent.
    const perLocation = plan(parsePolicy(text.replace('terraform: { stacks: per-agent }\n', '')).policy);
    for (const name of ['support', 'eu']) {
      expect(agentPlan(perLocation, name, 'dialogflow-cx').notes).toContainEqual({
        level: 'warning',
        message: expect.stringMatching(
          /^Dialogflow request logs of project acme-cx are routed in 2 locations \(us-central1, europe-west2\): .*across regions/,
        ),
      });
    }
  });

  test('per-location (the default) keeps them', () => {
    expect(
      policyProblems(
        POLICY(['support'])
          .replace('terraform: { stacks: per-agent }\n', '')
          .replace(
            'verify: { notify: { email: [privacy-alerts@example.com] } }',
            'verify: { notify: { gcp: projects/acme-cx/topics/alerts } }',
          ),
      ),
    ).toEqual([]);
  });
});
