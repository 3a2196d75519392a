/**
 * A hand-edited synthesized store (retention, key, reader, a second log destination on the test alias) is named by
 * the report and by the diff, and the same rules fail cdk-nag (ConvoGuardChecks) and cdktf synth
 * (ConvoGuardChecksAspect) when a team makes the same change with an escape hatch.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as aws from 'aws-cdk-lib';
import * as cdktf from 'cdktf';
import { addAwsStacks } from '../../lib/aws';
import { addGcpStacks } from '../../lib/gcp';
import { loadPolicy, plan } from '../../lib/policy';
import { diffPostures, readPosture } from '../../lib/report';
import { EXAMPLE, editedExample, exampleSynthesis, runCli, tmpDir } from '../helpers';

const TF = 'cdktf.out/stacks/support-assistant-gcp-acme-cx-prod-us-central1/cdk.tf.json';
const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
const BUCKET = 'support_AudioBucket_E2BF7743';
type Json = Record<string, any>;

let base: string;
/** The logical id of the live alias's bot version: it carries a hash of the bot's definition. */
let VERSION: string;
beforeAll(() => {
  base = exampleSynthesis();
  const t = JSON.parse(fs.readFileSync(path.join(base, CFN), 'utf8'));
  VERSION = Object.keys(t.Resources).find((k) => t.Resources[k].Type === 'AWS::Lex::BotVersion')!;
});

/** A copy of the base synthesis changed by `change` (files added, removed or replaced). */
function headWith(change: (dir: string) => void): string {
  const to = exampleSynthesis();
  change(to);
  return to;
}

/** A copy of the base synthesis with one file edited as JSON. */
const head = (file: string, edit: (doc: Json) => void): string => editedExample(file, edit);
const posture = (dir: string) =>
  readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
    relativeTo: dir,
  });
const deviations = (dir: string) =>
  posture(dir)
    .findings.filter((f) => !f.planned)
    .map((f) => `${f.rule} ${f.agent} ${f.resource}: ${f.message}`);
const weakenings = (dir: string) =>
  diffPostures(posture(base), posture(dir))
    .filter((c) => c.class === 'weakening')
    .map((c) => `${c.agent} ${c.resource}: ${c.message}`);

test('generative: the guardrail removed from the QnAIntent, and the Model Armor template removed', () => {
  const h = head(CFN, (t) => {
    const bot = Object.values(t.Resources as Record<string, Json>).find((r) => r.Type === 'AWS::Lex::Bot')!;
    const qna = bot.Properties.BotLocales[0].Intents.find((i: Json) => i.ParentIntentSignature === 'AMAZON.QnAIntent');
    delete qna.QnAIntentConfiguration.BedrockModelConfiguration.BedrockGuardrailConfiguration;
  });
  // Edited by hand, the bot's draft no longer matches the version its alias serves: that is said too.
  expect(deviations(h)).toEqual([
    `CG-ALIAS-CURRENT billing ${VERSION}: the live alias serves a bot version published from another definition than the bot's: the protection read on the bot does not reach production until a version is published from it`,
    `CG-GENERATIVE-GUARDRAIL billing ${CFN}: QnAIntent AnswerFromKnowledgeBase (en_US): conversation text reaches a generative model with no guardrail`,
  ]);
  expect(weakenings(h)).toEqual([
    `billing ${VERSION}: the live alias now serves a version published from another definition than the bot's: the bot's protection does not reach production`,
    `billing ${CFN}: guardrail removed: QnAIntent AnswerFromKnowledgeBase (en_US): support-assistant-billing-pii`,
    `billing ${CFN}: unguarded generative path added: QnAIntent AnswerFromKnowledgeBase (en_US)`,
  ]);
  const g = head(TF, (t) => {
    delete t.resource.google_model_armor_template;
  });
  expect(weakenings(g)).toEqual([
    `support ${TF}: guardrail removed: Vertex AI / Agent Builder calls your code makes: support-assistant-support-armor`,
  ]);
  expect(deviations(g)).toEqual([
    `CG-GENERATIVE-GUARDRAIL support ${TF}: Vertex AI / Agent Builder calls your code makes: the plan screens it with support-assistant-support-armor, which is not in the synthesized output`,
  ]);
});

test('verify: the findings alarm, the request-log alert and the DLP scan removed or silenced', () => {
  const alarm = head(CFN, (t) => {
    for (const [id, r] of Object.entries(t.Resources as Record<string, Json>))
      if (r.Type === 'AWS::CloudWatch::Alarm') delete t.Resources[id];
  });
  expect(deviations(alarm)).toEqual([
    `CG-STORE-VERIFIED billing billingConversationLogs48438003: conversation-logs "/convoguard/support-assistant-billing/lex-conversations": the plan verifies it with alarm support-assistant-billing-unmasked-values (email, credit_card, us_ssn, ip_address arriving unmasked in the transcript), and the output has no such check`,
  ]);
  expect(weakenings(alarm)).toEqual([
    'billing billingConversationLogs48438003: conversation-logs "/convoguard/support-assistant-billing/lex-conversations": verification removed: alarm support-assistant-billing-unmasked-values (email, credit_card, us_ssn, ip_address arriving unmasked in the transcript)',
    'billing billingConversationLogs48438003: conversation-logs "/convoguard/support-assistant-billing/lex-conversations": trend check removed: alarm support-assistant-billing-log-findings-rise (a rise in LogEventsWithFindings)',
  ]);
  // An alarm without actions notifies no one: it verifies nothing either.
  const silent = head(CFN, (t) => {
    for (const r of Object.values(t.Resources as Record<string, Json>))
      if (r.Type === 'AWS::CloudWatch::Alarm') r.Properties.AlarmActions = [];
  });
  expect(weakenings(silent)).toEqual(weakenings(alarm));
  const gcp = head(TF, (t) => {
    delete t.resource.google_data_loss_prevention_job_trigger;
    for (const p of Object.values(t.resource.google_monitoring_alert_policy as Record<string, Json>)) p.enabled = false;
  });
  expect(deviations(gcp)).toEqual([
    `CG-STORE-VERIFIED support ${TF}: the plan scans bq://acme-cx-prod.cx_insights.conversations with a DLP job trigger every 7 days, and the output has no such scan`,
    `CG-STORE-VERIFIED support google_logging_project_bucket_config.support_LogRouting_Bucket_E121018D: cloud-logging "Cloud Logging bucket support-assistant-support-logs (us-central1)": the plan verifies it with alert policy support-assistant-support: unredacted Dialogflow request logs (request-log entries matching the agent's patterns), and the output has no such check`,
  ]);
  expect(weakenings(gcp)).toEqual([
    `support ${TF}: scan removed: DLP job trigger of bq://acme-cx-prod.cx_insights.conversations`,
    `support google_logging_project_bucket_config.support_LogRouting_Bucket_E121018D: cloud-logging "Cloud Logging bucket support-assistant-support-logs (us-central1)": verification removed: alert policy support-assistant-support: unredacted Dialogflow request logs (request-log entries matching the agent's patterns)`,
  ]);
});

