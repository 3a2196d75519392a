import 'cdktf/lib/testing/adapters/jest';
import { DialogflowCxAgent } from '@cdktf/provider-google/lib/dialogflow-cx-agent';
import { DialogflowCxEntityType } from '@cdktf/provider-google/lib/dialogflow-cx-entity-type';
import { DialogflowCxFlow } from '@cdktf/provider-google/lib/dialogflow-cx-flow';
import { DialogflowCxIntent } from '@cdktf/provider-google/lib/dialogflow-cx-intent';
import { DialogflowCxPage } from '@cdktf/provider-google/lib/dialogflow-cx-page';
import { Annotations, Aspects, Lazy, TerraformStack } from 'cdktf';
import {
  AnonymizedTopics,
  DeidentifyTemplate,
  DialogflowCxAgentProtection,
  InspectTemplate,
  ProjectArmorFloor,
  RedactionVerification,
  RedactSensitiveParameters,
  SecuritySettings,
  SensitiveBucket,
  SensitiveDataArmor,
  SensitiveDataKey,
} from '../../lib/gcp';
import { hasValidator, only, ref, synthStack, testIf, validateTf } from './helpers';

const P = 'acme-prod';
const L = 'europe-west2';

function key(stack: TerraformStack, extra: Partial<ConstructorParameters<typeof SensitiveDataKey>[2]> = {}) {
  return new SensitiveDataKey(stack, 'Key', { project: P, location: L, keyRingName: 'ring', keyName: 'key', ...extra });
}
function templates(stack: TerraformStack, location = L) {
  const inspect = new InspectTemplate(stack, 'Inspect', {
    project: P,
    location,
    templateId: 'insp',
    infoTypes: ['EMAIL_ADDRESS'],
  });
  const deid = new DeidentifyTemplate(stack, 'Deid', {
    project: P,
    location,
    templateId: 'deid',
    transformations: [{ infoTypes: ['EMAIL_ADDRESS'], method: 'mask' }],
  });
  return { inspect, deid };
}

