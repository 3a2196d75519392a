import 'cdktf/lib/testing/adapters/jest';
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE, exampleSynthesis, runCli, tmpDir } from '../helpers';
import { hasValidator, ref, testIf, Tf, validateTf } from './helpers';

// The suite's one synthesis of the example policy (test/global-setup.ts).
let root = '';
let stacks: string[] = [];
let tf: Tf;
const STACK = 'support-assistant-gcp-acme-cx-prod-us-central1';

beforeAll(() => {
  root = exampleSynthesis();
  stacks = fs.readdirSync(path.join(root, 'cdktf.out', 'stacks'));
  tf = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
});

const byPath = (type: string, suffix: string): [string, any] => {
  const hit = Object.entries(tf.resource[type] ?? {}).find(([, r]) => (r as any)['//'].metadata.path.endsWith(suffix));
  if (!hit) throw new Error(`no ${type} at ${suffix}`);
  return hit as [string, any];
};
const refTo = (type: string, suffix: string, attr: string) => `\${${type}.${byPath(type, suffix)[0]}.${attr}}`;

test('one stack per project and location, the CX Agent Studio apps in a stack of their own', () => {
  expect(stacks.sort()).toEqual(['support-assistant-ces-acme-cx-prod-us', STACK]);
});

testIf(hasValidator)(
  'every synthesized stack passes the google 6.50.0 schema checks (the CES stack: with the 7.45 google_ces_* types merged in) with 0 errors and no unchecked type',
  () => {
    for (const s of stacks) {
      const { code, output } = validateTf(path.join(root, 'cdktf.out', 'stacks', s, 'cdk.tf.json'));
      expect(output).toContain('0 errors in 1 file(s)');
      expect(output).not.toContain('not covered by the schema file');
      expect(code).toBe(0);
    }
  },
);

test('construct tree is stable: resource paths are API', () => {
  const paths = Object.values(tf.resource)
    .flatMap((rs) => Object.values(rs).map((r: any) => r['//'].metadata.path.replace(`${STACK}/`, '')))
    .sort();
  expect(paths).toEqual([
    'ProjectGrants/DialogflowDeidentifyTemplatesReader',
    'ProjectGrants/DialogflowInspectTemplatesReader',
    // The DLP agent's read grant on your export: the stack's (agents may share an export), named by what it grants.
    'VerifyGrant-89fa50e3c431',
    'support/Agent/Agent',
    'support/AudioBucket/Resource',
    'support/AudioBucketReaders',
    'support/DeidentifyTemplate/Resource',
    'support/GenerativeSettings',
    'support/InspectTemplate/Resource',
    'support/Key/Decrypter-group-privacy-officers-example-com-572a284e',
    'support/Key/EncrypterDecrypter-bigquery',
    'support/Key/EncrypterDecrypter-managedKafka',
    'support/Key/EncrypterDecrypter-pubsub',
    'support/Key/EncrypterDecrypter-storage',
    'support/Key/KeyRing',
    'support/Key/Resource',
    'support/LogRouting/Bucket',
    'support/LogRouting/DefaultExclusion',
    'support/LogRouting/LoggingKeyUser',
    'support/LogRouting/Sink',
    'support/ModelArmor/Resource',
    'support/SecuritySettings/Resource',
    'support/Topics/Acl-kiosk-raw-events',
    'support/Topics/Cluster',
    'support/Topics/Topic-conversations-anonymized',
    'support/Topics/Topic-kiosk-raw-events',
    'support/Verify/Channel',
    'support/Verify/DlpPublish',
    'support/Verify/DlpWritesFindings',
    // verify.notify.email: a channel per address, named by the address.
    'support/Verify/Emailff9b8f83',
    'support/Verify/Findings',
    'support/Verify/NotificationsPublish',
    'support/Verify/Scan-4c276e11',
    'support/Verify/Topic',
    'support/Verify/UnredactedLogs',
  ]);
});