test('retention: a log group kept 30 days', () => {
  const h = head(CFN, (t) => (t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 30));
  expect(deviations(h)).toEqual([
    'CG-STORE-RETENTION billing billingConversationLogs48438003: conversation-logs "/convoguard/support-assistant-billing/lex-conversations" keeps data typically ≤ 33d (30d configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee); the plan configures 24h',
  ]);
  expect(weakenings(h)).toEqual([
    'billing billingConversationLogs48438003: conversation-logs "/convoguard/support-assistant-billing/lex-conversations": retention up typically ≤ 4d (24h configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee) → typically ≤ 33d (30d configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee)',
  ]);
});

test('key: the audio bucket moved to Google-managed encryption', () => {
  const h = head(TF, (t) => delete t.resource.google_storage_bucket[BUCKET].encryption);
  expect(deviations(h)).toEqual([
    `CG-STORE-CMK support google_storage_bucket.${BUCKET}: audio "support-assistant-support-audio-acme-cx-prod" uses provider-managed encryption, not a customer-managed key`,
  ]);
  expect(weakenings(h)).toContain(
    `support google_storage_bucket.${BUCKET}: audio "support-assistant-support-audio-acme-cx-prod": encryption customer → provider (provider-managed key)`,
  );
});

test('reader: an object viewer granted on the audio bucket', () => {
  const h = head(TF, (t) => {
    t.resource.google_storage_bucket_iam_member = {
      extra: {
        bucket: `\${google_storage_bucket.${BUCKET}.name}`,
        role: 'roles/storage.objectViewer',
        member: 'user:contractor@example.com',
      },
    };
  });
  expect(deviations(h)).toEqual([
    `CG-READERS support google_storage_bucket.${BUCKET}: audio "support-assistant-support-audio-acme-cx-prod": user:contractor@example.com can read it (bucket IAM roles/storage.objectViewer) but is not in access.decrypters`,
  ]);
  expect(weakenings(h)).toEqual([
    `support google_storage_bucket.${BUCKET}: audio "support-assistant-support-audio-acme-cx-prod": reader added: user:contractor@example.com`,
  ]);
});

test('a second log destination on the test alias: a raw, unencrypted log group the plan does not have', () => {
  const h = head(CFN, (t) => {
    t.Resources.TestAliasLogs = {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: '/aws/lex/test-alias', RetentionInDays: 3653 },
    };
    const bot = Object.values(t.Resources as Record<string, Json>).find((r) => r.Type === 'AWS::Lex::Bot');
    bot!.Properties.TestBotAliasSettings.ConversationLogSettings.TextLogSettings[0].Destination.CloudWatch.CloudWatchLogGroupArn =
      { 'Fn::GetAtt': ['TestAliasLogs', 'Arn'] };
  });
  expect(deviations(h)).toEqual([
    `CG-ALIAS-CURRENT billing ${VERSION}: the live alias serves a bot version published from another definition than the bot's: the protection read on the bot does not reach production until a version is published from it`,
    'CG-STORES billing TestAliasLogs: conversation-logs "/aws/lex/test-alias" receives conversation data but is not in the plan',
    'CG-STORE-CMK billing TestAliasLogs: conversation-logs "/aws/lex/test-alias" uses provider-managed encryption, not a customer-managed key',
    'CG-STORE-RETENTION billing TestAliasLogs: conversation-logs "/aws/lex/test-alias" keeps data typically ≤ 3656d (3653d configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee); the policy allows 24h',
    'CG-STORE-REDACTED billing TestAliasLogs: conversation-logs "/aws/lex/test-alias" receives unredacted data',
  ]);
  expect(weakenings(h)).toEqual([
    `billing ${VERSION}: the live alias now serves a version published from another definition than the bot's: the bot's protection does not reach production`,
    'billing TestAliasLogs: new conversation-logs "/aws/lex/test-alias" (raw, typically ≤ 3656d (3653d configured; CloudWatch Logs deletes expired events up to 72 h late; no provider guarantee))',
  ]);
});

