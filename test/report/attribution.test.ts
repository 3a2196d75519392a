/**
 * The report names the right agent for every resource: two agents of each cloud platform in one stack, and
 * composites nested two levels deep in a platform team's own constructs. Attribution is explicit (the
 * `convoguard:agent` metadata on AWS, the `//` block on Google Cloud), not a construct-path position.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as aws from 'aws-cdk-lib';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { DialogflowCxAgent } from '@cdktf/provider-google/lib/dialogflow-cx-agent';
import * as lex from 'aws-cdk-lib/aws-lex';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { AwsAgentProtection, ConvoGuardChecks } from '../../lib/aws';
import { GcpAgentProtection, ProjectServiceAgents } from '../../lib/gcp';
import { agentPlan, loadPolicy, parsePolicy, plan, planToJson } from '../../lib/policy';
import { readPosture } from '../../lib/report';
import { LOSES } from '../../lib/report/gate';
import { exampleSynthesis, ROOT, tmpDir } from '../helpers';
import { hasValidator, testIf, validateTf } from '../gcp/helpers';

const POLICY = `version: 1
name: fleet
detection: { kinds: [email, credit_card] }
access: { decrypters: { aws: ['arn:aws:iam::111122223333:role/PrivacyOfficer'], gcp: ['group:privacy@example.com'] } }
agents:
  - { name: cards, platform: lex, region: eu-west-2, create: { locale: en_GB } }
  - { name: loans, platform: lex, region: eu-west-2, create: { locale: en_GB } }
  - { name: claims, platform: dialogflow-cx, project: acme-cx-prod, location: europe-west2, create: { displayName: Claims, language: en, timeZone: Europe/London } }
  - { name: quotes, platform: dialogflow-cx, project: acme-cx-prod, location: europe-west2, insightsExport: true, create: { displayName: Quotes, language: en, timeZone: Europe/London } }
`;
const p = plan(parsePolicy(POLICY).policy);
const dir = tmpDir('convoguard-attribution-');
fs.mkdirSync(path.join(dir, 'out'));
fs.writeFileSync(path.join(dir, 'out', 'plan.json'), JSON.stringify(planToJson(p)));

// AWS: `cards` nested two levels deep (Team/Payments), `loans` at the top of the same stack.
const awsApp = new aws.App({ outdir: path.join(dir, 'cdk.out') });
aws.Validations.of(awsApp).addPlugins(new ConvoGuardChecks(awsApp));
const awsStack = new aws.Stack(awsApp, 'platform', { env: { region: 'eu-west-2' } });
new AwsAgentProtection(new Construct(new Construct(awsStack, 'Team'), 'Payments'), 'CardsLive', {
  plan: agentPlan(p, 'cards', 'lex'),
});
new AwsAgentProtection(awsStack, 'loans', { plan: agentPlan(p, 'loans', 'lex') });
awsApp.synth();

// Google Cloud: `claims` nested two levels deep, `quotes` at the top, one set of service agents.
const tfApp = new cdktf.App({ outdir: path.join(dir, 'cdktf.out') });
const tfStack = new cdktf.TerraformStack(tfApp, 'platform');
new GoogleProvider(tfStack, 'google', { project: 'acme-cx-prod', region: 'europe-west2' });
const serviceAgents = new ProjectServiceAgents(tfStack, 'ServiceAgents', { project: 'acme-cx-prod' });
const claims = new GcpAgentProtection(new Construct(new Construct(tfStack, 'Team'), 'Insurance'), 'ClaimsBot', {
  policyName: 'fleet',
  plan: agentPlan(p, 'claims', 'dialogflow-cx'),
  serviceAgents,
});
// The log routing covers every Dialogflow request log of the project: the second agent shares the first one's.
new GcpAgentProtection(tfStack, 'quotes', {
  policyName: 'fleet',
  plan: agentPlan(p, 'quotes', 'dialogflow-cx'),
  serviceAgents,
  logRouting: claims.logRouting,
});
tfApp.synth();

const posture = readPosture({
  cdkOut: path.join(dir, 'cdk.out'),
  tfOut: path.join(dir, 'cdktf.out'),
  out: path.join(dir, 'out'),
});
const of = (name: string) => {
  const a = posture.agents.find((x) => x.agent === name);
  if (!a) throw new Error(`no agent ${name} in ${posture.agents.map((x) => x.agent).join(', ')}`);
  return a;
};
const template = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'platform.template.json'), 'utf8'));
const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'platform', 'cdk.tf.json'), 'utf8'));

test('each agent is found once, by its policy name, whatever its construct id and depth', () => {
  expect(posture.agents.map((a) => `${a.agent} ${a.platform} ${a.attached}`)).toEqual([
    'cards lex true',
    'claims dialogflow-cx true',
    'loans lex true',
    'quotes dialogflow-cx true',
  ]);
});

test('every store and key of an agent is one of its own resources', () => {
  for (const name of ['cards', 'loans']) {
    const a = of(name);
    expect(a.stores.map((s) => s.kind).sort()).toEqual(['audio', 'conversation-logs']);
    for (const id of [...a.stores.map((s) => s.resource), ...a.keys.map((k) => k.resource)])
      expect(template.Resources[id].Metadata['convoguard:agent']).toBe(name);
    expect(a.keys).toHaveLength(1);
  }
  expect(of('quotes').stores.find((s) => s.kind === 'insights-export')).toMatchObject({
    name: 'Conversational Insights export',
    retention: { lag: { seconds: 0 } },
    redactedBy: ['Dialogflow security settings (DLP)'],
  });
  for (const name of ['claims', 'quotes']) {
    const a = of(name);
    expect(a.stores.map((s) => s.kind).filter((k) => k !== 'insights-export')).toEqual([
      'conversation-history',
      'audio',
      'cloud-logging',
    ]);
    // The shared, project-wide log bucket belongs to the agent that made it; the other agent's logs land there too.
    expect(a.stores.find((s) => s.kind === 'cloud-logging')?.name).toBe(
      'Cloud Logging bucket fleet-claims-logs (europe-west2)',
    );
    for (const address of [
      ...a.stores.filter((s) => s.kind !== 'cloud-logging').map((s) => s.resource),
      ...a.keys.map((k) => k.resource),
    ]) {
      const [type, id] = address.split('.');
      expect(tf.resource[type][id]['//'].convoguard_agent).toBe(name);
    }
    expect(a.keys).toHaveLength(1);
  }
});

test('every CloudFormation resource of a protection carries its agent, as metadata and as a tag where the type takes tags', () => {
  const byAgent = (agent: string) =>
    Object.entries(template.Resources as Record<string, { Metadata?: Record<string, unknown> }>).filter(
      ([, r]) => r.Metadata?.['convoguard:agent'] === agent,
    );
  expect(byAgent('cards').length).toBeGreaterThan(8);
  expect(byAgent('loans').length).toBe(byAgent('cards').length);
  const key = Object.values(
    template.Resources as Record<
      string,
      { Type: string; Metadata?: Record<string, unknown>; Properties: { Tags?: Array<{ Key: string; Value: string }> } }
    >,
  ).find((r) => r.Type === 'AWS::KMS::Key' && r.Metadata?.['convoguard:agent'] === 'cards');
  expect(key?.Properties.Tags).toContainEqual({ Key: 'convoguard:agent', Value: 'cards' });
});

test('expected posture comes from the plan: no deviation, the known gaps only (Insights keeps data without a limit convoguard can set)', () => {
  expect(posture.findings.filter((f) => !f.planned)).toEqual([]);
  expect(
    posture.findings.filter((f) => f.agent === 'quotes' && f.rule === 'CG-STORE-RETENTION').map((f) => f.message),
  ).toEqual(['insights-export "Conversational Insights export" keeps data without limit; the policy allows 24h']);
  expect(of('claims').expected?.agent).toBe('claims');
});

testIf(hasValidator)('the two-agent Google stack passes the google 6.50.0 schema', () => {
  expect(validateTf(path.join(dir, 'cdktf.out', 'stacks', 'platform', 'cdk.tf.json')).output).toMatch(/\b0 errors in/);
});

test("two protections in one project that each route Cloud Logging: each agent's logs are copied to both buckets, and the report says so", () => {
  const app = new cdktf.App({ outdir: path.join(dir, 'unshared') });
  const stack = new cdktf.TerraformStack(app, 'platform');
  new GoogleProvider(stack, 'google', { project: 'acme-cx-prod', region: 'europe-west2' });
  const agents = new ProjectServiceAgents(stack, 'ServiceAgents', { project: 'acme-cx-prod' });
  for (const name of ['claims', 'quotes'])
    new GcpAgentProtection(stack, name, {
      policyName: 'fleet',
      plan: agentPlan(p, name, 'dialogflow-cx'),
      serviceAgents: agents,
    });
  app.synth();
  const unshared = readPosture({ tfOut: path.join(dir, 'unshared'), out: path.join(dir, 'out') });
  expect(unshared.findings.filter((f) => f.rule === 'CG-STORES').map((f) => `${f.agent}: ${f.message}`)).toEqual([
    'claims: cloud-logging "Cloud Logging bucket fleet-quotes-logs (europe-west2)" receives conversation data but is not in the plan',
    // The plan routes quotes' logs to the project and location's first routed bucket (claims'): its own is the extra.
    'quotes: cloud-logging "Cloud Logging bucket fleet-quotes-logs (europe-west2)" receives conversation data but is not in the plan',
  ]);
});

// ---------------------------------------------------------------------------------------------------------------
/**
 * Construct ids and derived names are public API: they become CloudFormation logical ids and Terraform addresses,
 * and changing one makes the engine delete the resource and create a new one. For a key, a bucket, a log group, a
 * topic or a cluster that is data loss. The committed inventory (inventory/stateful-resources.json) lists every
 * stateful resource of the example and of the platform-repo scenario; this test fails, naming the replacement, when
 * one disappears. An intended change: `npm run inventory`, and say in the pull request how the data moves.
 */