describe('verify: the alert, the topic and the scan that prove redaction held', () => {
  const keyId = () => refTo('google_kms_crypto_key', 'Key/Resource', 'id');
  const topicId = () => refTo('google_pubsub_topic', 'Verify/Topic', 'id');

  test("alerts and findings go to a Pub/Sub topic under the agent's key, created after Pub/Sub may use the key", () => {
    const [, topic] = byPath('google_pubsub_topic', 'Verify/Topic');
    const [grantName, grant] = byPath('google_kms_crypto_key_iam_member', 'Key/EncrypterDecrypter-pubsub');
    expect(topic).toMatchObject({
      project: 'acme-cx-prod',
      name: 'support-assistant-support-redaction-alerts',
      kms_key_name: keyId(),
      depends_on: [`google_kms_crypto_key_iam_member.${grantName}`],
    });
    expect(grant).toMatchObject({
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: expect.stringMatching(
        /^serviceAccount:service-\$\{data\.google_project\..+\.number\}@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/,
      ),
    });
    // The channel first (Monitoring's notification agent may come to exist with it), then the agent's publish grant,
    // then the alert that publishes through it.
    const [channelName, channel] = byPath('google_monitoring_notification_channel', 'Verify/Channel');
    expect(channel).toMatchObject({ type: 'pubsub', labels: { topic: topicId() } });
    expect(channel.depends_on).toBeUndefined();
    const [pubName, pub] = byPath('google_pubsub_topic_iam_member', 'Verify/NotificationsPublish');
    expect(pub).toMatchObject({
      topic: topicId(),
      role: 'roles/pubsub.publisher',
      member: expect.stringContaining('@gcp-sa-monitoring-notification.iam.gserviceaccount.com'),
      depends_on: [`google_monitoring_notification_channel.${channelName}`],
    });
    expect(byPath('google_monitoring_alert_policy', 'Verify/UnredactedLogs')[1].depends_on).toEqual([
      `google_pubsub_topic_iam_member.${pubName}`,
    ]);
  });

  test('each verify.notify.email address is an e-mail channel, so the alert reaches someone', () => {
    expect(byPath('google_monitoring_notification_channel', 'Verify/Emailff9b8f83')[1]).toMatchObject({
      type: 'email',
      labels: { email_address: 'privacy-alerts@example.com' },
    });
  });

  test("the log-match alert watches the project's Dialogflow request logs for the agent's patterns in end-user text", () => {
    const [, policy] = byPath('google_monitoring_alert_policy', 'Verify/UnredactedLogs');
    expect(policy).toMatchObject({
      display_name: 'support-assistant-support: unredacted Dialogflow request logs',
      combiner: 'OR',
      // The Pub/Sub channel, and an e-mail channel per verify.notify.email address: the Pub/Sub topic has no subscriber.
      notification_channels: [
        refTo('google_monitoring_notification_channel', 'Verify/Channel', 'id'),
        refTo('google_monitoring_notification_channel', 'Verify/Emailff9b8f83', 'id'),
      ],
      alert_strategy: { notification_rate_limit: { period: '3600s' } },
    });
    const filter: string = policy.conditions[0].condition_matched_log.filter;
    expect(
      filter.startsWith(
        'logName="projects/acme-cx-prod/logs/dialogflow-runtime.googleapis.com%2Frequests" AND (jsonPayload.queryInput.text.text =~ "(ORD-[0-9]{8})|(',
      ),
    ).toBe(true);
    expect(filter).toContain('jsonPayload.queryResult.transcript =~');
    expect(filter).not.toContain('responseMessages');
  });

  test("a DLP job trigger scans the BigQuery export every 7 days with the agent's inspect template of its location, after its grants", () => {
    const [, trigger] = byPath('google_data_loss_prevention_job_trigger', 'Verify/Scan-4c276e11');
    const [, template] = byPath('google_data_loss_prevention_inspect_template', 'InspectTemplate/Resource');
    expect(template.parent).toBe('projects/acme-cx-prod/locations/us-central1');
    expect(template.inspect_config.include_quote).toBe(false);
    const dataset = refTo('google_bigquery_dataset', 'Verify/Findings', 'dataset_id');
    expect(trigger).toMatchObject({
      parent: 'projects/acme-cx-prod/locations/us-central1',
      trigger_id: 'support-assistant-support-export-4c276e11',
      triggers: [{ schedule: { recurrence_period_duration: '604800s' } }],
      inspect_job: {
        inspect_template_name: refTo('google_data_loss_prevention_inspect_template', 'InspectTemplate/Resource', 'id'),
        storage_config: {
          big_query_options: {
            table_reference: { project_id: 'acme-cx-prod', dataset_id: 'cx_insights', table_id: 'conversations' },
          },
        },
        actions: [
          { pub_sub: { topic: topicId() } },
          { save_findings: { output_config: { table: { project_id: 'acme-cx-prod', dataset_id: dataset } } } },
        ],
      },
    });
    const grants = [
      'google_pubsub_topic_iam_member:Verify/DlpPublish',
      'google_bigquery_dataset_iam_member:Verify/DlpWritesFindings',
      'google_bigquery_dataset_iam_member:VerifyGrant-89fa50e3c431',
    ].map((x) => {
      const [type, suffix] = x.split(':');
      return `${type}.${byPath(type, suffix)[0]}`;
    });
    expect(trigger.depends_on).toEqual(grants);
    expect(byPath('google_bigquery_dataset_iam_member', 'VerifyGrant-89fa50e3c431')[1]).toMatchObject({
      project: 'acme-cx-prod',
      dataset_id: 'cx_insights',
      role: 'roles/bigquery.dataViewer',
      member: expect.stringContaining('@dlp-api.iam.gserviceaccount.com'),
    });
    // Findings (no quotes) are kept retention.anonymized, under the key, in the agent's location.
    expect(byPath('google_bigquery_dataset', 'Verify/Findings')[1]).toMatchObject({
      dataset_id: 'support_assistant_support_dlp_findings',
      location: 'us-central1',
      default_table_expiration_ms: 30 * 86400 * 1000,
      default_encryption_configuration: { kms_key_name: keyId() },
    });
  });
});