describe('the same rules at synth time', () => {
  const p = plan(loadPolicy(EXAMPLE).policy);

  test('ConvoGuardChecks (cdk-nag): an escape-hatch override fails synth with the rule and the resource, and can be acknowledged', () => {
    const build = (acknowledge: boolean) => {
      const outdir = tmpDir('convoguard-nag-');
      const app = new aws.App({ outdir });
      const stack = Object.values(addAwsStacks(app, p))[0];
      const group = stack.node
        .findAll()
        .find(
          (c) =>
            aws.CfnResource.isCfnResource(c) &&
            c.cfnResourceType === 'AWS::Logs::LogGroup' &&
            c.node.path.endsWith('ConversationLogs/Resource/Resource'),
        ) as aws.CfnResource;
      group.addPropertyOverride('RetentionInDays', 30);
      if (acknowledge) {
        aws.Validations.of(stack).acknowledge({
          id: 'ConvoGuard::ConvoGuard-CG-STORE-RETENTION[billingConversationLogs48438003]',
          reason: 'Legal hold on billing disputes, approved by the privacy officer in ticket PRIV-42.',
        });
      }
      let error: unknown;
      try {
        app.synth();
      } catch (e) {
        error = e;
      }
      return { error, report: JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) };
    };
    const failed = build(false);
    expect(String(failed.error)).toMatch(/Validation ?Failed/i);
    const nag = failed.report.pluginReports.find((r: Json) => r.pluginName === 'ConvoGuard');
    expect(nag.violations.map((v: Json) => [v.ruleName, v.severity])).toEqual([
      ['ConvoGuard-CG-STORE-RETENTION[billingConversationLogs48438003]', 'error'],
    ]);
    expect(nag.violations[0].description).toContain('keeps data typically ≤ 33d (30d configured');
    expect(build(true).error).toBeUndefined();
  });

  test('ConvoGuardChecks passes the example as convoguard builds it', () => {
    const app = new aws.App({ outdir: tmpDir('convoguard-nag-') });
    addAwsStacks(app, p);
    expect(() => app.synth()).not.toThrow();
  });

  test('ConvoGuardChecksAspect (cdktf): an override that opens the audio bucket fails cdktf synth; known gaps are warnings', () => {
    let last: cdktf.TerraformStack | undefined;
    const build = (override: boolean) => {
      const app = new cdktf.App({ outdir: tmpDir('convoguard-tf-') });
      const stack = Object.values(addGcpStacks(app, p))[0];
      last = stack;
      if (override) {
        const bucket = stack.node
          .findAll()
          .find(
            (c) => (c as Partial<cdktf.TerraformResource>).terraformResourceType === 'google_storage_bucket',
          ) as cdktf.TerraformResource;
        bucket.addOverride('public_access_prevention', 'inherited');
      }
      app.synth();
      return JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    };
    expect(() => build(true)).toThrow(
      /convoguard CG-STORE-PUBLIC \(agent "support", google_storage_bucket\.support_AudioBucket_E2BF7743\): audio "support-assistant-support-audio-acme-cx-prod" can be made public/,
    );
    // The failed check handed no resolved document to a write that never came: the stack resolves afresh.
    expect(Object.prototype.hasOwnProperty.call(last, 'toTerraform')).toBe(false);
    const manifest = build(false);
    const annotationsOf = (stack: string) =>
      ((manifest.stacks as Record<string, Json>)[stack].annotations as Json[]).map((a) => [a.level, a.message]);
    // Gaps the plan names (the routed log bucket is not redacted, nothing verifies it) are counted in one line, not
    // repeated one by one: nothing of this policy differs from its plan, so nothing else is said.
    expect(annotationsOf('support-assistant-gcp-acme-cx-prod-us-central1')).toEqual([
      [
        '@cdktf/info',
        expect.stringMatching(
          /^convoguard: \d+ gaps the plan names \(.*CG-STORE-REDACTED \d+.*\), not repeated here: `convoguard validate` prints them and `convoguard report` lists each$/,
        ),
      ],
    ]);
    // The CX Agent Studio stack is checked by the same aspect: its gaps are the audio bucket, raw and unscanned.
    expect(annotationsOf('support-assistant-ces-acme-cx-prod-us')).toEqual([
      [
        '@cdktf/info',
        'convoguard: 2 gaps the plan names (CG-STORE-REDACTED 1, CG-STORE-VERIFIED 1), not repeated here: `convoguard validate` prints them and `convoguard report` lists each',
      ],
    ]);
  });

  test('ConvoGuardChecksAspect (cdktf): a medium finding the plan does not name is a warning of its own', () => {
    const app = new cdktf.App({ outdir: tmpDir('convoguard-tf-') });
    const stack = Object.values(addGcpStacks(app, p))[0];
    const key = stack.node
      .findAll()
      .find(
        (c) => (c as Partial<cdktf.TerraformResource>).terraformResourceType === 'google_kms_crypto_key',
      ) as cdktf.TerraformResource;
    key.addOverride('rotation_period', undefined);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    const warnings = Object.values(manifest.stacks as Record<string, Json>)
      .flatMap((s) => s.annotations)
      .filter((a: Json) => a.level === '@cdktf/warn')
      .map((a: Json) => a.message);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^convoguard CG-KEY-ROTATION \(agent "support", google_kms_crypto_key\.support_Key_DDD94B71\): /,
      ),
    ]);
  });
});