describe('SensitiveDataKey', () => {
  const tf = synthStack((s) =>
    key(s, {
      rotationPeriodSeconds: 7776000,
      serviceAgents: { storage: 'serviceAccount:service-1@gs-project-accounts.iam.gserviceaccount.com' },
      decrypters: ['group:privacy@example.com'],
    }),
  );

  test('rotates, cannot be destroyed, and lives in the key ring', () => {
    expect(only(tf, 'google_kms_crypto_key')).toMatchObject({
      rotation_period: '7776000s',
      destroy_scheduled_duration: '2592000s',
      purpose: 'ENCRYPT_DECRYPT',
      key_ring: ref(tf, 'google_kms_key_ring', 'id'),
      lifecycle: { prevent_destroy: true },
    });
    expect(only(tf, 'google_kms_key_ring')).toMatchObject({
      location: L,
      name: 'ring',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('grants encrypt/decrypt to the service agents and decrypt to the decrypters only', () => {
    const grants = Object.values(tf.resource.google_kms_crypto_key_iam_member).map((g: any) => [
      g.role,
      g.member,
      g.crypto_key_id,
    ]);
    expect(grants.sort()).toEqual([
      ['roles/cloudkms.cryptoKeyDecrypter', 'group:privacy@example.com', ref(tf, 'google_kms_crypto_key', 'id')],
      [
        'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        'serviceAccount:service-1@gs-project-accounts.iam.gserviceaccount.com',
        ref(tf, 'google_kms_crypto_key', 'id'),
      ],
    ]);
  });

  test('refuses public members and short rotation', () => {
    expect(() => synthStack((s) => key(s, { decrypters: ['allUsers'] }))).toThrow(
      'test/Key: received the member "allUsers"; public, wildcard, domain-wide and principal-set members may never use a key for sensitive data',
    );
    expect(() => synthStack((s) => key(s, { rotationPeriodSeconds: 3600 }))).toThrow(
      'test/Key: rotationPeriodSeconds received 3600; expected a whole number of seconds, at least 86400 (1 day)',
    );
  });
});

describe('SensitiveBucket', () => {
  const tf = synthStack((s) => {
    const k = key(s, { serviceAgents: { storage: 'serviceAccount:gcs@x' } });
    new SensitiveBucket(s, 'Bucket', {
      project: P,
      name: 'acme-audio',
      location: L,
      kmsKeyId: k.keyId,
      kmsKeyLocation: k.location,
      dependsOn: [k.serviceAgentGrants.storage],
    });
  });

  test('deletes objects after one day, aborts uploads, keeps no soft-deleted copies, and is private', () => {
    expect(only(tf, 'google_storage_bucket')).toMatchObject({
      location: 'EUROPE-WEST2',
      lifecycle_rule: [
        { action: { type: 'Delete' }, condition: { age: 1 } },
        { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 1 } },
      ],
      soft_delete_policy: { retention_duration_seconds: 0 },
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      versioning: { enabled: false },
      force_destroy: false,
    });
    expect(only(tf, 'google_storage_bucket').retention_policy).toBeUndefined();
  });

  test('is encrypted with the key and waits for the storage agent grant', () => {
    const b = only(tf, 'google_storage_bucket');
    expect(b.encryption).toEqual({ default_kms_key_name: ref(tf, 'google_kms_crypto_key', 'id') });
    expect(b.depends_on).toEqual([
      `google_kms_crypto_key_iam_member.${Object.keys(tf.resource.google_kms_crypto_key_iam_member)[0]}`,
    ]);
  });

  test('refuses a key in another location', () => {
    expect(() =>
      synthStack(
        (s) =>
          new SensitiveBucket(s, 'Bucket', {
            project: P,
            name: 'b',
            location: L,
            kmsKeyId: 'projects/p/locations/us-east1/keyRings/r/cryptoKeys/k',
          }),
      ),
    ).toThrow(
      'test/Bucket: the key is in "us-east1" but the bucket is in "europe-west2"; a bucket\'s CMEK key must be in the bucket\'s location',
    );
  });
});

describe('InspectTemplate and DeidentifyTemplate', () => {
  test('inspect template is regional, with built-in, custom and likelihood settings', () => {
    const tf = synthStack(
      (s) =>
        new InspectTemplate(s, 'T', {
          project: P,
          location: L,
          templateId: 'insp',
          infoTypes: ['EMAIL_ADDRESS'],
          customInfoTypes: [{ name: 'ORDER', pattern: 'ORD-[0-9]{8}' }],
          minLikelihood: 'LIKELY',
        }),
    );
    expect(only(tf, 'google_data_loss_prevention_inspect_template')).toMatchObject({
      parent: `projects/${P}/locations/${L}`,
      template_id: 'insp',
      inspect_config: {
        info_types: [{ name: 'EMAIL_ADDRESS' }],
        custom_info_types: [
          { info_type: { name: 'ORDER' }, likelihood: 'VERY_LIKELY', regex: { pattern: 'ORD-[0-9]{8}' } },
        ],
        min_likelihood: 'LIKELY',
      },
    });
    // An explicit {0, 0} is dropped by the provider and would show as a diff on every plan.
    expect(only(tf, 'google_data_loss_prevention_inspect_template').inspect_config.limits).toBeUndefined();
  });

  test('LOCATION and ORGANIZATION_NAME only in global', () => {
    expect(() =>
      synthStack(
        (s) =>
          new InspectTemplate(s, 'T', {
            project: P,
            location: L,
            templateId: 'i',
            infoTypes: ['LOCATION', 'EMAIL_ADDRESS'],
          }),
      ),
    ).toThrow('test/T: infoTypes LOCATION work only in the "global" location; this template is in "europe-west2"');
    expect(() =>
      synthStack(
        (s) =>
          new InspectTemplate(s, 'T', { project: P, location: 'global', templateId: 'i', infoTypes: ['LOCATION'] }),
      ),
    ).not.toThrow();
  });

  test('refuses a pattern DLP would reject', () => {
    expect(() =>
      synthStack(
        (s) =>
          new InspectTemplate(s, 'T', {
            project: P,
            location: L,
            templateId: 'i',
            infoTypes: [],
            customInfoTypes: [{ name: 'X', pattern: '(?<=a)b' }],
          }),
      ),
    ).toThrow('test/T: customInfoTypes X received "(?<=a)b", which is not valid RE2: invalid named capture: `(?<=a)b`');
  });

  test('de-identify template maps each method to its DLP transformation', () => {
    const tf = synthStack(
      (s) =>
        new DeidentifyTemplate(s, 'T', {
          project: P,
          location: L,
          templateId: 'deid',
          transformations: [
            { infoTypes: ['PERSON_NAME'], method: 'text', value: 'John Doe' },
            { infoTypes: ['CREDIT_CARD_NUMBER'], method: 'mask', char: '#' },
            { infoTypes: ['EMAIL_ADDRESS'], method: 'kind-name' },
            { infoTypes: ['PHONE_NUMBER'], method: 'hash' },
          ],
          cryptoKey: { kmsKeyName: 'projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k', wrappedKey: 'AAAA' },
        }),
    );
    const t = only(tf, 'google_data_loss_prevention_deidentify_template');
    expect(t.parent).toBe(`projects/${P}/locations/${L}`);
    expect(
      t.deidentify_config.info_type_transformations.transformations.map((x: any) => x.primitive_transformation),
    ).toEqual([
      { replace_config: { new_value: { string_value: 'John Doe' } } },
      { character_mask_config: { masking_character: '#' } },
      { replace_with_info_type_config: true },
      {
        crypto_deterministic_config: {
          crypto_key: {
            kms_wrapped: {
              crypto_key_name: 'projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k',
              wrapped_key: 'AAAA',
            },
          },
          surrogate_info_type: { name: 'CONVOGUARD_TOKEN' },
        },
      },
    ]);
  });

  test('hash without a key is refused', () => {
    expect(() =>
      synthStack(
        (s) =>
          new DeidentifyTemplate(s, 'T', {
            project: P,
            location: L,
            templateId: 'd',
            transformations: [{ infoTypes: ['X'], method: 'hash' }],
          }),
      ),
    ).toThrow(
      'test/T: method hash needs cryptoKey (a KMS-wrapped data key): DLP cannot hash without a key you control',
    );
  });
});

describe('SecuritySettings', () => {
  const tf = synthStack((s) => {
    const { inspect, deid } = templates(s);
    const bucket = new SensitiveBucket(s, 'Bucket', {
      project: P,
      name: 'b',
      location: L,
      kmsKeyId: `projects/${P}/locations/${L}/keyRings/r/cryptoKeys/k`,
    });
    new SecuritySettings(s, 'Settings', {
      project: P,
      location: L,
      displayName: 'settings',
      inspectTemplate: inspect,
      deidentifyTemplate: deid,
      audioExportBucket: bucket,
    });
  });

  test('redacts with DLP, references both templates by full name, and keeps history one day', () => {
    expect(only(tf, 'google_dialogflow_cx_security_settings')).toMatchObject({
      location: L,
      redaction_strategy: 'REDACT_WITH_SERVICE',
      redaction_scope: 'REDACT_DISK_STORAGE',
      inspect_template: ref(tf, 'google_data_loss_prevention_inspect_template', 'id'),
      deidentify_template: ref(tf, 'google_data_loss_prevention_deidentify_template', 'id'),
      retention_window_days: 1,
      purge_data_types: ['DIALOGFLOW_HISTORY'],
      audio_export_settings: {
        gcs_bucket: ref(tf, 'google_storage_bucket', 'name'),
        enable_audio_redaction: true,
        audio_format: 'MP3',
      },
    });
    expect(only(tf, 'google_dialogflow_cx_security_settings').retention_strategy).toBeUndefined();
  });

  testIf(hasValidator)('passes the google 6.50.0 schema checks', () => {
    expect(validateTf(tf)).toMatchObject({ code: 0 });
  });

  test('refuses a template from another location (global vs regional)', () => {
    expect(() =>
      synthStack((s) => {
        const { inspect } = templates(s, 'global');
        new SecuritySettings(s, 'Settings', { project: P, location: L, displayName: 's', inspectTemplate: inspect });
      }),
    ).toThrow(
      'test/Settings: inspectTemplate is in "global" but the security settings are in "europe-west2"; Dialogflow only uses templates from the settings\' own location (a global template cannot serve regional settings)',
    );
  });

  test('refuses retention beyond what Dialogflow honours', () => {
    expect(() =>
      synthStack(
        (s) =>
          new SecuritySettings(s, 'S', {
            project: P,
            location: L,
            displayName: 's',
            inspectTemplate: templates(s).inspect,
            retentionWindowDays: 400,
          }),
      ),
    ).toThrow(
      'test/S: retentionWindowDays received 400; expected 1 to 365 (values above 365 are ignored by Dialogflow)',
    );
  });
});

describe('DialogflowCxAgentProtection', () => {
  const agentSa = 'serviceAccount:service-1@gcp-sa-dialogflow.iam.gserviceaccount.com';
  function settings(s: TerraformStack) {
    return new SecuritySettings(s, 'Settings', {
      project: P,
      location: L,
      displayName: 's',
      inspectTemplate: templates(s).inspect,
    });
  }

  test('creates the agent with the settings, after granting the Dialogflow agent read access to the templates', () => {
    const tf = synthStack(
      (s) =>
        new DialogflowCxAgentProtection(s, 'Protect', {
          project: P,
          location: L,
          securitySettings: settings(s),
          dialogflowServiceAgent: agentSa,
          create: { displayName: 'Support', language: 'en', timeZone: 'Europe/London' },
          kinds: ['email'],
        }),
    );
    const agent = only(tf, 'google_dialogflow_cx_agent');
    expect(agent).toMatchObject({
      location: L,
      security_settings: ref(tf, 'google_dialogflow_cx_security_settings', 'id'),
      advanced_settings: { logging_settings: { enable_stackdriver_logging: true, enable_interaction_logging: true } },
    });
    const grants = Object.entries(tf.resource.google_project_iam_member);
    expect(grants.map(([, g]: [string, any]) => [g.role, g.member]).sort()).toEqual([
      ['roles/dlp.deidentifyTemplatesReader', agentSa],
      ['roles/dlp.inspectTemplatesReader', agentSa],
    ]);
    expect([...agent.depends_on].sort()).toEqual(grants.map(([n]) => `google_project_iam_member.${n}`).sort());
  });

  test('attaches to an agent declared in the same stack', () => {
    const tf = synthStack((s) => {
      const mine = new DialogflowCxAgent(s, 'MyAgent', {
        location: L,
        displayName: 'Mine',
        defaultLanguageCode: 'en',
        timeZone: 'UTC',
      });
      new DialogflowCxAgentProtection(s, 'Protect', {
        project: P,
        location: L,
        securitySettings: settings(s),
        dialogflowServiceAgent: agentSa,
        agent: mine,
        kinds: ['email'],
      });
    });
    expect(Object.keys(tf.resource.google_dialogflow_cx_agent)).toEqual(['MyAgent']);
    expect(tf.resource.google_dialogflow_cx_agent.MyAgent.security_settings).toBe(
      ref(tf, 'google_dialogflow_cx_security_settings', 'id'),
    );
    // depends_on holds plain addresses, as Terraform requires (no ${} templates)
    expect([...tf.resource.google_dialogflow_cx_agent.MyAgent.depends_on].sort()).toEqual(
      Object.keys(tf.resource.google_project_iam_member)
        .map((n) => `google_project_iam_member.${n}`)
        .sort(),
    );
  });

  test("sets the policy's logging settings on your agent, keeping the rest of its advanced settings, and says what it replaced", () => {
    const warn = jest.spyOn(Annotations.prototype, 'addWarning');
    const tf = synthStack((s) => {
      const mine = new DialogflowCxAgent(s, 'MyAgent', {
        location: L,
        displayName: 'Mine',
        defaultLanguageCode: 'en',
        timeZone: 'UTC',
        advancedSettings: {
          loggingSettings: { enableStackdriverLogging: false },
          dtmfSettings: { enabled: true, maxDigits: 4, finishDigit: '#' },
        },
      });
      new DialogflowCxAgentProtection(s, 'Protect', {
        project: P,
        location: L,
        securitySettings: settings(s),
        dialogflowServiceAgent: agentSa,
        agent: mine,
        kinds: ['email'],
      });
    });
    expect(tf.resource.google_dialogflow_cx_agent.MyAgent.advanced_settings).toEqual({
      dtmf_settings: { enabled: true, max_digits: 4, finish_digit: '#' },
      logging_settings: {
        enable_stackdriver_logging: true,
        enable_interaction_logging: true,
        enable_consent_based_redaction: false,
      },
    });
    expect(warn.mock.calls.map((c) => c[0])).toContain(
      'convoguard: advanced_settings.logging_settings.enable_stackdriver_logging was false; the policy sets it to true',
    );
    warn.mockRestore();
  });

  test('refuses an agent in another location', () => {
    expect(() =>
      synthStack((s) => {
        const mine = new DialogflowCxAgent(s, 'MyAgent', {
          location: 'us-central1',
          displayName: 'Mine',
          defaultLanguageCode: 'en',
          timeZone: 'UTC',
        });
        new DialogflowCxAgentProtection(s, 'Protect', {
          project: P,
          location: L,
          securitySettings: settings(s),
          dialogflowServiceAgent: agentSa,
          agent: mine,
          kinds: ['email'],
        });
      }),
    ).toThrow('test/Protect: the agent is in "us-central1" but its security settings are in "europe-west2"');
  });

  test('marks sensitive parameters and entity types redact: true and reports explicit redact: false', () => {
    const warn = jest.spyOn(Annotations.prototype, 'addWarning');
    const tf = synthStack((s) => {
      const p = new DialogflowCxAgentProtection(s, 'Protect', {
        project: P,
        location: L,
        securitySettings: settings(s),
        dialogflowServiceAgent: agentSa,
        create: { displayName: 'A', language: 'en', timeZone: 'UTC' },
        kinds: ['email', 'phone'],
      });
      const accounts = new DialogflowCxEntityType(s, 'Accounts', {
        parent: p.agent.id,
        displayName: 'account',
        kind: 'KIND_MAP',
        entities: [{ value: 'a', synonyms: ['a'] }],
      });
      Aspects.of(s).add(new RedactSensitiveParameters({ kinds: [], sensitiveEntityTypes: [accounts] }));
      new DialogflowCxPage(s, 'Page', {
        parent: p.agent.startFlow,
        displayName: 'Contact',
        form: {
          parameters: [
            {
              displayName: 'email',
              entityType: 'projects/-/locations/-/agents/-/entityTypes/sys.email',
              required: true,
            },
            {
              displayName: 'phone',
              entityType: 'projects/-/locations/-/agents/-/entityTypes/sys.phone-number',
              redact: false,
            },
            { displayName: 'colour', entityType: 'projects/-/locations/-/agents/-/entityTypes/sys.color' },
          ],
        },
      });
      new DialogflowCxIntent(s, 'Intent', {
        parent: p.agent.id,
        displayName: 'give-email',
        parameters: [{ id: 'email', entityType: 'projects/-/locations/-/agents/-/entityTypes/sys.email' }],
      });
    });
    const page = only(tf, 'google_dialogflow_cx_page');
    expect(page.form.parameters.map((x: any) => [x.display_name, x.redact])).toEqual([
      ['email', true],
      ['phone', false],
      ['colour', undefined],
    ]);
    expect(only(tf, 'google_dialogflow_cx_intent').parameters[0].redact).toBe(true);
    expect(only(tf, 'google_dialogflow_cx_entity_type').redact).toBe(true);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'convoguard: form parameter "phone" holds @sys.phone-number (phone) but sets redact: false; its value will appear in logs',
    ]);
    warn.mockRestore();
  });

  test('a page whose form parameters are a token cannot be protected: an error annotation (cdktf synth fails on it)', () => {
    const error = jest.spyOn(Annotations.prototype, 'addError');
    synthStack((s) => {
      const p = new DialogflowCxAgentProtection(s, 'Protect', {
        project: P,
        location: L,
        securitySettings: settings(s),
        dialogflowServiceAgent: agentSa,
        create: { displayName: 'A', language: 'en', timeZone: 'UTC' },
        kinds: ['email'],
      });
      new DialogflowCxPage(s, 'Page', {
        parent: p.agent.startFlow,
        displayName: 'Contact',
        form: { parameters: Lazy.anyValue({ produce: () => [] }) as never },
      });
    });
    expect(error.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(
        /form parameters of page "Contact" are a token, so convoguard cannot mark the sensitive ones redact: true/,
      ),
    ]);
    error.mockRestore();
  });

  test("one agent's redaction never reaches another agent's pages, intents or flows in the same stack", () => {
    const tf = synthStack((s) => {
      const mine = new DialogflowCxAgent(s, 'Mine', {
        location: L,
        displayName: 'Mine',
        defaultLanguageCode: 'en',
        timeZone: 'UTC',
      });
      const other = new DialogflowCxAgent(s, 'Other', {
        location: L,
        displayName: 'Other',
        defaultLanguageCode: 'en',
        timeZone: 'UTC',
      });
      new DialogflowCxAgentProtection(s, 'Protect', {
        project: P,
        location: L,
        securitySettings: settings(s),
        dialogflowServiceAgent: agentSa,
        agent: mine,
        kinds: ['email'],
      });
      const email = { displayName: 'email', entityType: 'projects/-/locations/-/agents/-/entityTypes/sys.email' };
      const flow = new DialogflowCxFlow(s, 'MyFlow', { parent: mine.id, displayName: 'billing' });
      new DialogflowCxPage(s, 'MyStartPage', {
        parent: mine.startFlow,
        displayName: 'start',
        form: { parameters: [email] },
      });
      new DialogflowCxPage(s, 'MyFlowPage', { parent: flow.id, displayName: 'in-flow', form: { parameters: [email] } });
      new DialogflowCxPage(s, 'OtherPage', {
        parent: other.startFlow,
        displayName: 'other',
        form: { parameters: [email] },
      });
      new DialogflowCxIntent(s, 'OtherIntent', {
        parent: other.id,
        displayName: 'other',
        parameters: [{ id: 'email', entityType: email.entityType }],
      });
    });
    const redact = (type: string, name: string) => {
      const r = tf.resource[type][name];
      return (r.form?.parameters ?? r.parameters)[0].redact;
    };
    expect(redact('google_dialogflow_cx_page', 'MyStartPage')).toBe(true);
    expect(redact('google_dialogflow_cx_page', 'MyFlowPage')).toBe(true);
    expect(redact('google_dialogflow_cx_page', 'OtherPage')).toBeUndefined();
    expect(redact('google_dialogflow_cx_intent', 'OtherIntent')).toBeUndefined();
  });
});