test("the Model Armor template screens with the agent's own inspect and de-identify templates, in their location, and logs no prompt", () => {
  const [, armor] = byPath('google_model_armor_template', 'ModelArmor/Resource');
  expect(armor).toMatchObject({
    project: 'acme-cx-prod',
    location: 'us-central1',
    template_id: 'support-assistant-support-armor',
    filter_config: {
      sdp_settings: {
        advanced_config: {
          inspect_template: refTo('google_data_loss_prevention_inspect_template', 'InspectTemplate/Resource', 'id'),
          deidentify_template: refTo(
            'google_data_loss_prevention_deidentify_template',
            'DeidentifyTemplate/Resource',
            'id',
          ),
        },
      },
    },
    template_metadata: { log_sanitize_operations: false, enforcement_type: 'INSPECT_AND_BLOCK' },
  });
  const [, inspect] = byPath('google_data_loss_prevention_inspect_template', 'InspectTemplate/Resource');
  expect(inspect.parent).toBe('projects/acme-cx-prod/locations/us-central1');
});

test("banned phrases go on the created agent's generative settings, in its language", () => {
  const [, settings] = byPath('google_dialogflow_cx_generative_settings', 'GenerativeSettings');
  expect(settings).toMatchObject({
    parent: refTo('google_dialogflow_cx_agent', 'Agent/Agent', 'id'),
    language_code: 'en',
    generative_safety_settings: {
      default_banned_phrase_match_strategy: 'PARTIAL_MATCH',
      banned_phrases: [{ text: 'your card number is', language_code: 'en' }],
    },
  });
});