/** The gate fails closed: each of these heads is reported and fails `diff --fail-on-weaken`. */
describe('the review gate never passes what it could not read', () => {
  const KEY = 'billingKey885896F5';
  const TFKEY = 'support_Key_DDD94B71';
  const bot = (t: Json) => Object.values(t.Resources as Record<string, Json>).find((r) => r.Type === 'AWS::Lex::Bot')!;
  const keyPolicy = (t: Json) => t.Resources[KEY].Properties.KeyPolicy.Statement as Json[];
  const cases: Array<[string, string, (doc: Json) => void, RegExp]> = [
    [
      'a foreign account root with Action "*" on the key',
      CFN,
      (t) =>
        keyPolicy(t).push({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999999999999:root' },
          Action: '*',
          Resource: '*',
        }),
      /decrypter added: arn:aws:iam::999999999999:root/,
    ],
    [
      '"KMS:decrypt" in another case',
      CFN,
      (t) =>
        keyPolicy(t).push({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/Intern' },
          Action: 'KMS:decrypt',
          Resource: '*',
        }),
      /decrypter added: arn:aws:iam::111122223333:role\/Intern/,
    ],
    [
      'an AWS::KMS::Grant',
      CFN,
      (t) =>
        (t.Resources.Extra = {
          Type: 'AWS::KMS::Grant',
          Properties: {
            KeyId: { Ref: KEY },
            GranteePrincipal: 'arn:aws:iam::111122223333:role/Intern',
            Operations: ['Decrypt'],
          },
        }),
      /cannot verify added: Extra: AWS::KMS::Grant Extra/,
    ],
    [
      'an IAM policy granting kms:Decrypt',
      CFN,
      (t) =>
        (t.Resources.Extra = {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] } },
        }),
      /cannot verify added: Extra: AWS::IAM::ManagedPolicy Extra allows kms:Decrypt/,
    ],
    [
      'RotationPeriodInDays through a Ref',
      CFN,
      (t) => (t.Resources[KEY].Properties.RotationPeriodInDays = { Ref: 'Days' }),
      /cannot verify added: billingKey885896F5: RotationPeriodInDays is \{"Ref":"Days"\}/,
    ],
    [
      'EnableKeyRotation through Fn::If',
      CFN,
      (t) => (t.Resources[KEY].Properties.EnableKeyRotation = { 'Fn::If': ['C', true, false] }),
      /cannot verify added: billingKey885896F5: EnableKeyRotation is/,
    ],
    [
      'the masking statement cut to one identifier',
      CFN,
      (t) => {
        const dpp = t.Resources.billingConversationLogs48438003.Properties.DataProtectionPolicy;
        const mask = (dpp.Statement as Json[]).find((s) => s.Operation.Deidentify);
        mask!.DataIdentifier = mask!.DataIdentifier.slice(0, 1);
      },
      /detector removed|custom pattern removed/,
    ],
    [
      'the test alias logging to an unencrypted group',
      CFN,
      (t) => {
        t.Resources.Raw = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/raw' } };
        bot(
          t,
        ).Properties.TestBotAliasSettings.ConversationLogSettings.TextLogSettings[0].Destination.CloudWatch.CloudWatchLogGroupArn =
          { 'Fn::GetAtt': ['Raw', 'Arn'] };
      },
      /new conversation-logs "\/raw"/,
    ],
    [
      'a key ring IAM member for allUsers',
      TF,
      (t) =>
        (t.resource.google_kms_key_ring_iam_member = {
          x: {
            key_ring_id: 'projects/p/locations/l/keyRings/r',
            role: 'roles/cloudkms.cryptoKeyDecrypter',
            member: 'allUsers',
          },
        }),
      /cannot verify added: google_kms_key_ring_iam_member\.x: .* sets roles\/cloudkms\.cryptoKeyDecrypter for allUsers/,
    ],
    [
      'an allUsers member on a literal key id',
      TF,
      (t) =>
        (t.resource.google_kms_crypto_key_iam_member.extra = {
          crypto_key_id: 'projects/acme-cx-prod/locations/us-central1/keyRings/r/cryptoKeys/k',
          role: 'roles/cloudkms.cryptoKeyDecrypter',
          member: 'allUsers',
        }),
      /cannot verify added: google_kms_crypto_key_iam_member\.extra: .* grants roles\/cloudkms\.cryptoKeyDecrypter to allUsers on a key this output does not define/,
    ],
    [
      'a crypto key IAM policy',
      TF,
      (t) =>
        (t.resource.google_kms_crypto_key_iam_policy = {
          x: { crypto_key_id: `\${google_kms_crypto_key.${TFKEY}.id}`, policy_data: '{}' },
        }),
      /cannot verify added: google_kms_crypto_key_iam_policy\.x/,
    ],
    [
      'rotation_period from a variable',
      TF,
      (t) => (t.resource.google_kms_crypto_key[TFKEY].rotation_period = '${var.rotation}'),
      /cannot verify added: google_kms_crypto_key\.support_Key_DDD94B71: rotation_period is "\$\{var\.rotation\}"/,
    ],
    [
      'a key policy statement with a wildcard action (kms:De*)',
      CFN,
      (t) =>
        keyPolicy(t).push({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/Intern' },
          Action: 'kms:De*',
          Resource: '*',
        }),
      /decrypter added: arn:aws:iam::111122223333:role\/Intern/,
    ],
    [
      'a key policy statement with NotAction',
      CFN,
      (t) =>
        keyPolicy(t).push({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/Intern' },
          NotAction: 'kms:Delete*',
          Resource: '*',
        }),
      /decrypter added: arn:aws:iam::111122223333:role\/Intern/,
    ],
    [
      'a key policy statement with NotPrincipal',
      CFN,
      (t) =>
        keyPolicy(t).push({
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/Admin' },
          Action: 'kms:Encrypt',
          Resource: '*',
        }),
      /cannot verify added: billingKey885896F5: the key policy: Statement\[\d+\] uses NotPrincipal/,
    ],
    [
      'a key policy Effect in another case',
      CFN,
      (t) =>
        keyPolicy(t).push({
          Effect: 'allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/Intern' },
          Action: 'kms:Decrypt',
          Resource: '*',
        }),
      /cannot verify added: billingKey885896F5: the key policy: Statement\[\d+\] has Effect "allow"/,
    ],
    [
      'an IAM policy granting logs:Unmask',
      CFN,
      (t) =>
        (t.Resources.Extra = {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'x',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'logs:Un*', Resource: '*' }] },
          },
        }),
      /cannot verify added: Extra: AWS::IAM::Policy Extra allows logs:Unmask/,
    ],
    [
      'a subscription filter copying the conversation logs elsewhere',
      CFN,
      (t) =>
        (t.Resources.Extra = {
          Type: 'AWS::Logs::SubscriptionFilter',
          Properties: {
            LogGroupName: '/convoguard/x',
            FilterPattern: '',
            DestinationArn: 'arn:aws:logs:us-east-1:999999999999:destination:d',
          },
        }),
      /cannot verify added: Extra: AWS::Logs::SubscriptionFilter Extra copies the events/,
    ],
    [
      'count = 0 on the Cloud Logging exclusion',
      TF,
      (t) => Object.values(t.resource.google_logging_project_exclusion as Json).forEach((r: Json) => (r.count = 0)),
      /cannot verify added: google_logging_project_exclusion\.[\w]+: .* sets count = 0/,
    ],
    [
      'a custom role on the key',
      TF,
      (t) =>
        (t.resource.google_kms_crypto_key_iam_member.extra = {
          crypto_key_id: `\${google_kms_crypto_key.${TFKEY}.id}`,
          role: 'projects/acme-cx-prod/roles/myDecrypter',
          member: 'user:intern@example.com',
        }),
      /cannot verify added: google_kms_crypto_key_iam_member\.extra: .* grants the custom role projects\/acme-cx-prod\/roles\/myDecrypter/,
    ],
    [
      'a log sink convoguard did not create',
      TF,
      (t) =>
        (t.resource.google_logging_project_sink.extra = {
          name: 'copy',
          destination: 'storage.googleapis.com/elsewhere',
        }),
      /cannot verify added: google_logging_project_sink\.extra: .* routes log entries/,
    ],
    [
      'audio bucket versioning on without a noncurrent expiry',
      CFN,
      (t) => {
        const b = t.Resources.billingAudioBucketE4EFCAA8.Properties;
        b.VersioningConfiguration = { Status: 'Enabled' };
        for (const r of b.LifecycleConfiguration.Rules) delete r.NoncurrentVersionExpiration;
      },
      /retention up/,
    ],
    [
      'a CloudFormation Condition on the conversation log group',
      CFN,
      (t) => (t.Resources.billingConversationLogs48438003.Condition = 'Never'),
      /cannot verify added: billingConversationLogs48438003: billingConversationLogs48438003 exists only when the condition "Never" holds/,
    ],
    [
      'a second masking statement',
      CFN,
      (t) => {
        const dpp = t.Resources.billingConversationLogs48438003.Properties.DataProtectionPolicy;
        const mask = (dpp.Statement as Json[]).find((st) => st.Operation.Deidentify)!;
        dpp.Statement.push({ ...mask, Sid: 'second', DataIdentifier: mask.DataIdentifier.slice(0, 1) });
      },
      /cannot verify added: billingConversationLogs48438003: the data protection policy has 2 Deidentify statements/,
    ],
    [
      'the DenyUnmask policy deleted',
      CFN,
      (t) => delete t.Resources[Object.keys(t.Resources).find((k) => k.startsWith('billingDenyUnmask'))!],
      /cannot verify added: .*the DenyUnmask policy the plan enforces \(access\.enforce\) is missing/,
    ],
    [
      'bucket versioning turned on',
      TF,
      (t) => (t.resource.google_storage_bucket[BUCKET].versioning = { enabled: true }),
      /retention up/,
    ],
    [
      'the delete rule limited to archived objects',
      TF,
      (t) => (t.resource.google_storage_bucket[BUCKET].lifecycle_rule[0].condition.with_state = 'ARCHIVED'),
      /retention up/,
    ],
  ];
  test.each(cases)('%s', (_what, file, edit, expected) => {
    const h = head(file, edit);
    const changes = weakenings(h);
    expect(changes.join('\n')).toMatch(expected);
    expect(posture(h).findings.filter((f) => !f.planned).length + changes.length).toBeGreaterThan(0);
  });

  test('the Meya file with YAML 1.1 booleans (enabled: no, transport: off) is read as off', () => {
    const to = exampleSynthesis();
    const file = path.join(to, 'out', 'meya', 'web-chat', 'integration', 'sensitive_data.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('enabled: true', 'enabled: no')
        .replace('transport: true', 'transport: off'),
    );
    expect(weakenings(to)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^web-chat .*redaction detached from the agent/)]),
    );
    expect(
      posture(to)
        .findings.filter((f) => f.agent === 'web-chat' && !f.planned)
        .map((f) => f.rule),
    ).toEqual(expect.arrayContaining(['CG-ATTACHED', 'CG-MEYA-SCOPE']));
  });

  test('a Meya file with a key the reader does not know cannot be verified', () => {
    const to = exampleSynthesis();
    const file = path.join(to, 'out', 'meya', 'web-chat', 'integration', 'sensitive_data.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + 'Enabled: false\n');
    expect(weakenings(to)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^web-chat .*cannot verify added: .*unknown key "Enabled" in the Meya integration/),
      ]),
    );
  });

  test('--fail-on-weaken exits 1 on a head it cannot fully read', async () => {
    const h = head(
      CFN,
      (t) => (t.Resources.Extra = { Type: 'AWS::KMS::Grant', Properties: { GranteePrincipal: 'x' } }),
    );
    const r = await runCli(['diff', '--base', base, '--head', h, '--fail-on-weaken']);
    expect(r.code).toBe(1);
  });
});