const FILE = path.join(ROOT, 'inventory', 'stateful-resources.json');

/**
 * The stateful resources (what each one's replacement loses: LOSES, the same words the diff's change impact uses), and
 * the grants, whose re-addressing makes Terraform destroy one binding while it creates the same one. Versions follow
 * their definition by design (a new definition is a new version), so they are not here.
 */
const VERSIONED = ['AWS::Lex::BotVersion', 'AWS::Bedrock::GuardrailVersion'];
const cost = (type: string) =>
  /_iam_(member|binding)$/.test(type)
    ? 'Terraform destroys the old binding while it creates the same one under the new address: the grant can disappear'
    : `what it holds is lost: ${LOSES[type]}`;
const tracked = (type: string) =>
  (LOSES[type] !== undefined && !VERSIONED.includes(type)) || /^google_.*_iam_(member|binding)$/.test(type);

type Inventory = Record<string, Record<string, string>>;

function fromCloudFormation(
  scenario: string,
  templates: Record<string, { Resources: Record<string, { Type: string }> }>,
  into: Inventory,
): void {
  for (const [stack, t] of Object.entries(templates)) {
    for (const [id, r] of Object.entries(t.Resources))
      if (tracked(r.Type)) (into[scenario] ??= {})[`${stack}/${id}`] = r.Type;
  }
}
function fromTerraform(
  scenario: string,
  stacks: Record<string, { resource?: Record<string, Record<string, unknown>> }>,
  into: Inventory,
): void {
  for (const [stack, doc] of Object.entries(stacks)) {
    for (const [type, byName] of Object.entries(doc.resource ?? {}))
      if (tracked(type))
        for (const name of Object.keys(byName)) (into[scenario] ??= {})[`${stack}/${type}.${name}`] = type;
  }
}