test('security settings reference both templates and the audio bucket; the agent references the settings', () => {
  const [, settings] = byPath('google_dialogflow_cx_security_settings', 'SecuritySettings/Resource');
  expect(settings.inspect_template).toBe(
    refTo('google_data_loss_prevention_inspect_template', 'InspectTemplate/Resource', 'id'),
  );
  expect(settings.deidentify_template).toBe(
    refTo('google_data_loss_prevention_deidentify_template', 'DeidentifyTemplate/Resource', 'id'),
  );
  expect(settings.audio_export_settings.gcs_bucket).toBe(
    refTo('google_storage_bucket', 'AudioBucket/Resource', 'name'),
  );
  expect(settings.retention_window_days).toBe(1);
  const [, agent] = byPath('google_dialogflow_cx_agent', 'Agent/Agent');
  expect(agent).toMatchObject({
    security_settings: ref(tf, 'google_dialogflow_cx_security_settings', 'id'),
    location: 'us-central1',
    display_name: 'Support',
    time_zone: 'Europe/London',
  });
});

test('inspect template carries the policy detectors; de-identify template the policy rules', () => {
  const [, inspect] = byPath('google_data_loss_prevention_inspect_template', 'InspectTemplate/Resource');
  expect(inspect.parent).toBe('projects/acme-cx-prod/locations/us-central1');
  expect(inspect.inspect_config.info_types.map((t: any) => t.name)).toEqual([
    'EMAIL_ADDRESS',
    'PHONE_NUMBER',
    'CREDIT_CARD_NUMBER',
    'IBAN_CODE',
    'US_SOCIAL_SECURITY_NUMBER',
    'PERSON_NAME',
    'STREET_ADDRESS',
    'IP_ADDRESS',
    'DATE_OF_BIRTH',
  ]);
  expect(inspect.inspect_config.custom_info_types).toEqual([
    { info_type: { name: 'ORDER_NUMBER' }, likelihood: 'VERY_LIKELY', regex: { pattern: 'ORD-[0-9]{8}' } },
    {
      info_type: { name: 'SSML_REDACTION_MARKERS' },
      likelihood: 'VERY_LIKELY',
      regex: { pattern: '<mark name="redact-start"/>.*?<mark name="redact-end"/>' },
    },
  ]);
  const [, deid] = byPath('google_data_loss_prevention_deidentify_template', 'DeidentifyTemplate/Resource');
  expect(
    deid.deidentify_config.info_type_transformations.transformations.map((t: any) => [
      t.info_types.map((i: any) => i.name),
      t.primitive_transformation,
    ]),
  ).toEqual([
    [['PERSON_NAME'], { replace_config: { new_value: { string_value: 'John Doe' } } }],
    [['CREDIT_CARD_NUMBER', 'IBAN_CODE'], { character_mask_config: { masking_character: '*' } }],
    [
      [
        'EMAIL_ADDRESS',
        'PHONE_NUMBER',
        'US_SOCIAL_SECURITY_NUMBER',
        'STREET_ADDRESS',
        'IP_ADDRESS',
        'DATE_OF_BIRTH',
        'ORDER_NUMBER',
        'SSML_REDACTION_MARKERS',
      ],
      { character_mask_config: { masking_character: '*' } },
    ],
  ]);
});