test('a plan.json this version cannot read is a usage error (exit 2) with a message, not a stack trace', async () => {
  const h = head('out/plan.json', (p) => {
    delete p.agents[0].names;
  });
  const r = await runCli(['report', '--cdk-out', 'cdk.out', '--tf-out', 'cdktf.out', '--rasa', 'out'], h);
  expect(r.code).toBe(2);
  expect(r.err).toContain('plan.json: agent "support" is not a plan this version can read');
});

/** A head that is not what a synthesis writes is refused with the file and the place, exit 2: never read as a pass. */
describe('corrupt input exits 2 with a located message, distinct from a weakening (exit 1)', () => {
  const KEY = 'billingKey885896F5';
  const rewrite = (file: string, text: string) => {
    const to = exampleSynthesis();
    fs.writeFileSync(path.join(to, file), text);
    return to;
  };
  const cases: Array<[string, () => string, string]> = [
    [
      'a truncated template',
      () => rewrite(CFN, fs.readFileSync(path.join(base, CFN), 'utf8').slice(0, 5000)),
      `${CFN}:`,
    ],
    [
      'a null resource',
      () => head(CFN, (t) => (t.Resources[KEY] = null)),
      `Resources.${KEY} is null; expected a mapping with Type and Properties`,
    ],
    [
      'a key policy Statement that is an object',
      () =>
        head(
          CFN,
          (t) => (t.Resources[KEY].Properties.KeyPolicy.Statement = t.Resources[KEY].Properties.KeyPolicy.Statement[0]),
        ),
      `Resources.${KEY}.Properties.KeyPolicy.Statement is a mapping; expected a list of statements`,
    ],
    ['a template that is null', () => rewrite(CFN, 'null'), 'the document is null; expected a mapping with Resources'],
    [
      'a Terraform resource type set to null',
      () => head(TF, (t) => (t.resource.google_kms_crypto_key = null)),
      'resource.google_kms_crypto_key is null; expected a mapping of names to google_kms_crypto_key blocks',
    ],
    ['a plan.json that is not JSON', () => rewrite('out/plan.json', '{"version": 1, "agents": ['), 'out/plan.json:1:'],
    ['an empty plan.json', () => rewrite('out/plan.json', ''), 'out/plan.json:1:1: not valid JSON: the file is empty'],
    [
      'broken YAML in an endpoints.yml',
      () => rewrite('out/rasa/kiosk/endpoints.yml', 'anonymization: [\n'),
      'out/rasa/kiosk/endpoints.yml:2:1: not valid YAML',
    ],
    [
      'a template that is a link to a device that never ends',
      () =>
        headWith((h) => {
          fs.rmSync(path.join(h, CFN));
          fs.symlinkSync('/dev/zero', path.join(h, CFN));
        }),
      'not a regular file (a device, a pipe or a folder)',
    ],
    [
      'a plan.json that is a pipe',
      () =>
        headWith((h) => {
          fs.rmSync(path.join(h, 'out', 'plan.json'));
          execFileSync('mkfifo', [path.join(h, 'out', 'plan.json')]);
        }),
      'out/plan.json: not a regular file (a device, a pipe or a folder)',
    ],
    [
      'a Meya file that is a list',
      () => rewrite('out/meya/web-chat/integration/sensitive_data.yaml', '- enabled\n'),
      'sensitive_data.yaml:1:1: received a list; expected a Meya sensitive_data.yaml (a mapping)',
    ],
  ];

  /** Read by diff as changes of the deployed output (exit 1, named); report, which has no base, still refuses them. */
  const changes: Array<[string, () => string, string, string]> = [
    [
      'a Terraform override file beside cdk.tf.json',
      () =>
        headWith((h) => {
          fs.writeFileSync(path.join(h, path.dirname(TF), 'evil_override.tf.json'), '{"resource": {}}');
        }),
      'evil_override.tf.json beside cdk.tf.json; Terraform would merge it into the deployment',
      'evil_override.tf.json` | — |',
    ],
    [
      'a cloud assembly that deploys another template',
      () =>
        head(
          'cdk.out/manifest.json',
          (m) => (m.artifacts['support-assistant-aws-us-east-1'].properties.templateFile = 'evil.json'),
        ),
      'stack support-assistant-aws-us-east-1 deploys "evil.json", not support-assistant-aws-us-east-1.template.json',
      'deploys "evil.json", not support-assistant-aws-us-east-1.template.json',
    ],
    [
      'a plan.json removed from the head',
      () =>
        headWith((h) => {
          fs.rmSync(path.join(h, 'out', 'plan.json'));
        }),
      'out/plan.json is missing; this synthesis wrote it',
      'the synthesis wrote this file and it is gone',
    ],
    [
      'an extra Terraform stack folder',
      () =>
        headWith((h) => {
          fs.mkdirSync(path.join(h, 'cdktf.out', 'stacks', 'evil'));
          fs.writeFileSync(path.join(h, 'cdktf.out', 'stacks', 'evil', 'main.tf.json'), '{"resource": {}}');
        }),
      'cdktf.out/stacks/evil/main.tf.json: not written by this synthesis (not in its manifest)',
      '`cdktf.out/stacks/evil/main.tf.json`',
    ],
    [
      'an extra CloudFormation template',
      () =>
        headWith((h) => {
          fs.writeFileSync(path.join(h, 'cdk.out', 'evil.template.json'), '{"Resources": {}}');
        }),
      'cdk.out/evil.template.json: not written by this synthesis',
      '`cdk.out/evil.template.json`',
    ],
  ];
  test.each(changes)('%s: report exits 2, diff names the change and exits 1', async (_what, make, refusal, change) => {
    const h = make();
    const report = await runCli(['report', '--dir', h]);
    expect(report.code).toBe(2);
    expect(report.err).toContain(refusal);
    const diff = await runCli(['diff', '--base', base, '--head', h, '--fail-on-weaken']);
    expect(diff.code).toBe(1);
    expect(diff.out).toContain(change);
    expect(diff.err).toBe('');
  });
  test.each(cases)('%s', async (_what, make, message) => {
    const h = make();
    for (const args of [
      ['diff', '--base', base, '--head', h, '--fail-on-weaken'],
      ['report', '--dir', h],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.out).toBe('');
    }
  });

  test('the same head with a readable weakening exits 1, and report --fail-on-findings exits 1 on it and 0 on the base', async () => {
    const h = head(CFN, (t) => (t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 30));
    expect((await runCli(['diff', '--base', base, '--head', h, '--fail-on-weaken'])).code).toBe(1);
    expect((await runCli(['report', '--dir', h, '--fail-on-findings'])).code).toBe(1);
    expect((await runCli(['report', '--dir', base, '--fail-on-findings'])).code).toBe(0);
  });
});

