/**
 * The logs:Unmask deny counts only where it acts: an IAM identity policy denies only for the identities it is
 * attached to (IAM User Guide, "Identity-based policies and resource-based policies"), and no resource policy can
 * restrict logs:Unmask (CloudWatch Logs User Guide, "Help protect sensitive log data with masking"). CG-UNMASK.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lex from 'aws-cdk-lib/aws-lex';
import { AwsAgentProtection } from '../../lib/aws';
import { agentPlan, parsePolicy, plan } from '../../lib/policy';
import { diffPostures, readPosture } from '../../lib/report';
import { readCloudFormation } from '../../lib/report/read-cloudformation';
import { readSynthesis, runGate } from '../../lib/report/gate';
import { exampleSynthesis, exampleText, runCli, tmpDir } from '../helpers';

const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
type Json = Record<string, any>;
const posture = (dir: string) =>
  readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
    relativeTo: dir,
  });
const unmask = (dir: string) => posture(dir).findings.filter((f) => f.rule === 'CG-UNMASK');
const denyOf = (t: Json) =>
  Object.values(t.Resources as Record<string, Json>).find(
    (r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties.PolicyDocument).includes('logs:Unmask'),
  )!;

test('the example attaches the deny to the roles access.denyUnmaskTo names, and the report finds it in force', () => {
  const dir = exampleSynthesis();
  const t = JSON.parse(fs.readFileSync(path.join(dir, CFN), 'utf8'));
  expect(denyOf(t).Properties.Roles).toEqual(['SupportEngineer']);
  expect(posture(dir).agents.find((a) => a.agent === 'billing')!.denyUnmaskAttachedTo).toEqual([
    'role SupportEngineer',
  ]);
  expect(unmask(dir)).toEqual([]);
});

test('a head that detaches it is a high finding the plan did not expect, a posture weakening, and fails the gate', () => {
  const base = exampleSynthesis();
  const head = exampleSynthesis();
  const t = JSON.parse(fs.readFileSync(path.join(head, CFN), 'utf8'));
  delete denyOf(t).Properties.Roles;
  fs.writeFileSync(path.join(head, CFN), JSON.stringify(t));
  expect(unmask(head)).toEqual([
    expect.objectContaining({
      severity: 'high',
      planned: false,
      agent: 'billing',
      message: expect.stringContaining('attached to no role, group or user, so it denies logs:Unmask to nobody'),
    }),
  ]);
  expect(
    diffPostures(posture(base), posture(head))
      .filter((c) => c.class === 'weakening')
      .map((c) => c.message),
  ).toEqual(expect.arrayContaining([expect.stringContaining('CG-UNMASK')]));
  expect(runGate(readSynthesis(base), readSynthesis(head)).passes).toBe(false);
});

test('without access.denyUnmaskTo: a plan warning, and a known gap in the report (the SCP is not in the output)', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'policy.yaml'), exampleText().replace(/^ {2}denyUnmaskTo: .*\n/m, ''));
  const r = await runCli(['synth', 'policy.yaml'], dir);
  expect(r.code).toBe(0);
  expect(r.err).toContain('access.denyUnmaskTo is empty: the DenyUnmask policy is attached to nobody');
  expect(unmask(dir)).toEqual([expect.objectContaining({ severity: 'high', planned: true })]);
});

test('a role of your own stack that uses the policy counts as attached', () => {
  const app = new App();
  const stack = new Stack(app, 'bots', { env: { region: 'eu-west-2' } });
  const role = new iam.Role(stack, 'BotRole', { assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com') });
  const bot = new lex.CfnBot(stack, 'Bot', {
    name: 'mine',
    roleArn: role.roleArn,
    dataPrivacy: { ChildDirected: false },
    idleSessionTtlInSeconds: 300,
  });
  const alias = new lex.CfnBotAlias(stack, 'Alias', { botId: bot.attrId, botAliasName: 'prod' });
  const p = agentPlan(
    plan(
      parsePolicy(
        'version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n  - { name: billing, platform: lex, region: eu-west-2 }\n',
        'p.yaml',
      ).policy,
    ),
    'billing',
    'lex',
  );
  const protection = new AwsAgentProtection(stack, 'billing', { plan: p, bot, botAlias: alias, botRole: role });
  const support = new iam.Role(stack, 'Support', { assumedBy: new iam.AccountRootPrincipal() });
  support.addManagedPolicy(protection.denyUnmask!);
  const template = app.synth().getStackByName('bots').template;
  const read = readCloudFormation(template, 'bots.template.json').find((a) => a.agent === 'billing')!;
  expect(read.denyUnmaskAttachedTo).toEqual([expect.stringMatching(/^role Support[0-9A-F]{8}$/)]);
});