test('the bucket and the cluster use the key; IAM goes to the right service agents', () => {
  const keyId = refTo('google_kms_crypto_key', 'Key/Resource', 'id');
  expect(byPath('google_storage_bucket', 'AudioBucket/Resource')[1].encryption.default_kms_key_name).toBe(keyId);
  expect(byPath('google_managed_kafka_cluster', 'Topics/Cluster')[1].gcp_config.kms_key).toBe(keyId);
  const number = '${data.google_project.ServiceAgents_Project_AF79CEC7.number}';
  expect(Object.keys(tf.data!.google_project)).toEqual(['ServiceAgents_Project_AF79CEC7']);
  // Cloud Storage's agent comes from the GA data source, which creates it on projects that never used Cloud Storage.
  expect(byPath('google_kms_crypto_key_iam_member', 'EncrypterDecrypter-storage')[1].member).toMatch(
    /^\$\{data\.google_storage_project_service_account\.[A-Za-z0-9_]+\.member\}$/,
  );
  expect(Object.values(tf.data!.google_storage_project_service_account)).toEqual([
    expect.objectContaining({ project: 'acme-cx-prod' }),
  ]);
  expect(byPath('google_kms_crypto_key_iam_member', 'EncrypterDecrypter-managedKafka')[1].member).toBe(
    `serviceAccount:service-${number}@gcp-sa-managedkafka.iam.gserviceaccount.com`,
  );
  expect(
    byPath('google_kms_crypto_key_iam_member', 'Decrypter-group-privacy-officers-example-com-572a284e')[1],
  ).toMatchObject({
    member: 'group:privacy-officers@example.com',
    role: 'roles/cloudkms.cryptoKeyDecrypter',
    crypto_key_id: keyId,
  });
  // Named by the member, not its position. No moved block: cdktf would run `terraform version` on every synth.
  expect(tf).not.toHaveProperty('moved');
  for (const suffix of ['DialogflowInspectTemplatesReader', 'DialogflowDeidentifyTemplatesReader']) {
    expect(byPath('google_project_iam_member', suffix)[1].member).toBe(
      `serviceAccount:service-${number}@gcp-sa-dialogflow.iam.gserviceaccount.com`,
    );
  }
  const members = Object.values(tf.resource.google_kms_crypto_key_iam_member).map((m: any) => m.member);
  expect(members.filter((m: string) => /allUsers|allAuthenticatedUsers/.test(m))).toEqual([]);
});

test('the topic references the cluster and keeps 7 days, rolling segments hourly', () => {
  const [, topic] = byPath('google_managed_kafka_topic', 'Topic-conversations-anonymized');
  expect(topic).toMatchObject({
    cluster: refTo('google_managed_kafka_cluster', 'Topics/Cluster', 'cluster_id'),
  });
  // Kafka deletes a segment only once its newest event is past retention.ms: segment.ms bounds how long after.
  expect(topic.configs).toEqual({ 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'segment.ms': '3600000' });
});

test("kiosk's original events (Rasa 3.12) go to a topic of their own on the cluster, kept retention.sensitive", () => {
  const [, topic] = byPath('google_managed_kafka_topic', 'Topic-kiosk-raw-events');
  expect(topic).toMatchObject({
    topic_id: 'kiosk-raw-events',
    cluster: refTo('google_managed_kafka_cluster', 'Topics/Cluster', 'cluster_id'),
    replication_factor: 3,
  });
  expect(topic.configs).toEqual({ 'retention.ms': '86400000', 'cleanup.policy': 'delete', 'segment.ms': '3600000' });
  // kafka.principal: a Kafka ACL on that topic lets kiosk's service account alone write and describe it. Once a topic
  // has an ACL, Kafka's authorizer admits only the principals it allows: no client of the cluster reads it.
  const [, acl] = byPath('google_managed_kafka_acl', 'Acl-kiosk-raw-events');
  expect(acl).toMatchObject({
    acl_id: 'topic/kiosk-raw-events',
    cluster: refTo('google_managed_kafka_cluster', 'Topics/Cluster', 'cluster_id'),
    location: 'us-central1',
  });
  expect(acl.acl_entries).toEqual(
    ['WRITE', 'DESCRIBE'].map((operation) => ({
      principal: 'User:kiosk-rasa@acme-cx-prod.iam.gserviceaccount.com',
      operation,
      permission_type: 'ALLOW',
      host: '*',
    })),
  );
});

/** The example with its dialogflow-cx agent and the Rasa agent publishing to its cluster: no AWS synthesis needed. */
const gcpOnly = (text: string) => {
  const head = text.slice(0, text.indexOf('agents:\n') + 'agents:\n'.length);
  const agent = (name: string) => {
    // From the agent's line to the next agent's (or the end).
    const m = new RegExp(`^ {2}- \\{ name: ${name},[\\s\\S]*?(?=^ {2}- \\{|(?![\\s\\S]))`, 'm').exec(text);
    if (!m) throw new Error(`the example no longer has the ${name} agent: update gcpOnly`);
    return m[0];
  };
  return head + agent('support') + agent('kiosk');
};