/** `diff` reads a folder only as the one synthesis its manifest describes. */
describe('the manifest: a head whose synthesis dropped, kept or mixed folders does not pass', () => {
  const refuse = async (h: string, message: string) => {
    const r = await runCli(['diff', '--base', base, '--head', h, '--fail-on-weaken']);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain(message);
  };
  test('a stale folder the manifest does not list', async () => {
    const h = head('out/convoguard.json', (m) => (m.folders = m.folders.filter((f: string) => f !== 'cdk.out')));
    await refuse(
      h,
      'cdk.out/ is not from this synthesis (the manifest does not list it): a stale folder from an earlier run',
    );
  });
  test('a folder from another run', async () => {
    const h = exampleSynthesis();
    fs.writeFileSync(path.join(h, 'cdktf.out', '.convoguard-synth'), 'another-run\n');
    await refuse(h, 'cdktf.out/ was written by another synthesis');
  });
  /** What the base had and the head lacks is protection removed (exit 1, named); report, with no base, refuses it. */
  const removed = async (h: string, reportRefusal: string, change: string) => {
    const r = await runCli(['report', '--dir', h]);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain(reportRefusal);
    const d = await runCli(['diff', '--base', base, '--head', h, '--fail-on-weaken']);
    expect(d.code).toBe(1);
    expect(d.out).toContain(change);
  };
  test('a folder the manifest lists that is missing', async () => {
    const h = exampleSynthesis();
    fs.rmSync(path.join(h, 'cdk.out'), { recursive: true });
    await removed(h, 'cdk.out/ is missing; this synthesis wrote it', 'protection for agent "billing" was removed');
  });
  test('an agent the manifest lists whose output is gone, and one it does not list', async () => {
    const gone = exampleSynthesis();
    fs.rmSync(path.join(gone, 'out', 'rasa', 'kiosk'), { recursive: true });
    await removed(
      gone,
      'agent "kiosk" (rasa) is in the manifest, but out/ holds no output for it',
      'protection for agent "kiosk" was removed',
    );
    // A manifest that no longer lists an agent whose file is still written: report refuses the mix; diff compares
    // what is deployed, which is the base's, and passes.
    const extra = head(
      'out/convoguard.json',
      (m) => (m.agents = m.agents.filter((a: { name: string }) => a.name !== 'web-chat')),
    );
    const r = await runCli(['report', '--dir', extra]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'agent "web-chat" (meya) is in out/meya/web-chat/integration/sensitive_data.yaml, but this synthesis did not produce it',
    );
    expect((await runCli(['diff', '--base', base, '--head', extra, '--fail-on-weaken'])).code).toBe(0);
  });
});

