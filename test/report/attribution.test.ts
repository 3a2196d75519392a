/**
 * The report names the right agent for every resource: two agents of each cloud platform in one stack, and
 * composites nested two levels deep in a platform team's own constructs. Attribution is explicit (the
 * `convoguard:agent` metadata on AWS, the `//` block on Google Cloud), not a construct-path position.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as aws from 'aws-cdk-lib';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { AwsAgentProtection, ConvoGuardChecks } from '../../lib/aws';
import { GcpAgentProtection, ProjectServiceAgents } from '../../lib/gcp';
import { agentPlan, parsePolicy, plan, planToJson } from '../../lib/policy';
import { readPosture } from '../../lib/report';
import { tmpDir } from '../helpers';
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
new AwsAgentProtection(new Construct(new Construct(awsStack, 'Team'), 'Payments'), 'CardsLive', { plan: agentPlan(p, 'cards', 'lex') });
new AwsAgentProtection(awsStack, 'loans', { plan: agentPlan(p, 'loans', 'lex') });
awsApp.synth();

// Google Cloud: `claims` nested two levels deep, `quotes` at the top, one set of service agents.
const tfApp = new cdktf.App({ outdir: path.join(dir, 'cdktf.out') });
const tfStack = new cdktf.TerraformStack(tfApp, 'platform');
new GoogleProvider(tfStack, 'google', { project: 'acme-cx-prod', region: 'europe-west2' });
const serviceAgents = new ProjectServiceAgents(tfStack, 'ServiceAgents', { project: 'acme-cx-prod' });
const claims = new GcpAgentProtection(new Construct(new Construct(tfStack, 'Team'), 'Insurance'), 'ClaimsBot', { policyName: 'fleet', plan: agentPlan(p, 'claims', 'dialogflow-cx'), serviceAgents });
// The log routing covers every Dialogflow request log of the project: the second agent shares the first one's.
new GcpAgentProtection(tfStack, 'quotes', { policyName: 'fleet', plan: agentPlan(p, 'quotes', 'dialogflow-cx'), serviceAgents, logRouting: claims.logRouting });
tfApp.synth();

const posture = readPosture({ cdkOut: path.join(dir, 'cdk.out'), tfOut: path.join(dir, 'cdktf.out'), out: path.join(dir, 'out') });
const of = (name: string) => {
  const a = posture.agents.find((x) => x.agent === name);
  if (!a) throw new Error(`no agent ${name} in ${posture.agents.map((x) => x.agent).join(', ')}`);
  return a;
};
const template = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'platform.template.json'), 'utf8'));
const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'platform', 'cdk.tf.json'), 'utf8'));

test('each agent is found once, by its policy name, whatever its construct id and depth', () => {
  expect(posture.agents.map((a) => `${a.agent} ${a.platform} ${a.attached}`)).toEqual(['cards lex true', 'claims dialogflow-cx true', 'loans lex true', 'quotes dialogflow-cx true']);
});

test('every store and key of an agent is one of its own resources', () => {
  for (const name of ['cards', 'loans']) {
    const a = of(name);
    expect(a.stores.map((s) => s.kind).sort()).toEqual(['audio', 'conversation-logs']);
    for (const id of [...a.stores.map((s) => s.resource), ...a.keys.map((k) => k.resource)]) expect(template.Resources[id].Metadata['convoguard:agent']).toBe(name);
    expect(a.keys).toHaveLength(1);
  }
  expect(of('quotes').stores.find((s) => s.kind === 'insights-export')).toMatchObject({ name: 'Conversational Insights export', retention: { lag: { seconds: 0 } }, redactedBy: ['Dialogflow security settings (DLP)'] });
  for (const name of ['claims', 'quotes']) {
    const a = of(name);
    expect(a.stores.map((s) => s.kind).filter((k) => k !== 'insights-export')).toEqual(['conversation-history', 'audio', 'cloud-logging']);
    // The shared, project-wide log bucket belongs to the agent that made it; the other agent's logs land there too.
    expect(a.stores.find((s) => s.kind === 'cloud-logging')?.name).toBe('Cloud Logging bucket fleet-claims-logs (europe-west2)');
    for (const address of [...a.stores.filter((s) => s.kind !== 'cloud-logging').map((s) => s.resource), ...a.keys.map((k) => k.resource)]) {
      const [type, id] = address.split('.');
      expect(tf.resource[type][id]['//'].convoguard_agent).toBe(name);
    }
    expect(a.keys).toHaveLength(1);
  }
});

test('every CloudFormation resource of a protection carries its agent, as metadata and as a tag where the type takes tags', () => {
  const byAgent = (agent: string) => Object.entries(template.Resources as Record<string, { Metadata?: Record<string, unknown> }>).filter(([, r]) => r.Metadata?.['convoguard:agent'] === agent);
  expect(byAgent('cards').length).toBeGreaterThan(8);
  expect(byAgent('loans').length).toBe(byAgent('cards').length);
  const key = Object.values(template.Resources as Record<string, { Type: string; Metadata?: Record<string, unknown>; Properties: { Tags?: Array<{ Key: string; Value: string }> } }>).find(
    (r) => r.Type === 'AWS::KMS::Key' && r.Metadata?.['convoguard:agent'] === 'cards',
  );
  expect(key?.Properties.Tags).toContainEqual({ Key: 'convoguard:agent', Value: 'cards' });
});

test('expected posture comes from the plan: no deviation, the known gaps only (Insights keeps data without a limit convoguard can set)', () => {
  expect(posture.findings.filter((f) => !f.planned)).toEqual([]);
  expect(posture.findings.filter((f) => f.agent === 'quotes' && f.rule === 'CG-STORE-RETENTION').map((f) => f.message)).toEqual(['insights-export "Conversational Insights export" keeps data without limit; the policy allows 24h']);
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
  for (const name of ['claims', 'quotes']) new GcpAgentProtection(stack, name, { policyName: 'fleet', plan: agentPlan(p, name, 'dialogflow-cx'), serviceAgents: agents });
  app.synth();
  const unshared = readPosture({ tfOut: path.join(dir, 'unshared'), out: path.join(dir, 'out') });
  expect(unshared.findings.filter((f) => f.rule === 'CG-STORES').map((f) => `${f.agent}: ${f.message}`)).toEqual([
    'claims: cloud-logging "Cloud Logging bucket fleet-quotes-logs (europe-west2)" receives conversation data but is not in the plan',
    'quotes: cloud-logging "Cloud Logging bucket fleet-claims-logs (europe-west2)" receives conversation data but is not in the plan',
  ]);
});