/** The example, as `convoguard synth` writes it, and the platform-repo scenario (examples/platform-repo) built in process. */
function currentInventory(): Inventory {
  const out: Inventory = {};
  const dir = exampleSynthesis();
  const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));
  const cdkOut = path.join(dir, 'cdk.out');
  fromCloudFormation(
    'example',
    Object.fromEntries(
      fs
        .readdirSync(cdkOut)
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => [f.replace('.template.json', ''), read(path.join(cdkOut, f))]),
    ),
    out,
  );
  const stacks = path.join(dir, 'cdktf.out', 'stacks');
  fromTerraform(
    'example',
    Object.fromEntries(fs.readdirSync(stacks).map((s) => [s, read(path.join(stacks, s, 'cdk.tf.json'))])),
    out,
  );

  const p = plan(loadPolicy(path.join(ROOT, 'examples', 'platform-repo', 'convoguard.yaml')).policy);
  const billing = agentPlan(p, 'billing', 'lex');
  const app = new aws.App();
  const stack = new aws.Stack(app, 'PlatformBots', { env: { region: billing.region } });
  const role = new iam.Role(stack, 'BotRole', { assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com') });
  const bot = new lex.CfnBot(stack, 'Bot', {
    name: 'billing',
    roleArn: role.roleArn,
    dataPrivacy: { ChildDirected: false },
    idleSessionTtlInSeconds: 300,
  });
  const alias = new lex.CfnBotAlias(stack, 'Alias', { botId: bot.attrId, botAliasName: 'live' });
  new AwsAgentProtection(stack, 'billing', { plan: billing, bot, botAlias: alias, botRole: role });
  fromCloudFormation('platform-repo', { PlatformBots: app.synth().getStackByName('PlatformBots').template }, out);

  const support = agentPlan(p, 'support', 'dialogflow-cx');
  const tfStack = new cdktf.TerraformStack(cdktf.Testing.app(), 'platform-agents');
  new GoogleProvider(tfStack, 'google', { project: support.project, region: support.location });
  const agent = new DialogflowCxAgent(tfStack, 'Agent', {
    location: support.location,
    displayName: 'Support',
    defaultLanguageCode: 'en',
    timeZone: 'Europe/London',
  });
  new GcpAgentProtection(tfStack, 'support', { plan: support, agent });
  fromTerraform('platform-repo', { 'platform-agents': JSON.parse(cdktf.Testing.synth(tfStack, false)) }, out);
  return out;
}

test('every stateful resource keeps its logical id or Terraform address (or the change is explained and recorded)', () => {
  const current = currentInventory();
  if (process.env.UPDATE_INVENTORY === '1') {
    fs.writeFileSync(FILE, JSON.stringify(current, null, 2) + '\n');
    return;
  }
  const committed = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Inventory;
  const problems: string[] = [];
  for (const [scenario, entries] of Object.entries(committed)) {
    for (const [where, type] of Object.entries(entries)) {
      if (current[scenario]?.[where] === type) continue;
      const now = Object.entries(current[scenario] ?? {})
        .filter(([, t]) => t === type)
        .map(([w]) => w)
        .filter((w) => !(w in entries));
      problems.push(
        `${scenario}: ${where} (${type}) is gone${now.length ? `; new: ${now.join(', ')}` : ''}. Deploying this replaces it: ${cost(type)}. Keep the construct id (or overrideLogicalId / a Terraform moved block), or, if intended, run npm run inventory and explain the migration.`,
      );
    }
  }
  for (const [scenario, entries] of Object.entries(current)) {
    const added = Object.keys(entries).filter((w) => !(w in (committed[scenario] ?? {})));
    if (added.length > 0)
      problems.push(
        `${scenario}: new stateful resources ${added.join(', ')} are not in inventory/stateful-resources.json: run npm run inventory so later renames are caught`,
      );
  }
  expect(problems).toEqual([]);
});