describe('a Rasa head that Rasa would read differently is reported, never passed', () => {
  const rasaHead = (from: string | RegExp, to: string) => {
    const h = exampleSynthesis();
    const file = path.join(h, 'out', 'rasa', 'kiosk', 'endpoints.yml');
    const text = fs.readFileSync(file, 'utf8');
    if (!text.match(from)) throw new Error(`the kiosk endpoints.yml no longer contains ${from}`);
    fs.writeFileSync(file, text.replace(from, to));
    return h;
  };
  test.each<[string, string | RegExp, string, RegExp]>([
    ['a substitution Rasa does not know', /substitution: mask/, 'substitution: keep', /substitution "keep"/],
    ['a broker that is not Kafka', 'type: kafka', 'type: pika', /event_broker is type "pika"/],
    [
      'events in plain text',
      /security_protocol: .*/,
      'security_protocol: PLAINTEXT',
      /security_protocol is "PLAINTEXT"/,
    ],
    [
      'a topic naming a rule list that does not exist',
      /(- name: conversations-anonymized\n\s+)anonymization_rules: default/,
      '$1anonymization_rules: nonexistent',
      /names the rule list "nonexistent"/,
    ],
    [
      'a replacement text Rasa would expand from the environment',
      /value: .*/,
      'value: ${AWS_SECRET_ACCESS_KEY}',
      /holds \$\{…\}/,
    ],
    [
      "a tracker store added beside convoguard's keys",
      /$/,
      '\ntracker_store:\n  type: sql\n  url: evil.example.com\n',
      /endpoints\.yml has "tracker_store", which convoguard does not write/,
    ],
  ])('%s', (_what, from, to, expected) => {
    const h = rasaHead(from, to);
    expect(weakenings(h).join('\n')).toMatch(expected);
  });
});

test('Cloud Logging: an exclusion narrowed to the request log, or a sink filter convoguard did not write, keeps Dialogflow logs in _Default', () => {
  const requestLog = 'logName="projects/acme-cx-prod/logs/dialogflow-runtime.googleapis.com%2Frequests"';
  // The request log alone kept out of _Default: telephony and audit logs of Dialogflow still land there for 30 days.
  const narrowed = head(TF, (t) =>
    Object.values(t.resource.google_logging_project_exclusion as Json).forEach((r: Json) => (r.filter = requestLog)),
  );
  const others = posture(narrowed)
    .agents.find((a) => a.agent === 'support')!
    .stores.find(
      (s) => s.name === 'Cloud Logging _Default bucket (global): Dialogflow logs other than the request log',
    );
  expect(others).toMatchObject({
    kind: 'cloud-logging',
    retention: { configuredSeconds: 30 * 86400 },
    encryption: { kind: 'provider' },
    sensitive: true,
  });
  // The alert reads the request log only: it verifies nothing in a store of the other logs.
  expect(others!.verifiedBy).toEqual([]);
  expect(deviations(narrowed)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^CG-STORE-RETENTION support google_dialogflow_cx_agent\.\w+: cloud-logging "Cloud Logging _Default bucket \(global\): Dialogflow logs other than the request log"/,
      ),
    ]),
  );
  // A narrowed sink (errors only) is not read as routing: the routed bucket is gone, and the filter is unverified.
  const errorsOnly = head(TF, (t) =>
    Object.values(t.resource.google_logging_project_sink as Json).forEach(
      (r: Json) => (r.filter = `${requestLog} AND severity>=ERROR`),
    ),
  );
  const p = posture(errorsOnly);
  const support = p.agents.find((a) => a.agent === 'support')!;
  const routedBucket = 'Cloud Logging bucket support-assistant-support-logs (us-central1)';
  expect(
    posture(base)
      .agents.find((a) => a.agent === 'support')!
      .stores.map((s) => s.name),
  ).toContain(routedBucket);
  expect(support.stores.map((s) => s.name)).not.toContain(routedBucket);
  expect(support.unverified).toEqual(
    expect.arrayContaining([
      {
        resource: expect.stringMatching(/^google_logging_project_sink\./),
        what: expect.stringContaining('is not one convoguard writes'),
      },
    ]),
  );
  expect(p.findings.filter((f) => !f.planned).map((f) => f.rule)).toContain('CG-UNVERIFIED');
});