describe('Model Armor', () => {
  const tf = synthStack((stack) => {
    new ProjectArmorFloor(stack, 'Floor', { project: 'p' });
    new SensitiveDataArmor(stack, 'Armor', {
      project: 'p',
      location: 'europe-west4',
      templateId: 'bot-armor',
      inspectTemplate: 'projects/p/locations/europe-west4/inspectTemplates/i',
      deidentifyTemplate: 'projects/p/locations/europe-west4/deidentifyTemplates/d',
    });
  });

  test('the opt-in floor setting enforces basic Sensitive Data Protection on Vertex AI, without logging findings', () => {
    expect(only(tf, 'google_model_armor_floorsetting')).toMatchObject({
      parent: 'projects/p',
      location: 'global',
      filter_config: { sdp_settings: { basic_config: { filter_enforcement: 'ENABLED' } } },
      enable_floor_setting_enforcement: true,
      integrated_services: ['AI_PLATFORM'],
      ai_platform_floor_setting: { inspect_and_block: true, enable_cloud_logging: false },
    });
  });

  test('a template in another location than its DLP templates, or in a multi-region, is refused', () => {
    expect(() =>
      synthStack(
        (stack) =>
          new SensitiveDataArmor(stack, 'A', {
            project: 'p',
            location: 'us-central1',
            templateId: 't',
            inspectTemplate: 'projects/p/locations/europe-west4/inspectTemplates/i',
            deidentifyTemplate: 'projects/p/locations/us-central1/deidentifyTemplates/d',
          }),
      ),
    ).toThrow(
      'inspectTemplate received "projects/p/locations/europe-west4/inspectTemplates/i"; expected a DLP template in us-central1, the template\'s location',
    );
    expect(() =>
      synthStack(
        (stack) =>
          new SensitiveDataArmor(stack, 'A', {
            project: 'p',
            location: 'global',
            templateId: 't',
            inspectTemplate: 'i',
            deidentifyTemplate: 'd',
          }),
      ),
    ).toThrow(/location received "global"; Model Armor templates are regional/);
  });

  testIf(hasValidator)('passes the google 6.50.0 schema checks', () => {
    expect(validateTf(tf)).toMatchObject({ code: 0 });
  });
});

