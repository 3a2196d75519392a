/**
 * CX Agent Studio (cx-agent-studio): the example's app stack, the variants a team moves to (eu, history on, a
 * BigQuery export, an app it declared itself), what the report reads and what the gate refuses. Every stack is checked
 * against the 6.50.0 schema with the 7.45 google_ces_* types merged in.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { TerraformResource, TerraformStack, Testing } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CesApp, CesGuardrail } from '../../lib/gcp/ces/ces-resources';
import { CxAgentStudioProtection } from '../../lib/gcp/ces/cx-agent-studio-protection';
import { agentPlan, plan } from '../../lib/policy/plan';
import { canary, parsePolicy } from '../../lib/policy';
import { readSynthesis, runGate } from '../../lib/report/gate';
import { readPosture } from '../../lib/report';
import { exampleSynthesis, policyProblems, runCli, tmpDir } from '../helpers';
import { hasValidator, testIf, validateTf } from './helpers';

type Json = Record<string, any>;
const CES = 'cdktf.out/stacks/support-assistant-ces-acme-cx-prod-us/cdk.tf.json';
const DF = 'cdktf.out/stacks/support-assistant-gcp-acme-cx-prod-us-central1/cdk.tf.json';

const POLICY = (agent: string, extra = '') => `version: 1
name: acme
detection: { kinds: [email, credit_card], custom: [{ name: ORDER_NUMBER, pattern: 'ORD-[0-9]{8}' }] }
access: { decrypters: { gcp: ['group:privacy-officers@example.com'] } }
${extra}agents:
  - ${agent}
`;

const synthWarnings = new Map<string, string>();
async function synth(policy: string): Promise<string> {
  const dir = tmpDir('convoguard-ces-');
  fs.writeFileSync(path.join(dir, 'policy.yaml'), policy);
  const r = await runCli(['synth', 'policy.yaml'], dir);
  if (r.code !== 0) throw new Error(`synth failed (${r.code}):\n${r.err}`);
  synthWarnings.set(dir, r.err);
  return dir;
}
const read = (dir: string, file: string): Json => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const only = (doc: Json, type: string): [string, Json] => {
  const all = Object.entries(doc.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0] as [string, Json];
};
const of = (doc: Json, type: string): Json[] => Object.values(doc.resource[type] ?? {});

const posture = (dir: string) =>
  readPosture({
    ...(fs.existsSync(path.join(dir, 'cdk.out')) ? { cdkOut: path.join(dir, 'cdk.out') } : {}),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
  });

let example: string;
let tf: Json;
beforeAll(() => {
  example = exampleSynthesis();
  tf = read(example, CES);
});

describe("the example's CX Agent Studio app", () => {
  test('its stack pins hashicorp/google 7.45.0; the Dialogflow stack keeps 6.50.0', () => {
    expect(tf.terraform.required_providers.google).toEqual({ source: 'google', version: '7.45.0' });
    expect(read(example, DF).terraform.required_providers.google).toEqual({ source: 'google', version: '6.50.0' });
  });

  test("the app redacts with the agent's own DLP templates, in its location, and keeps no history or logs", () => {
    const [, app] = only(tf, 'google_ces_app');
    const [inspect, inspectTemplate] = only(tf, 'google_data_loss_prevention_inspect_template');
    const [deidentify, deidentifyTemplate] = only(tf, 'google_data_loss_prevention_deidentify_template');
    const [bucket] = only(tf, 'google_storage_bucket');
    expect(app.location).toBe('us');
    expect(inspectTemplate.parent).toBe('projects/acme-cx-prod/locations/us');
    expect(deidentifyTemplate.parent).toBe('projects/acme-cx-prod/locations/us');
    expect(app.logging_settings).toEqual({
      redaction_config: {
        enable_redaction: true,
        inspect_template: `\${google_data_loss_prevention_inspect_template.${inspect}.id}`,
        deidentify_template: `\${google_data_loss_prevention_deidentify_template.${deidentify}.id}`,
      },
      audio_recording_config: { gcs_bucket: `gs://\${google_storage_bucket.${bucket}.name}` },
      bigquery_export_settings: { enabled: false },
      cloud_logging_settings: { enable_cloud_logging: false },
      conversation_logging_settings: { disable_conversation_logging: true },
    });
  });

  test('the audio bucket is in US under a key in us, deletes objects after a day, and only the decrypters view objects', () => {
    const [, bucket] = only(tf, 'google_storage_bucket');
    const [key] = only(tf, 'google_kms_crypto_key');
    expect(bucket.location).toBe('US');
    expect(bucket.encryption.default_kms_key_name).toBe(`\${google_kms_crypto_key.${key}.id}`);
    expect(bucket.lifecycle_rule).toContainEqual({ action: { type: 'Delete' }, condition: { age: 1 } });
    expect(only(tf, 'google_kms_key_ring')[1].location).toBe('us');
    expect(only(tf, 'google_storage_bucket_iam_binding')[1]).toMatchObject({
      role: 'roles/storage.objectViewer',
      members: ['group:privacy-officers@example.com'],
    });
  });

  test('the CX Agent Studio service agent reads the templates and writes audio; the app waits for those grants', () => {
    const ces = expect.stringMatching(
      /^serviceAccount:service-\$\{data\.google_project\.ServiceAgents_Project_[0-9A-F]+\.number\}@gcp-sa-ces\.iam\.gserviceaccount\.com$/,
    );
    expect(
      of(tf, 'google_project_iam_member')
        .map((g) => [g.role, g.member])
        .sort(),
    ).toEqual([
      ['roles/dlp.deidentifyTemplatesReader', ces],
      ['roles/dlp.inspectTemplatesReader', ces],
    ]);
    const [writer, w] = only(tf, 'google_storage_bucket_iam_member');
    expect([w.role, w.member]).toEqual(['roles/storage.objectCreator', ces]);
    expect(only(tf, 'google_ces_app')[1].depends_on).toContain(`google_storage_bucket_iam_member.${writer}`);
  });

  test('guardrails: prompt security fails closed, the patterns screen agent responses, and the app names each one', () => {
    const [appAddress, app] = only(tf, 'google_ces_app');
    const guardrails = of(tf, 'google_ces_guardrail');
    expect(guardrails.map((g) => g.guardrail_id)).toEqual([
      'support-assistant-voice-pii-patterns',
      'support-assistant-voice-banned-phrases',
      'support-assistant-voice-prompt-security',
    ]);
    expect(app.guardrails).toEqual(
      guardrails.map(
        (g) => `projects/acme-cx-prod/locations/us/apps/support-assistant-voice/guardrails/${g.guardrail_id}`,
      ),
    );
    for (const g of guardrails) {
      expect(g.app).toBe(app.app_id);
      // A child of the app: created after it (the app names it literally, so there is no reference cycle).
      expect(g.depends_on).toEqual([`google_ces_app.${appAddress}`]);
    }
    expect(guardrails[2].llm_prompt_security).toEqual({ default_settings: {}, fail_open: false });
    expect(guardrails[0].content_filter.match_type).toBe('REGEXP_MATCH');
    expect(guardrails[0].content_filter.banned_contents_in_agent_response).toContain('ORD-[0-9]{8}');
    expect(guardrails[1].content_filter).toEqual({
      match_type: 'SIMPLE_STRING_MATCH',
      banned_contents_in_agent_response: ['your card number is'],
    });
  });

  test('every other target is byte-identical to its output before the platform was added', () => {
    // test/fixtures/other-targets.sha256: the digests of the example's other targets, taken at the commit before
    // cx-agent-studio and retaken only with a change to those targets that says why (git log of the fixture): the
    // CES stack's own provider pin and resources must never leak into them.
    const lines = fs
      .readFileSync(path.join(__dirname, '..', 'fixtures', 'other-targets.sha256'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      const [digest, file] = line.split(/\s+/);
      const actual = crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(example, file)))
        .digest('hex');
      expect(`${file} ${actual}`).toBe(`${file} ${digest}`);
    }
  });
});

describe('what the policy refuses and warns', () => {
  test('a location outside us and eu is refused, with the page it comes from', () => {
    expect(
      policyProblems(
        POLICY('{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: europe-west1 }'),
      ),
    ).toEqual([
      expect.stringMatching(
        /^p\.yaml:\d+:\d+ agents\[0\]\.location: received "europe-west1"; CX Agent Studio is not offered in "europe-west1" \(https:\/\/docs\.cloud\.google\.com\/gemini-enterprise-cx\/cx-agent-studio\/reference\/region, read 2026-12-07: us, eu\)$/,
      ),
    ]);
  });

  test('hash without deidentify.cryptoKey is refused at validate, as on Dialogflow (the policy fuzz found synth refusing it)', () => {
    expect(
      policyProblems(
        POLICY(
          '{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: us }',
          'deidentify: { default: hash }\n',
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /deidentify: method hash on Google Cloud needs deidentify.cryptoKey \(a KMS-wrapped key for DLP crypto_deterministic_config\)$/,
      ),
    ]);
  });

  test('cmek: true is refused with where the key is really set', () => {
    expect(
      policyProblems(
        POLICY('{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: us, cmek: true }'),
      ),
    ).toEqual([
      expect.stringMatching(
        /agents\[0\]\.cmek: received true; the customer-managed key of CX Agent Studio's own storage is set once per project and location, through the Conversational Insights API/,
      ),
    ]);
  });

  test('history on is kept 365 days, and the plan says Terraform cannot shorten it', () => {
    const p = plan(
      parsePolicy(
        POLICY(
          "{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: eu, create: { displayName: V }, conversationHistory: 'on' }",
        ),
        'p.yaml',
      ).policy,
    );
    const a = agentPlan(p, 'voice', 'cx-agent-studio');
    expect(a.resourceLocations).toEqual({ dlp: 'europe', kms: 'europe', storage: 'EU', bigquery: 'EU' });
    expect(a.notes.map((n) => n.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("the DLP templates and the key are in 'europe'"),
        expect.stringContaining('conversationHistory: on keeps conversation history 365 days'),
      ]),
    );
  });
});

describe('variants, synthesized and read', () => {
  let eu: string;
  beforeAll(async () => {
    eu = await synth(
      POLICY(
        "{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: eu, create: { displayName: V }, bigqueryExport: true, cloudLogging: 'on', conversationHistory: 'on', enableApis: true }\n  - { name: kiosk, platform: cx-agent-studio, project: acme-cx-prod, location: us, audioRecording: false }",
      ),
    );
  });

  test('synthesized twice, the same policy writes the same bytes, and the gate passes it', async () => {
    const again = await synth(
      POLICY(
        "{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: eu, create: { displayName: V }, bigqueryExport: true, cloudLogging: 'on', conversationHistory: 'on', enableApis: true }\n  - { name: kiosk, platform: cx-agent-studio, project: acme-cx-prod, location: us, audioRecording: false }",
      ),
    );
    for (const s of fs.readdirSync(path.join(eu, 'cdktf.out', 'stacks'))) {
      const file = path.join('cdktf.out', 'stacks', s, 'cdk.tf.json');
      expect(fs.readFileSync(path.join(again, file), 'utf8')).toBe(fs.readFileSync(path.join(eu, file), 'utf8'));
    }
    expect(runGate(readSynthesis(eu), readSynthesis(again)).passes).toBe(true);
  });

  testIf(hasValidator)('eu with every store on, and an app convoguard does not create: 0 schema errors', () => {
    for (const s of fs.readdirSync(path.join(eu, 'cdktf.out', 'stacks'))) {
      const { code, output } = validateTf(path.join(eu, 'cdktf.out', 'stacks', s, 'cdk.tf.json'));
      expect(output).toContain('0 errors in 1 file(s)');
      expect(output).not.toContain('not covered by the schema file');
      expect(code).toBe(0);
    }
  });

  test('enableApis: the APIs the app uses, never disabled on destroy (provider 7 no longer defaults to it), before everything', () => {
    const doc = read(eu, 'cdktf.out/stacks/acme-ces-acme-cx-prod-eu/cdk.tf.json');
    const services = of(doc, 'google_project_service');
    expect(services.map((s) => s.service).sort()).toEqual([
      'bigquery.googleapis.com',
      'ces.googleapis.com',
      'cloudkms.googleapis.com',
      'dlp.googleapis.com',
      'storage.googleapis.com',
    ]);
    expect(services.every((s) => s.disable_on_destroy === false)).toBe(true);
    expect(only(doc, 'google_ces_app')[1].depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^google_project_service\./)]),
    );
  });

  test("the project's template-reader grants exist once: in the first stack of the project, which the other waits for", () => {
    const first = read(eu, 'cdktf.out/stacks/acme-ces-acme-cx-prod-eu/cdk.tf.json');
    const second = read(eu, 'cdktf.out/stacks/acme-ces-acme-cx-prod-us/cdk.tf.json');
    expect(
      of(first, 'google_project_iam_member')
        .map((g) => g.role)
        .sort(),
    ).toEqual(['roles/dlp.deidentifyTemplatesReader', 'roles/dlp.inspectTemplatesReader']);
    // Two copies in two states: destroying either would remove the binding the other app needs.
    expect(of(second, 'google_project_iam_member')).toEqual([]);
    const manifest = read(eu, 'cdktf.out/manifest.json');
    expect(manifest.stacks['acme-ces-acme-cx-prod-us'].dependencies).toEqual(['acme-ces-acme-cx-prod-eu']);
  });

  test('a policy of CX Agent Studio apps alone is warned that its Terraform state is local', () => {
    expect(synthWarnings.get(eu)).toContain('warning: no terraform.backend');
  });

  test('history and Cloud Logging, both read from the app, are told apart by their resource (findings, diagrams)', () => {
    const voice = posture(eu).agents.find((a) => a.agent === 'voice')!;
    const [history, , logging] = voice.stores;
    expect(history.resource).toMatch(/^google_ces_app\.voice_App_[0-9A-F]+$/);
    expect(logging.resource).toBe(`${history.resource} (cloud_logging_settings)`);
  });

  test('the export dataset expires tables and partitions after retention.sensitive and keeps the shortest time travel', () => {
    const doc = read(eu, 'cdktf.out/stacks/acme-ces-acme-cx-prod-eu/cdk.tf.json');
    const [dataset, d] = only(doc, 'google_bigquery_dataset');
    expect(d).toMatchObject({
      location: 'EU',
      default_table_expiration_ms: 86_400_000,
      default_partition_expiration_ms: 86_400_000,
      max_time_travel_hours: '48',
    });
    expect(only(doc, 'google_ces_app')[1].logging_settings.bigquery_export_settings).toEqual({
      enabled: true,
      project: 'acme-cx-prod',
      dataset: `\${google_bigquery_dataset.${dataset}.dataset_id}`,
    });
  });

  test('the report: 365-day history and _Default logs exceed the policy, the export is raw, each a gap the plan names', () => {
    const p = posture(eu);
    const voice = p.agents.find((a) => a.agent === 'voice')!;
    expect(voice.stores.map((s) => [s.kind, s.name])).toEqual([
      ['conversation-history', 'CX Agent Studio conversation history'],
      ['audio', 'acme-voice-audio-acme-cx-prod'],
      ['cloud-logging', 'Cloud Logging _Default bucket (global)'],
      ['bigquery-export', 'BigQuery dataset acme-cx-prod.acme_voice_conversations'],
    ]);
    const bq = voice.stores[3];
    // 24h configured, 48h of time travel, then 7 days of fail-safe.
    expect(bq.retention.configuredSeconds! + bq.retention.lag.seconds).toBe(10 * 86_400);
    const findings = p.findings.filter((f) => f.agent === 'voice').map((f) => `${f.rule} ${f.planned}`);
    expect(findings).toEqual(
      expect.arrayContaining(['CG-STORE-RETENTION true', 'CG-STORE-REDACTED true', 'CG-STORE-CMK true']),
    );
    expect(p.findings.filter((f) => !f.planned)).toEqual([]);
    // The app convoguard does not create: not attached, and the plan says so.
    const kiosk = p.agents.find((a) => a.agent === 'kiosk')!;
    expect(kiosk.attached).toBe(false);
    expect(p.findings.find((f) => f.agent === 'kiosk' && f.rule === 'CG-ATTACHED')).toMatchObject({
      severity: 'high',
      planned: true,
    });
    const output = read(eu, 'cdktf.out/stacks/acme-ces-acme-cx-prod-us/cdk.tf.json').output;
    expect(Object.values(output as Json)[0].value.redaction_config.enable_redaction).toBe(true);
  });
});

describe('an app the team declared itself', () => {
  const build = (type = 'google_ces_app') => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'mine');
    new GoogleProvider(stack, 'google', { project: 'acme-cx-prod' });
    const mine = new TerraformResource(stack, 'MyApp', { terraformResourceType: type });
    mine.addOverride('app_id', 'my-app');
    const p = plan(
      parsePolicy(POLICY('{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: us }'), 'p.yaml')
        .policy,
    );
    new CxAgentStudioProtection(stack, 'voice', {
      plan: agentPlan(p, 'voice', 'cx-agent-studio'),
      existingApp: { resource: mine, appId: 'my-app' },
    });
    // toTerraform keeps the `//` block (Testing.synth strips it), where the attribution is.
    return stack.toTerraform() as Json;
  };

  test('gets the logging settings and the guardrails, and is attributed to the agent', () => {
    const doc = build();
    const mine = doc.resource.google_ces_app.MyApp;
    expect(mine.logging_settings.redaction_config.enable_redaction).toBe(true);
    expect(mine.guardrails).toEqual(
      of(doc, 'google_ces_guardrail').map(
        (g) => `projects/acme-cx-prod/locations/us/apps/my-app/guardrails/${g.guardrail_id}`,
      ),
    );
    expect(of(doc, 'google_ces_guardrail').every((g) => g.app === 'my-app')).toBe(true);
    expect(mine['//'].convoguard_agent).toBe('voice');
    expect(mine.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_project_iam_member\./)]));
  });

  test('anything else is refused, naming what it received', () => {
    expect(() => build('google_dialogflow_cx_agent')).toThrow(
      /existingApp received a google_dialogflow_cx_agent; expected a google_ces_app/,
    );
  });
});

describe('the gate', () => {
  const edited = (edit: (doc: Json) => void): string => {
    const to = exampleSynthesis();
    const doc = read(to, CES);
    edit(doc);
    fs.writeFileSync(path.join(to, CES), JSON.stringify(doc));
    return to;
  };
  const failing = (dir: string) => {
    const r = runGate(readSynthesis(example), readSynthesis(dir));
    return {
      passes: r.passes,
      lines: [
        ...r.posture.filter((c) => c.class === 'weakening').map((c) => `posture ${c.agent}: ${c.message}`),
        ...r.output
          .filter((c) => c.class === 'weakening' || (c.class === 'unverified' && !c.acknowledged))
          .map((c) => `${c.class} ${c.path}: ${c.why}`),
      ],
    };
  };

  test('redaction off, history on and a guardrail that fails open: each fails the gate, named', () => {
    const r = failing(
      edited((doc) => {
        const app = Object.values(doc.resource.google_ces_app)[0] as Json;
        app.logging_settings.redaction_config.enable_redaction = false;
        app.logging_settings.conversation_logging_settings.disable_conversation_logging = false;
        const prompt = (Object.values(doc.resource.google_ces_guardrail) as Json[])[2];
        prompt.llm_prompt_security.fail_open = true;
      }),
    );
    expect(r.passes).toBe(false);
    expect(r.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^weakening logging_settings\.redaction_config\.enable_redaction: .*redaction/),
        expect.stringMatching(
          /^weakening logging_settings\.conversation_logging_settings\.disable_conversation_logging: /,
        ),
        expect.stringMatching(/^weakening llm_prompt_security\.fail_open: /),
        expect.stringMatching(/^posture voice: /),
      ]),
    );
  });

  test('an argument the gate does not know (a tool execution mode) is unverified, not passed', () => {
    const r = failing(
      edited((doc) => {
        (Object.values(doc.resource.google_ces_app)[0] as Json).tool_execution_mode = 'PARALLEL';
      }),
    );
    expect(r.passes).toBe(false);
    expect(r.lines).toEqual([expect.stringMatching(/^unverified tool_execution_mode: /)]);
  });

  test('a guardrail without enabled (the provider sends it disabled), or that hands the turn to another agent: each fails', () => {
    const r = failing(
      edited((doc) => {
        const [patterns, phrases] = Object.values(doc.resource.google_ces_guardrail) as Json[];
        delete patterns.enabled;
        phrases.action = { transfer_agent: { agent: 'projects/acme-cx-prod/locations/us/apps/x/agents/y' } };
      }),
    );
    expect(r.passes).toBe(false);
    expect(r.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^weakening enabled: /),
        expect.stringMatching(/^unverified action: .*another agent/),
      ]),
    );
  });

  test('a new guardrail attached by name is judged by what it is: a code callback is not vouched for', () => {
    const r = failing(
      edited((doc) => {
        const app = Object.values(doc.resource.google_ces_app)[0] as Json;
        doc.resource.google_ces_guardrail.extra = {
          project: 'acme-cx-prod',
          location: 'us',
          app: app.app_id,
          guardrail_id: 'extra',
          display_name: 'extra',
          enabled: true,
          code_callback: { before_model_callback: { python_code: 'def f(x): return x' } },
          '//': { convoguard_agent: 'voice' },
        };
        app.guardrails = [
          ...app.guardrails,
          'projects/acme-cx-prod/locations/us/apps/support-assistant-voice/guardrails/extra',
        ];
      }),
    );
    expect(r.passes).toBe(false);
    expect(r.lines).toEqual([expect.stringMatching(/^unverified : a new guardrail the gate cannot vouch for/)]);
  });

  test("the service agent's template-reader grant removed: unverified, since redaction may then fail silently", () => {
    const r = failing(
      edited((doc) => {
        const grants = doc.resource.google_project_iam_member as Record<string, Json>;
        const [name] = Object.entries(grants).find(([, g]) => g.role === 'roles/dlp.inspectTemplatesReader')!;
        delete grants[name];
      }),
    );
    expect(r.passes).toBe(false);
    expect(r.lines).toEqual([
      expect.stringMatching(
        /^unverified \[roles\/dlp\.inspectTemplatesReader .*gcp-sa-ces.*: the service that redacts with the templates cannot read them/,
      ),
    ]);
  });

  test('the identical app passes', () => {
    expect(failing(exampleSynthesis())).toEqual({ passes: true, lines: [] });
  });
});

describe('moving an agent from Dialogflow CX to CX Agent Studio', () => {
  let diff: { code: number; out: string };
  beforeAll(async () => {
    const base = await synth(
      POLICY(
        '{ name: assist, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, create: { displayName: Assist, language: en, timeZone: Europe/London } }',
      ),
    );
    const head = await synth(
      POLICY(
        "{ name: assist, platform: cx-agent-studio, project: acme-cx-prod, location: us, create: { displayName: Assist }, conversationHistory: 'on' }",
      ),
    );
    diff = await runCli(['diff', '--base', base, '--head', head, '--fail-on-weaken', '--format', 'json']);
  });

  test('the move is a weakening that says what the new platform cannot promise', () => {
    expect(diff.code).toBe(1);
    const posture = JSON.parse(diff.out).posture as Json[];
    const move = posture.find((c) => c.subject === 'platform')!;
    expect(move).toMatchObject({ class: 'weakening', agent: 'assist' });
    expect(move.message).toMatch(/^moves from dialogflow-cx to cx-agent-studio: its protection is rebuilt there/);
    expect(move.message).toContain('conversation history is kept 365 days (the API default)');
    expect(move.message).toContain('does not carry its security settings');
    expect(move.message).toContain('guardrails do not use DLP');
  });

  test('what was kept 24 h is now kept 365 days, and who reads it changes', () => {
    const messages = (JSON.parse(diff.out).posture as Json[]).map((c) => `${c.class} ${c.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^weakening conversation-history "CX Agent Studio conversation history": retention up typically ≤ 2d \(24h configured; Dialogflow purges history.*\) → 365d/,
        ),
        expect.stringMatching(
          /^weakening conversation-history .*reader added: principals with ces\.conversations\.get/,
        ),
        expect.stringMatching(
          /^neutral conversation-history .*resource renamed from google_dialogflow_cx_security_settings\./,
        ),
      ]),
    );
  });

  test("the new app's resources are judged as a new agent's: its grants are no weakening of their own", () => {
    const output = JSON.parse(diff.out).output as Json[];
    expect(output.filter((c) => c.class === 'weakening' && /acme-ces-/.test(String(c.file ?? c.resource)))).toEqual([]);
  });
});

describe('convoguard canary on a CX Agent Studio app', () => {
  const agentCanary = (agent: string) => {
    const parsed = parsePolicy(POLICY(`${agent}\n  - { name: web, platform: meya }`), 'p.yaml').policy;
    return canary(parsed, plan(parsed).agents, 'abcd1234').agents[0];
  };

  test('checks the templates in the DLP location, the history, the logs, the bucket and the export', () => {
    const c = agentCanary(
      "{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: eu, create: { displayName: V }, bigqueryExport: true, conversationHistory: 'on' }",
    );
    expect(c.checks.map((k) => k.store)).toEqual([
      'DLP inspect template acme-voice-inspect (before sending anything)',
      'CX Agent Studio conversation history',
      "Cloud Logging (the project's _Default bucket)",
      'audio bucket acme-voice-audio-acme-cx-prod',
      'BigQuery export acme-cx-prod.acme_voice_conversations',
    ]);
    expect(c.checks[0].command).toContain(
      "'https://dlp.googleapis.com/v2/projects/acme-cx-prod/locations/europe/content:inspect'",
    );
    expect(c.checks[1].command).toContain(
      'https://ces.googleapis.com/v1/projects/acme-cx-prod/locations/eu/apps/acme-voice/conversations',
    );
    expect(c.checks[1].expect).toMatch(/^the canary conversation, with every canary value redacted/);
    // Not Meya's note: each platform says what it cannot prove.
    expect(c.notes.join(' ')).not.toContain('Meya');
  });
});

describe('the detection rules reach CX Agent Studio', () => {
  test('an infoType removed from the app inspect template by hand is a high finding the plan does not name', () => {
    const to = exampleSynthesis();
    const doc = read(to, CES);
    const inspect = Object.values(doc.resource.google_data_loss_prevention_inspect_template)[0] as Json;
    inspect.inspect_config.info_types = inspect.inspect_config.info_types.filter(
      (t: Json) => t.name !== 'EMAIL_ADDRESS',
    );
    fs.writeFileSync(path.join(to, CES), JSON.stringify(doc));
    const f = posture(to).findings.filter((x) => x.agent === 'voice' && x.rule === 'CG-DETECTION');
    expect(f).toEqual([
      expect.objectContaining({
        severity: 'high',
        planned: false,
        message: "the plan's detectors EMAIL_ADDRESS are not applied",
      }),
    ]);
  });
});

test('the hand-written bindings pass every meta-argument through: a lifecycle given is written', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'meta');
  new GoogleProvider(stack, 'google', { project: 'acme-cx-prod' });
  new CesApp(stack, 'App', {
    project: 'acme-cx-prod',
    location: 'us',
    appId: 'a',
    displayName: 'A',
    lifecycle: { preventDestroy: true },
    count: 1,
  });
  const doc = stack.toTerraform() as Json;
  expect(doc.resource.google_ces_app.App).toMatchObject({ lifecycle: { prevent_destroy: true }, count: 1 });
});

describe('the second deploy: the export and a guardrail dropped from the policy', () => {
  let doc: Json;
  beforeAll(async () => {
    const agent = (extra: string) =>
      `{ name: voice, platform: cx-agent-studio, project: acme-cx-prod, location: us, create: { displayName: V }${extra} }`;
    const base = await synth(POLICY(agent(", bigqueryExport: true, guardrails: { bannedPhrases: ['card number'] }")));
    const head = await synth(POLICY(agent('')));
    doc = JSON.parse((await runCli(['diff', '--base', base, '--head', head, '--format', 'json'])).out) as Json;
  });

  test('what the deploy deletes, and what each loses', () => {
    const fates = (doc.impact as Json[]).map((f) => [f.type, f.fate, f.loses]);
    expect(fates).toEqual(
      expect.arrayContaining([
        ['google_bigquery_dataset', 'deleted', 'the tables in the dataset'],
        [
          'google_ces_guardrail',
          'deleted',
          'nothing stored, but the app stops screening with it until a new one of the same id exists',
        ],
      ]),
    );
  });

  test('the guardrail leaving the app is a weakening; the export going away is not', () => {
    const weak = (doc.output as Json[]).filter((c) => c.class === 'weakening').map((c) => `${c.type} ${c.why}`);
    expect(weak).toEqual([expect.stringMatching(/^google_ces_app guardrail attached to the app/)]);
    expect(doc.passes).toBe(false);
  });
});

test('a guardrail rule takes exactly one of contentFilter and llmPromptSecurity, and writes that block alone', () => {
  const base = { project: 'acme-cx-prod', location: 'us', app: 'a', displayName: 'G' };
  const refused = new TerraformStack(Testing.app(), 'rules');
  expect(() => new CesGuardrail(refused, 'Neither', { ...base, guardrailId: 'n', rule: {} })).toThrow(
    /^rules\/Neither: rule received neither contentFilter nor llmPromptSecurity; expected exactly one$/,
  );
  expect(
    () =>
      new CesGuardrail(refused, 'Both', {
        ...base,
        guardrailId: 'b',
        rule: { contentFilter: { matchType: 'REGEXP_MATCH' }, llmPromptSecurity: { failOpen: false } },
      }),
  ).toThrow(/rule received both contentFilter and llmPromptSecurity; expected exactly one/);
  const stack = new TerraformStack(Testing.app(), 'rules');
  new CesGuardrail(stack, 'Screen', { ...base, guardrailId: 's', rule: { llmPromptSecurity: { failOpen: false } } });
  const g = Object.values((stack.toTerraform() as Json).resource.google_ces_guardrail)[0] as Json;
  expect(g.llm_prompt_security).toEqual({ default_settings: {}, fail_open: false });
  expect(g.content_filter).toBeUndefined();
});
