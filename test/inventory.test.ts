/**
 * Construct ids and derived names are public API: they become CloudFormation logical ids and Terraform addresses,
 * and changing one makes the engine delete the resource and create a new one. For a key, a bucket, a log group, a
 * topic or a cluster that is data loss. The committed inventory (inventory/stateful-resources.json) lists every
 * stateful resource of the example and of the platform-repo scenario; this test fails, naming the replacement, when
 * one disappears. An intended change: `npm run inventory`, and say in the pull request how the data moves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lex from 'aws-cdk-lib/aws-lex';
import { DialogflowCxAgent } from '@cdktf/provider-google/lib/dialogflow-cx-agent';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { AwsAgentProtection } from '../lib/aws';
import { GcpAgentProtection } from '../lib/gcp';
import { agentPlan, loadPolicy, plan } from '../lib/policy';
import { exampleSynthesis, ROOT } from './helpers';

const FILE = path.join(ROOT, 'inventory', 'stateful-resources.json');

/** What replacing each stateful resource costs: the explanation a failing test gives. */
const CFN: Record<string, string> = {
  'AWS::KMS::Key': 'a new key; everything encrypted under the old one (logs, audio, topics) becomes unreadable once it is deleted',
  'AWS::S3::Bucket': 'a new bucket; the audio objects (and access logs) of the old one are orphaned (RETAIN) or lost',
  'AWS::Logs::LogGroup': 'a new log group (or a name clash with the retained old one); conversation logs split across two groups',
  'AWS::MSK::Cluster': 'a new cluster; anonymized events and consumer offsets of the old one are lost',
  'AWS::MSK::Topic': 'a new topic; its anonymized events are lost',
  'AWS::SecretsManager::Secret': 'a new SCRAM secret; Rasa deployments must be reconfigured',
};
const TF: Record<string, string> = {
  google_kms_key_ring: 'a new key ring (key rings cannot be deleted; the old name stays taken)',
  google_kms_crypto_key: 'a new key; data under the old key (audio, logs, Kafka) becomes unreadable when its versions are destroyed',
  google_storage_bucket: 'a new bucket; the audio export of the old one is lost',
  google_logging_project_bucket_config: 'a new log bucket; routed Dialogflow logs split across two buckets',
  google_dialogflow_cx_security_settings: 'new security settings; the agent is detached from its redaction until re-applied',
  google_data_loss_prevention_inspect_template: 'a new inspect template; security settings point at a deleted one until re-applied',
  google_data_loss_prevention_deidentify_template: 'a new de-identify template; security settings point at a deleted one until re-applied',
  google_managed_kafka_cluster: 'a new cluster; anonymized events of the old one are lost',
  google_managed_kafka_topic: 'a new topic; its anonymized events are lost',
  google_dialogflow_cx_agent: "a new agent; the old agent's flows, intents and history are deleted",
};

type Inventory = Record<string, Record<string, string>>;

function fromCloudFormation(scenario: string, templates: Record<string, { Resources: Record<string, { Type: string }> }>, into: Inventory): void {
  for (const [stack, t] of Object.entries(templates)) {
    for (const [id, r] of Object.entries(t.Resources)) if (CFN[r.Type]) (into[scenario] ??= {})[`${stack}/${id}`] = r.Type;
  }
}
function fromTerraform(scenario: string, stacks: Record<string, { resource?: Record<string, Record<string, unknown>> }>, into: Inventory): void {
  for (const [stack, doc] of Object.entries(stacks)) {
    for (const [type, byName] of Object.entries(doc.resource ?? {})) if (TF[type]) for (const name of Object.keys(byName)) (into[scenario] ??= {})[`${stack}/${type}.${name}`] = type;
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
  fromTerraform('example', Object.fromEntries(fs.readdirSync(stacks).map((s) => [s, read(path.join(stacks, s, 'cdk.tf.json'))])), out);

  const p = plan(loadPolicy(path.join(ROOT, 'examples', 'platform-repo', 'convoguard.yaml')).policy);
  const billing = agentPlan(p, 'billing', 'lex');
  const app = new App();
  const stack = new Stack(app, 'PlatformBots', { env: { region: billing.region } });
  const role = new iam.Role(stack, 'BotRole', { assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com') });
  const bot = new lex.CfnBot(stack, 'Bot', { name: 'billing', roleArn: role.roleArn, dataPrivacy: { ChildDirected: false }, idleSessionTtlInSeconds: 300 });
  const alias = new lex.CfnBotAlias(stack, 'Alias', { botId: bot.attrId, botAliasName: 'live' });
  new AwsAgentProtection(stack, 'billing', { plan: billing, bot, botAlias: alias, botRole: role });
  fromCloudFormation('platform-repo', { PlatformBots: app.synth().getStackByName('PlatformBots').template }, out);

  const support = agentPlan(p, 'support', 'dialogflow-cx');
  const tfStack = new TerraformStack(Testing.app(), 'platform-agents');
  new GoogleProvider(tfStack, 'google', { project: support.project, region: support.location });
  const agent = new DialogflowCxAgent(tfStack, 'Agent', { location: support.location, displayName: 'Support', defaultLanguageCode: 'en', timeZone: 'Europe/London' });
  new GcpAgentProtection(tfStack, 'support', { plan: support, agent });
  fromTerraform('platform-repo', { 'platform-agents': JSON.parse(Testing.synth(tfStack, false)) }, out);
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
      const cost = CFN[type] ?? TF[type];
      const now = Object.entries(current[scenario] ?? {})
        .filter(([, t]) => t === type)
        .map(([w]) => w)
        .filter((w) => !(w in entries));
      problems.push(
        `${scenario}: ${where} (${type}) is gone${now.length ? `; new: ${now.join(', ')}` : ''}. Deploying this replaces it: ${cost}. Keep the construct id (or overrideLogicalId / a Terraform moved block), or, if intended, run npm run inventory and explain the migration.`,
      );
    }
  }
  for (const [scenario, entries] of Object.entries(current)) {
    const added = Object.keys(entries).filter((w) => !(w in (committed[scenario] ?? {})));
    if (added.length > 0) problems.push(`${scenario}: new stateful resources ${added.join(', ')} are not in inventory/stateful-resources.json: run npm run inventory so later renames are caught`);
  }
  expect(problems).toEqual([]);
});