describe('AnonymizedTopics', () => {
  const tf = synthStack((s) => {
    const k = key(s, { serviceAgents: { managedKafka: 'serviceAccount:kafka@x' } });
    new AnonymizedTopics(s, 'Topics', {
      project: P,
      location: L,
      clusterId: 'acme-events',
      subnet: `projects/${P}/regions/${L}/subnetworks/default`,
      kmsKeyId: k.keyId,
      kmsKeyLocation: k.location,
      topics: [{ name: 'anon', partitions: 6, retentionMs: 604800000 }],
      dependsOn: [k.serviceAgentGrants.managedKafka],
    });
  });

  test('cluster is CMEK-encrypted in the subnet, and waits for the Kafka agent grant', () => {
    expect(only(tf, 'google_managed_kafka_cluster')).toMatchObject({
      cluster_id: 'acme-events',
      location: L,
      capacity_config: { vcpu_count: '3', memory_bytes: String(3 * 1024 ** 3) },
      gcp_config: {
        kms_key: ref(tf, 'google_kms_crypto_key', 'id'),
        access_config: { network_configs: [{ subnet: `projects/${P}/regions/${L}/subnetworks/default` }] },
      },
      depends_on: [`google_kms_crypto_key_iam_member.${Object.keys(tf.resource.google_kms_crypto_key_iam_member)[0]}`],
    });
  });

  test('topic references the cluster id and sets retention and delete cleanup', () => {
    expect(only(tf, 'google_managed_kafka_topic')).toMatchObject({
      cluster: ref(tf, 'google_managed_kafka_cluster', 'cluster_id'),
      location: L,
      topic_id: 'anon',
      partition_count: 6,
      replication_factor: 3,
      configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    });
    expect(Object.values(tf.output!)[0]).toMatchObject({
      value: `bootstrap.acme-events.${L}.managedkafka.${P}.cloud.goog:9092`,
    });
  });

  testIf(hasValidator)('passes the google 6.50.0 schema checks', () => {
    expect(validateTf(tf)).toMatchObject({ code: 0 });
  });

  test('refuses a key in another region', () => {
    expect(() =>
      synthStack(
        (s) =>
          new AnonymizedTopics(s, 'T', {
            project: P,
            location: L,
            clusterId: 'c',
            subnet: `projects/${P}/regions/${L}/subnetworks/d`,
            kmsKeyId: 'k',
            kmsKeyLocation: 'us-east1',
            topics: [],
          }),
      ),
    ).toThrow(
      'test/T: the key is in "us-east1" but the cluster is in "europe-west2"; Managed Kafka needs a key in its own region',
    );
  });
});