test('an agent without audio export or routed logs synthesizes: its key decrypters are access.decrypters even with no store naming them', async () => {
  const dir = tmpDir('convoguard-noaudio-');
  fs.writeFileSync(
    path.join(dir, 'p.yaml'),
    gcpOnly(fs.readFileSync(EXAMPLE, 'utf8')).replace(
      'location: us-central1,\n',
      'location: us-central1, audioExport: false, cloudLogging: off,\n',
    ),
  );
  const r = await runCli(['synth', 'p.yaml', '--out', dir], dir);
  expect(r.err).not.toContain('internal error');
  expect(r.code).toBe(0);
});

test('cmek: true encrypts Dialogflow storage in the location with the key, before the agent exists', async () => {
  const dir = tmpDir('convoguard-cmek-');
  fs.writeFileSync(
    path.join(dir, 'p.yaml'),
    gcpOnly(fs.readFileSync(EXAMPLE, 'utf8')).replace(
      'location: us-central1,\n',
      'location: us-central1, cmek: true,\n',
    ),
  );
  expect((await runCli(['synth', 'p.yaml', '--out', dir], dir)).code).toBe(0);
  const t: Tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
  const [specName, spec] = Object.entries(t.resource.google_dialogflow_encryption_spec)[0] as [string, any];
  const keyName = Object.keys(t.resource.google_kms_crypto_key)[0];
  expect(spec).toMatchObject({
    location: 'us-central1',
    encryption_spec: { kms_key: `\${google_kms_crypto_key.${keyName}.id}` },
  });
  const grant = Object.entries(t.resource.google_kms_crypto_key_iam_member).find(([, g]: [string, any]) =>
    g.member.includes('gcp-sa-ccai-cmek'),
  )!;
  expect(spec.depends_on).toEqual([`google_kms_crypto_key_iam_member.${grant[0]}`]);
  expect((Object.values(t.resource.google_dialogflow_cx_agent)[0] as any).depends_on).toContain(
    `google_dialogflow_encryption_spec.${specName}`,
  );
  if (hasValidator) expect(validateTf(t).code).toBe(0);
  const { readPosture } = await import('../../lib/report');
  const history = readPosture({ tfOut: path.join(dir, 'cdktf.out') }).agents[0].stores[0];
  expect(history.encryption).toEqual({ kind: 'customer', key: `google_kms_crypto_key.${keyName}` });
});

test('every Dialogflow log: a 1-day regional bucket under the key, a sink into it, an exclusion from _Default', () => {
  // Not only the request log: telephony logs (a call's caller number) and Dialogflow's Data Access audit logs too.
  const filter =
    'logName=~"^projects/acme-cx-prod/logs/dialogflow" OR (logName="projects/acme-cx-prod/logs/cloudaudit.googleapis.com%2Fdata_access" AND protoPayload.serviceName="dialogflow.googleapis.com")';
  const logNames = new RegExp(/logName=~"([^"]+)"/.exec(filter)![1]);
  expect(
    [
      'dialogflow-runtime.googleapis.com%2Frequests',
      'dialogflow.googleapis.com%2Fincoming_call',
      'ces.googleapis.com%2Frequests',
    ].map((n) => logNames.test(`projects/acme-cx-prod/logs/${n}`)),
  ).toEqual([true, true, false]);
  const [bucketName, bucket] = byPath('google_logging_project_bucket_config', 'support/LogRouting/Bucket');
  expect(bucket).toMatchObject({
    project: 'acme-cx-prod',
    location: 'us-central1',
    bucket_id: 'support-assistant-support-logs',
    retention_days: 1,
    cmek_settings: { kms_key_name: refTo('google_kms_crypto_key', 'support/Key/Resource', 'id') },
  });
  // The Logging service agent can use the key before the bucket is created.
  const [grantName, grant] = byPath('google_kms_crypto_key_iam_member', 'support/LogRouting/LoggingKeyUser');
  expect(grant.member).toMatch(
    /^serviceAccount:\$\{data\.google_logging_project_cmek_settings\.[A-Za-z0-9_]+\.service_account_id\}$/,
  );
  expect(bucket.depends_on).toEqual([`google_kms_crypto_key_iam_member.${grantName}`]);
  expect(byPath('google_logging_project_sink', 'support/LogRouting/Sink')[1]).toMatchObject({
    destination:
      'logging.googleapis.com/projects/acme-cx-prod/locations/us-central1/buckets/support-assistant-support-logs',
    filter,
    unique_writer_identity: true,
    depends_on: [`google_logging_project_bucket_config.${bucketName}`],
  });
  expect(byPath('google_logging_project_exclusion', 'support/LogRouting/DefaultExclusion')[1]).toMatchObject({
    filter,
    project: 'acme-cx-prod',
  });
  expect(byPath('google_dialogflow_cx_agent', 'support/Agent/Agent')[1].advanced_settings.logging_settings).toEqual({
    enable_stackdriver_logging: true,
    enable_interaction_logging: true,
    enable_consent_based_redaction: false,
  });
});