/** The Lex agent's audio store as the report reads it, and the read deny of its bucket policy in a template. */
const audio = (dir: string) =>
  posture(dir)
    .agents.find((a) => a.agent === 'billing')!
    .stores.find((s) => s.kind === 'audio')!;
const denyOf = (doc: Json) =>
  Object.values(doc.Resources as Record<string, Json>)
    .flatMap((r) => (r.Type === 'AWS::S3::BucketPolicy' ? r.Properties.PolicyDocument.Statement : []))
    .find((s: Json) => s.Sid === 'OnlyNamedReaders');

test("the audio bucket's read deny: only the decrypters read; an added exemption is CG-READERS, a removed deny widens the readers", () => {
  const t = JSON.parse(fs.readFileSync(path.join(base, CFN), 'utf8'));
  const policy = Object.values(t.Resources as Record<string, Json>).find(
    (r) =>
      r.Type === 'AWS::S3::BucketPolicy' &&
      r.Properties.PolicyDocument.Statement.some((s: Json) => s.Sid === 'OnlyNamedReaders'),
  )!;
  // S3 requests are exempt from the key's deny, so the bucket policy is what limits readers of the audio.
  expect(policy.Properties.PolicyDocument.Statement.find((s: Json) => s.Sid === 'OnlyNamedReaders')).toEqual({
    Sid: 'OnlyNamedReaders',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['s3:GetObject', 's3:GetObjectVersion'],
    Resource: expect.anything(),
    Condition: { ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/PrivacyOfficer'] } },
  });
  expect(audio(base).readers.map((r) => r.who)).toEqual([
    'arn:aws:iam::111122223333:role/PrivacyOfficer',
    'principals that can change the bucket policy (s3:PutBucketPolicy, s3:DeleteBucketPolicy)',
  ]);
  const widened = head(CFN, (doc) =>
    denyOf(doc).Condition.ArnNotEquals['aws:PrincipalArn'].push('arn:aws:iam::111122223333:role/Outsider'),
  );
  expect(deviations(widened)).toEqual(
    expect.arrayContaining([
      expect.stringContaining(
        'CG-READERS billing billingAudioBucketE4EFCAA8: audio "Lex audio logs": arn:aws:iam::111122223333:role/Outsider can read it',
      ),
    ]),
  );
  const removed = head(CFN, (doc) => {
    for (const r of Object.values(doc.Resources as Record<string, Json>))
      if (r.Type === 'AWS::S3::BucketPolicy')
        r.Properties.PolicyDocument.Statement = r.Properties.PolicyDocument.Statement.filter(
          (s: Json) => s.Sid !== 'OnlyNamedReaders',
        );
  });
  expect(audio(removed).readers.map((r) => r.who)).toContain(
    'IAM principals with s3:GetObject and kms:Decrypt in the account',
  );
  expect(weakenings(removed)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^billing billingAudioBucketE4EFCAA8: audio "Lex audio logs": reader added: IAM principals with s3:GetObject/,
      ),
    ]),
  );
});

test('a read deny that does not act is not read as one: another prefix, a second condition; a lower-case key still exempts; its absence is CG-UNVERIFIED', () => {
  const OPEN = 'IAM principals with s3:GetObject and kms:Decrypt in the account';
  // Only objects under unused/ denied: the audio stays readable.
  const prefix = head(CFN, (doc) => {
    const r = denyOf(doc).Resource;
    r['Fn::Join'][1][1] = '/unused/*';
  });
  expect(audio(prefix).readers.map((r) => r.who)).toContain(OPEN);
  expect(deviations(prefix)).toEqual(
    expect.arrayContaining([
      expect.stringContaining(
        "CG-UNVERIFIED billing billingAudioBucketE4EFCAA8: cannot verify: the audio bucket's read deny the plan enforces",
      ),
    ]),
  );
  // IAM reads condition keys without case: a lower-case key with a wildcard exemption is still an exemption.
  const wildcard = head(CFN, (doc) => {
    denyOf(doc).Condition = { ArnNotEquals: { 'aws:principalarn': 'arn:aws:iam::111122223333:role/*' } };
  });
  expect(audio(wildcard).readers.map((r) => r.who)).toContain('arn:aws:iam::111122223333:role/*');
  expect(deviations(wildcard)).toEqual(
    expect.arrayContaining([expect.stringContaining('CG-READERS billing billingAudioBucketE4EFCAA8')]),
  );
  // A second condition narrows the deny to some requests only: not read as a restriction.
  const narrowed = head(CFN, (doc) => {
    denyOf(doc).Condition.Bool = { 'aws:SecureTransport': 'false' };
  });
  expect(audio(narrowed).readers.map((r) => r.who)).toContain(OPEN);
});

test("another project's exclusion keeps nothing out of this project's _Default bucket", () => {
  const elsewhere = head(TF, (t) =>
    Object.values(t.resource.google_logging_project_exclusion as Json).forEach((r: Json) => {
      r.project = 'acme-other-prod';
      r.filter = String(r.filter).replace(/acme-cx-prod/g, 'acme-other-prod');
    }),
  );
  const names = (dir: string) =>
    posture(dir)
      .agents.find((a) => a.agent === 'support')!
      .stores.map((s) => s.name);
  expect(names(base)).not.toContain('Cloud Logging _Default bucket (global)');
  expect(names(elsewhere)).toContain('Cloud Logging _Default bucket (global)');
});