describe('RedactionVerification', () => {
  const agents = {
    dlp: 'serviceAccount:service-1@dlp-api.iam.gserviceaccount.com',
    monitoringNotifications: 'serviceAccount:service-1@gcp-sa-monitoring-notification.iam.gserviceaccount.com',
  };
  const build = (stack: TerraformStack) => {
    const t = new InspectTemplate(stack, 'Inspect', {
      project: 'acme-prod',
      location: 'europe-west2',
      templateId: 'inspect',
      infoTypes: ['EMAIL_ADDRESS'],
    });
    new RedactionVerification(stack, 'V', {
      project: 'acme-prod',
      location: 'europe-west2',
      kmsKeyId: 'projects/acme-prod/locations/europe-west2/keyRings/r/cryptoKeys/k',
      serviceAgents: agents,
      topic: 'projects/acme-sec/topics/privacy',
      scans: {
        everyDays: 3,
        inspectTemplateName: t.templateName,
        exports: [{ uri: 'gs://acme-exports/cx', service: 'gcs', bucket: 'acme-exports', path: 'cx' }],
        triggerIds: ['scan-1'],
        findingsDataset: 'findings',
        findingsDays: 30,
      },
    });
  };

  test('with your topic: no topic is made, the agents may publish to yours; a Cloud Storage export is read recursively, only objects new since the last run', () => {
    const tf = synthStack(build);
    expect(tf.resource.google_pubsub_topic).toBeUndefined();
    expect(
      Object.values(tf.resource.google_pubsub_topic_iam_member)
        .map((m: any) => [m.project, m.topic, m.member])
        .sort((x: string[], y: string[]) => x[2].localeCompare(y[2])),
    ).toEqual([
      ['acme-sec', 'projects/acme-sec/topics/privacy', agents.dlp],
      ['acme-sec', 'projects/acme-sec/topics/privacy', agents.monitoringNotifications],
    ]);
    expect(only(tf, 'google_monitoring_notification_channel')).toMatchObject({
      type: 'pubsub',
      labels: { topic: 'projects/acme-sec/topics/privacy' },
      display_name: 'convoguard redaction alerts (privacy)',
    });
    expect(tf.resource.google_monitoring_alert_policy).toBeUndefined();
    expect(only(tf, 'google_data_loss_prevention_job_trigger')).toMatchObject({
      triggers: [{ schedule: { recurrence_period_duration: '259200s' } }],
      inspect_job: {
        storage_config: {
          cloud_storage_options: {
            file_set: { url: 'gs://acme-exports/cx/**' },
            file_types: ['TEXT_FILE', 'CSV', 'TSV'],
          },
          timespan_config: { enable_auto_population_of_timespan_config: true },
        },
      },
    });
    expect(only(tf, 'google_storage_bucket_iam_member')).toMatchObject({
      bucket: 'acme-exports',
      role: 'roles/storage.objectViewer',
      member: agents.dlp,
    });
  });

  test("two agents' verification on your topic and one export share the grants: removing one agent keeps the other's", () => {
    const tf = synthStack((stack) => {
      build(stack);
      const t = new InspectTemplate(stack, 'Inspect2', {
        project: 'acme-prod',
        location: 'europe-west2',
        templateId: 'inspect2',
        infoTypes: ['EMAIL_ADDRESS'],
      });
      new RedactionVerification(stack, 'V2', {
        project: 'acme-prod',
        location: 'europe-west2',
        kmsKeyId: 'k',
        serviceAgents: agents,
        topic: 'projects/acme-sec/topics/privacy',
        scans: {
          everyDays: 3,
          inspectTemplateName: t.templateName,
          exports: [{ uri: 'gs://acme-exports/cx', service: 'gcs', bucket: 'acme-exports', path: 'cx' }],
          triggerIds: ['scan-2'],
          findingsDataset: 'findings2',
          findingsDays: 30,
        },
      });
    });
    expect(Object.keys(tf.resource.google_pubsub_topic_iam_member)).toHaveLength(2);
    expect(Object.keys(tf.resource.google_storage_bucket_iam_member)).toHaveLength(1);
    // Owned by the stack, named by what they grant.
    expect(
      Object.keys(tf.resource.google_pubsub_topic_iam_member).every((name) => name.startsWith('VerifyGrant-')),
    ).toBe(true);
    expect(Object.keys(tf.resource.google_data_loss_prevention_job_trigger)).toHaveLength(2);
  });

  testIf(hasValidator)('passes the google 6.50.0 schema checks', () => {
    const { code, output } = validateTf(synthStack(build));
    expect(output).toContain('0 errors');
    expect(code).toBe(0);
  });

  test('refuses a schedule DLP cannot run, an s3 export, ids that do not match the exports and a template of another location, all at once', () => {
    synthStack((stack) => {
      expect(
        () =>
          new RedactionVerification(stack, 'V', {
            project: 'acme-prod',
            location: 'europe-west2',
            kmsKeyId: 'k',
            serviceAgents: agents,
            topicName: 't',
            scans: {
              everyDays: 90,
              inspectTemplateName: 'projects/acme-prod/locations/us-central1/inspectTemplates/x',
              exports: [{ uri: 's3://b', service: 's3', bucket: 'b', path: '' }],
              triggerIds: [],
              findingsDataset: 'f',
              findingsDays: 1,
            },
          }),
      ).toThrow(
        /everyDays received 90; DLP job triggers run 1 to 60 days apart[\s\S]*has 0 ids for 1 exports[\s\S]*s3:\/\/ export; DLP scans Cloud Storage and BigQuery[\s\S]*is not in europe-west2/,
      );
    });
  });
});