test('audio export writes one object per conversation, and only the decrypters view objects at bucket level', () => {
  const [, settings] = byPath('google_dialogflow_cx_security_settings', 'support/SecuritySettings/Resource');
  expect(settings.audio_export_settings.audio_export_pattern).toBe('{conversation}/{timestamp}');
  expect(byPath('google_storage_bucket_iam_binding', 'support/AudioBucketReaders')[1]).toEqual(
    expect.objectContaining({
      bucket: refTo('google_storage_bucket', 'support/AudioBucket/Resource', 'name'),
      role: 'roles/storage.objectViewer',
      members: ['group:privacy-officers@example.com'],
    }),
  );
});

describe('enableApis and cloudLogging: off', () => {
  const dir = tmpDir('convoguard-gcp-apis-');
  let other: Tf;
  beforeAll(async () => {
    const text = gcpOnly(fs.readFileSync(EXAMPLE, 'utf8')).replace(
      'create: { displayName: Support, language: en, timeZone: Europe/London },',
      'create: { displayName: Support, language: en, timeZone: Europe/London }, enableApis: true, cloudLogging: off, consentBasedRedaction: true,',
    );
    fs.writeFileSync(path.join(dir, 'p.yaml'), text);
    const r = await runCli(['synth', 'p.yaml'], dir);
    expect(r.code).toBe(0);
    other = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
  });

  test('the APIs are enabled, never disabled on destroy, and the agent waits for them', () => {
    const services = Object.values(other.resource.google_project_service) as Array<Record<string, unknown>>;
    expect(services.map((s) => s.service)).toEqual([
      'bigquery.googleapis.com',
      'cloudkms.googleapis.com',
      'dialogflow.googleapis.com',
      'dlp.googleapis.com',
      'logging.googleapis.com',
      'managedkafka.googleapis.com',
      'modelarmor.googleapis.com',
      'monitoring.googleapis.com',
      'pubsub.googleapis.com',
      'storage.googleapis.com',
    ]);
    for (const s of services) expect(s).toMatchObject({ project: 'acme-cx-prod', disable_on_destroy: false });
    const agent = Object.values(other.resource.google_dialogflow_cx_agent)[0] as {
      depends_on: string[];
      advanced_settings: { logging_settings: unknown };
    };
    expect(agent.depends_on.filter((d) => d.startsWith('google_project_service.'))).toHaveLength(10);
    expect(agent.advanced_settings.logging_settings).toEqual({
      enable_stackdriver_logging: false,
      enable_interaction_logging: false,
      enable_consent_based_redaction: true,
    });
  });

  test('no log routing when logging is off', () => {
    expect(other.resource.google_logging_project_sink).toBeUndefined();
    expect(other.resource.google_logging_project_exclusion).toBeUndefined();
  });

  testIf(hasValidator)('passes the google 6.50.0 schema checks', () => {
    expect(validateTf(path.join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json')).output).toContain(
      '0 errors in 1 file(s)',
    );
  });
});
