import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { agentPlan, expectedPosture, parsePolicy, plan } from '../../lib/policy';
import { readRasa } from '../../lib/report/read-agent-files';
import { diffPostures, readPosture } from '../../lib/report';
import type { RasaAgentPlan } from '../../lib/policy';
import {
  emitRasa as emitAny,
  mergeEndpoints,
  MergeError,
  RasaPipelineEndpoints,
  renderEndpoints,
} from '../../lib/rasa';
import { EXAMPLE, exampleSynthesis, exampleText, runCli, tmpDir, withoutStreams } from '../helpers';

/** The 3.6-3.12 emission (these tests' agents all run 3.12). */
const emitRasa = (a: RasaAgentPlan) => {
  const e = emitAny(a);
  return { ...e, endpoints: e.endpoints as RasaPipelineEndpoints };
};

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'endpoints.yml');
const fixture = fs.readFileSync(FIXTURE, 'utf8');
/** The example's helpdesk as a Rasa 3.12 agent: the 3.6-3.12 anonymization pipeline (the example runs 3.13). */
const PIPELINE_AGENT =
  "  - { name: helpdesk, platform: rasa, language: en, rasa: { version: '3.12' }, model: { provider: spacy, name: en_core_web_lg },\n      kafka: { cluster: billing } }\n";
const exampleAgent = () => rasaPlan(PIPELINE_AGENT);
/** The pipeline policy as a file in `dir`, for the CLI. */
const pipelineText = () => exampleText().replace(/ {2}- \{ name: helpdesk, platform: rasa.*\n.*\n/, PIPELINE_AGENT);
const pipelinePolicy = (dir: string) => {
  const file = path.join(dir, 'convoguard.yaml');
  fs.writeFileSync(file, pipelineText());
  return file;
};

/** The example policy with its rasa agent and top-level sections replaced. */
function rasaPlan(agentYaml: string, extra: Record<string, string> = {}) {
  let text = exampleText().replace(/ {2}- \{ name: helpdesk, platform: rasa.*\n.*\n/, agentYaml);
  // A helpdesk that does not publish to billing's cluster leaves that cluster carrying nothing, which is refused.
  if (!agentYaml.includes('cluster: billing')) text = text.replace(/ {6}kafka: \{ subnetIds: .*\n/, '');
  for (const [from, to] of Object.entries(extra)) {
    if (!text.includes(from))
      throw new Error(`the example no longer contains ${JSON.stringify(from)}: update this test`);
    text = text.replace(from, to);
  }
  return agentPlan(plan(parsePolicy(text).policy), 'helpdesk', 'rasa');
}

describe('emitRasa, Rasa 3.6-3.12', () => {
  const { endpoints, warnings } = emitRasa(exampleAgent());

  test('anonymization: metadata and one rule list per rule set, with Presidio entities', () => {
    expect(endpoints.anonymization).toEqual({
      metadata: { language: 'en', model_name: 'en_core_web_lg', model_provider: 'spacy' },
      rule_lists: [
        {
          id: 'default',
          rules: [
            { entity: 'EMAIL_ADDRESS', substitution: 'mask' },
            { entity: 'PHONE_NUMBER', substitution: 'mask' },
            { entity: 'CREDIT_CARD', substitution: 'mask' },
            { entity: 'IBAN_CODE', substitution: 'mask' },
            { entity: 'US_SSN', substitution: 'mask' },
            { entity: 'PERSON', substitution: 'text', value: 'John Doe' },
            { entity: 'LOCATION', substitution: 'mask' },
            { entity: 'IP_ADDRESS', substitution: 'mask' },
            { entity: 'DATE_TIME', substitution: 'mask' },
          ],
        },
      ],
    });
  });

  test('event broker topics and the log formatter reference the rule lists', () => {
    expect(endpoints.event_broker).toEqual({
      type: 'kafka',
      url: '${KAFKA_BOOTSTRAP_SERVERS}',
      security_protocol: 'SASL_SSL',
      // The example's helpdesk publishes to billing's MSK cluster: SCRAM, with credentials from the environment.
      sasl_mechanism: 'SCRAM-SHA-512',
      sasl_username: '${KAFKA_SASL_USERNAME}',
      sasl_password: '${KAFKA_SASL_PASSWORD}',
      ssl_cafile: '${KAFKA_SSL_CAFILE}',
      topic: 'helpdesk-raw-events',
      anonymization_topics: [
        { name: 'conversations-anonymized', anonymization_rules: 'default', rasa_x_consumer: true },
      ],
    });
    expect(endpoints.logger).toEqual({ formatter: { anonymization_rules: 'default' } });
  });

  test('says what Rasa cannot apply and where the bootstrap address comes from', () => {
    expect(warnings).toEqual([
      "no kafka.url for this agent: endpoints.yml reads ${KAFKA_BOOTSTRAP_SERVERS}; set it to the ScramBootstrapBrokers output of agent billing's AWS stack",
      "set ${KAFKA_SASL_USERNAME} and ${KAFKA_SASL_PASSWORD} from the secret in the ScramSecretArn output of agent billing's AWS stack, and ${KAFKA_SSL_CAFILE} to a CA bundle that trusts Amazon's certificates",
    ]);
  });

  test("the main broker's raw topic is a store: the host provisions it bounded, the file points there, the plan warns; no streams, no topic", () => {
    // Rasa 3.6-3.12 publishes every original event to the broker's own topic beside the anonymized copies
    // (rasa/anonymization/anonymization_pipeline.py adds brokers; the main one keeps its topic): on billing's cluster
    // convoguard provisions that topic, kept retention.sensitive, and points the file at it.
    expect(endpoints.event_broker?.topic).toBe('helpdesk-raw-events');
    const read = readRasa(parse(renderEndpoints(endpoints)), 'helpdesk', 'endpoints.yml');
    // The file alone cannot say how the topic is kept: unbounded and of unknown key until a cloud output shows it.
    expect(read.stores).toEqual([
      expect.objectContaining({
        kind: 'raw-event-topic',
        name: 'Kafka topic helpdesk-raw-events (every original event)',
        redactedBy: [],
        encryption: { kind: 'unknown' },
        sensitive: true,
      }),
    ]);
    expect(read.stores[0].retention.configuredSeconds).toBeUndefined();
    const expected = expectedPosture(exampleAgent());
    expect(expected.stores.find((s) => s.kind === 'raw-event-topic')).toMatchObject({
      name: read.stores[0].name,
      retention: { configuredSeconds: 86400, lag: { seconds: 7200 } },
      encryption: 'customer',
      managed: true,
    });
    // The host's stack provisions it, with the sensitive retention, as a store of its own expected posture.
    const host = agentPlan(plan(parsePolicy(pipelineText()).policy), 'billing', 'lex');
    expect(host.topics.find((t) => t.raw)).toEqual({
      name: 'helpdesk-raw-events',
      ruleSet: '',
      partitions: 3,
      replicationFactor: 3,
      retentionMs: 86400000,
      rasaXConsumer: false,
      raw: { publisher: 'helpdesk' },
    });
    expect(
      expectedPosture(host)
        .stores.filter((s) => s.kind === 'raw-event-topic')
        .map((s) => s.name),
    ).toEqual([read.stores[0].name]);
    expect(expected.caveats[0]).toMatch(
      /^Rasa 3\.12's event broker also publishes every original event, unanonymized, to topic helpdesk-raw-events .* provisions there with retention\.sensitive: bounded, but readable by any client/,
    );
    expect(exampleAgent().notes.map((n) => n.message)).toContain(
      "Rasa 3.12's event broker publishes every original event beside the anonymized copies: convoguard points it at topic helpdesk-raw-events on agent billing's cluster, kept 24h (retention.sensitive) under the cluster's key, but raw and readable by any client of the cluster (MSK: CloudFormation has no resource for Kafka ACLs). Rasa 3.13 turns it off (stream_pii: false, rasa.version: '3.13')",
    );
    // A Rasa 3.13 agent on the same cluster streams no raw events (stream_pii: false): no raw topic for it.
    expect(agentPlan(plan(parsePolicy(exampleText()).policy), 'billing', 'lex').topics.map((t) => t.name)).toEqual([
      'conversations-anonymized',
    ]);
    const noStreams = agentPlan(
      plan(
        parsePolicy(
          withoutStreams(exampleText()).replace(
            / {2}- \{ name: helpdesk, platform: rasa.*\n.*\n/,
            '  - { name: helpdesk, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg } }\n',
          ),
        ).policy,
      ),
      'helpdesk',
      'rasa',
    );
    expect(expectedPosture(noStreams).stores.map((s) => s.kind)).toEqual(['tracker-store']);
    expect(readRasa(parse(renderEndpoints(emitRasa(noStreams).endpoints)), 'helpdesk', 'endpoints.yml').stores).toEqual(
      [],
    );
  });

  test('topics on your own Kafka (kafka.url) are reported as yours: no retention, key or creation convoguard sets', () => {
    const own = rasaPlan(
      '  - { name: helpdesk, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg }, kafka: { url: "k:9092" } }\n',
    );
    const e = expectedPosture(own);
    expect(e.stores.find((s) => s.kind === 'anonymized-topic')).toMatchObject({
      name: 'conversations-anonymized',
      retention: { lag: { seconds: 0 } },
      encryption: 'unknown',
      managed: false,
    });
    expect(e.stores.find((s) => s.kind === 'anonymized-topic')!.retention.configuredSeconds).toBeUndefined();
    expect(e.caveats).toContain(
      "The topics are on your Kafka (kafka.url): convoguard creates none there, so how long they keep events, which key encrypts them and who may read them are your cluster's settings, not visible here. Create conversations-anonymized with retention.ms 604800000, encrypted, with ACLs for their readers.",
    );
    // On a cloud agent's cluster convoguard creates the topic: its retention.ms, under that agent's key.
    expect(expectedPosture(exampleAgent()).stores.find((s) => s.kind === 'anonymized-topic')).toMatchObject({
      retention: { configuredSeconds: 604800 },
      encryption: 'customer',
      managed: true,
    });
    expect(expectedPosture(exampleAgent()).caveats.some((c) => c.startsWith('The topics are on your Kafka'))).toBe(
      false,
    );
  });

  test('round-trips through the YAML parser', () => {
    expect(parse(renderEndpoints(endpoints, '# header\n'))).toEqual(JSON.parse(JSON.stringify(endpoints)));
  });

  test('faker falls back to mask for entities Rasa cannot fake, and hash to mask, each named', () => {
    const a = rasaPlan(
      '  - { name: helpdesk, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg }, kafka: { url: "k:9092" } }\n',
      {
        'kinds: [email,': 'kinds: [drivers_license, email,',
        'default: mask                      # mask | kind-name | faker | hash (text only in a rule, with a value)':
          'default: faker',
        "- { kinds: [credit_card, iban], method: mask, char: '*' }": '- { kinds: [credit_card, iban], method: hash }',
        'deidentify:\n':
          'deidentify:\n  cryptoKey: { kmsKeyName: projects/p/locations/us-central1/keyRings/r/cryptoKeys/k, wrappedKey: AAAA }\n',
      },
    );
    const r = emitRasa(a);
    const rules = r.endpoints.anonymization.rule_lists[0].rules;
    expect(rules.find((x) => x.entity === 'US_DRIVER_LICENSE')).toEqual({
      entity: 'US_DRIVER_LICENSE',
      substitution: 'mask',
    });
    expect(rules.find((x) => x.entity === 'EMAIL_ADDRESS')).toEqual({ entity: 'EMAIL_ADDRESS', substitution: 'faker' });
    expect(rules.find((x) => x.entity === 'CREDIT_CARD')).toEqual({ entity: 'CREDIT_CARD', substitution: 'mask' });
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        'rule set "default": Rasa\'s faker does not support US_DRIVER_LICENSE (drivers_license); mask is written instead',
      ]),
    );
    // hash is decided once, in the plan: the rule's effective method is mask, with a warning naming the agent's rule set.
    expect(a.deidentify.sets[0].rules[1]).toMatchObject({ method: 'hash', effectiveMethod: 'mask', char: '*' });
    expect(a.notes.map((n) => n.message)).toContain(
      'rule set "default", credit_card, iban: Rasa has no hash substitution: findings are masked instead',
    );
    expect(r.endpoints.event_broker?.url).toBe('k:9092');
  });

  test('kind-name becomes text without a value (Rasa writes <ENTITY>)', () => {
    const a = rasaPlan(
      '  - { name: helpdesk, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg } }\n',
      {
        'default: mask                      # mask | kind-name | faker | hash (text only in a rule, with a value)':
          'default: kind-name',
      },
    );
    expect(emitRasa(a).endpoints.anonymization.rule_lists[0].rules[0]).toEqual({
      entity: 'EMAIL_ADDRESS',
      substitution: 'text',
    });
  });

  test('country entities that do not fire for the language, and a model for another language, are reported', () => {
    const a = rasaPlan(
      '  - { name: helpdesk, platform: rasa, language: es, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg } }\n',
    );
    const w = emitRasa(a).warnings;
    expect(w).toContain(
      'us_ssn (US_SSN) is recognized for language "en" only; this agent\'s language is "es", so it will not fire',
    );
    expect(w).toContain(
      'model "en_core_web_lg" is for language "en" but the agent\'s language is "es"; Rasa runs one language per process',
    );
  });

  test('approximate entities are reported', () => {
    expect(exampleAgent().notes.map((n) => n.message)).toContain(
      'Presidio has no exact entity for street_address: LOCATION covers it more broadly',
    );
  });

  test('the transformers provider takes both model names', () => {
    const a = rasaPlan(
      '  - { name: helpdesk, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: transformers, spacy: en_core_web_lg, transformers: dslim/bert-base-NER } }\n',
    );
    expect(emitRasa(a).endpoints.anonymization.metadata).toEqual({
      language: 'en',
      model_name: { spacy: 'en_core_web_lg', transformers: 'dslim/bert-base-NER' },
      model_provider: 'transformers',
    });
  });
});

describe('mergeEndpoints, Rasa 3.6-3.12', () => {
  const { endpoints } = emitRasa(exampleAgent());
  const merged = mergeEndpoints(fixture, endpoints);

  test('keeps every original line, in order, byte-for-byte: only convoguard lines are added or set', () => {
    // The broker's own topic is convoguard's when the policy's cluster provisions it: that one line changes.
    const original = fixture.replace('  topic: rasa_events ', '  topic: helpdesk-raw-events ').split('\n');
    const lines = merged.split('\n');
    let i = 0;
    for (const line of lines) if (i < original.length && line === original[i]) i++;
    expect(i).toBe(original.length);
    // the untouched sections are identical substrings
    for (const section of ['action_endpoint:', 'tracker_store:', 'lock_store:']) {
      const start = fixture.indexOf(section);
      const end = fixture.indexOf('\n\n', start);
      expect(merged).toContain(fixture.slice(start, end));
    }
  });

  test('sets the managed keys, keeping the existing broker url and security settings', () => {
    const doc = parse(merged);
    expect(doc.event_broker).toEqual({
      type: 'kafka',
      partition_by_sender: true,
      security_protocol: 'SASL_SSL',
      sasl_mechanism: 'SCRAM-SHA-512',
      sasl_username: '${KAFKA_SASL_USERNAME}',
      sasl_password: '${KAFKA_SASL_PASSWORD}',
      ssl_cafile: '${KAFKA_SSL_CAFILE}',
      url: 'kafka-1.internal:9096',
      topic: 'helpdesk-raw-events',
      client_id: 'kafka-python-rasa',
      anonymization_topics: [
        { name: 'conversations-anonymized', anonymization_rules: 'default', rasa_x_consumer: true },
      ],
    });
    expect(doc.logger).toEqual({ level: 'INFO', formatter: { anonymization_rules: 'default' } });
    expect(doc.anonymization).toEqual(JSON.parse(JSON.stringify(endpoints.anonymization)));
    // Every original event now goes to the bounded topic billing's stack provisions; the merge says what it changed.
    expect(merged).toContain('  topic: helpdesk-raw-events        # the raw topic, kept for the analytics team\n');
    const notes: string[] = [];
    mergeEndpoints(fixture, endpoints, 'endpoints.yml', notes);
    expect(notes).toContain(
      "event_broker.topic changed from rasa_events to helpdesk-raw-events: every original event now goes to the topic the policy's cluster provisions (kept retention.sensitive); rasa_events keeps what it already holds",
    );
  });

  test('running it twice changes nothing', () => {
    expect(mergeEndpoints(merged, endpoints)).toBe(merged);
  });

  test('replaces an outdated anonymization section in place, keeping what follows', () => {
    const old =
      'anonymization:\n  metadata:\n    language: de\n  rule_lists: []\n\n# after\naction_endpoint:\n  url: x\n';
    const out = mergeEndpoints(old, endpoints);
    expect(out.startsWith('anonymization:\n  metadata:\n    language: en\n')).toBe(true);
    expect(out).toContain('\n\n# after\naction_endpoint:\n  url: x\n');
  });

  test('merges into an empty file', () => {
    expect(parse(mergeEndpoints('', endpoints)).logger).toEqual({ formatter: { anonymization_rules: 'default' } });
  });

  test('refuses to turn a RabbitMQ broker into Kafka, with the position, and writes nothing', async () => {
    const rabbit =
      'tracker_store:\n  type: sql\nevent_broker:\n  type: pika\n  url: rabbit.internal\n  username: rasa\n  password: ${RABBIT_PASSWORD}\n  queues: [rasa_events]\n';
    expect(() => mergeEndpoints(rabbit, endpoints, 'endpoints.yml')).toThrow(
      'endpoints.yml: 4:9: event_broker is type "pika"; convoguard\'s anonymization topics need a Kafka broker (Rasa Pro 3.6-3.12 anonymizes to Kafka topics only). Point the policy\'s streams at a Kafka broker, or remove the streams; nothing was written',
    );
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'endpoints.yml'), rabbit);
    const r = await runCli(['rasa', pipelinePolicy(dir), '--agent', 'helpdesk', '--merge', 'endpoints.yml'], dir);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'endpoints.yml'), 'utf8')).toBe(rabbit);
  });

  test('refuses invalid YAML with its position', () => {
    expect(() => mergeEndpoints('a: [1,\n', endpoints, 'endpoints.yml')).toThrow(MergeError);
    expect(() => mergeEndpoints('a: [1,\n', endpoints, 'endpoints.yml')).toThrow(
      /^endpoints\.yml: 2:1: not valid YAML/,
    );
  });
});

describe('convoguard rasa, Rasa 3.6-3.12', () => {
  test('--merge updates the file in place and is idempotent; warnings go to stderr', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'endpoints.yml'), fixture);
    const r = await runCli(['rasa', pipelinePolicy(dir), '--agent', 'helpdesk', '--merge', 'endpoints.yml'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('warning: agents.helpdesk: set ${KAFKA_SASL_USERNAME}');
    // The file's own broker url is kept: no advice to set one.
    expect(r.err).not.toContain('no kafka.url');
    const once = fs.readFileSync(path.join(dir, 'endpoints.yml'), 'utf8');
    expect(once).toBe(mergeEndpoints(fixture, emitRasa(exampleAgent()).endpoints));
    await runCli(['rasa', pipelinePolicy(dir), '--agent', 'helpdesk', '--merge', 'endpoints.yml'], dir);
    expect(fs.readFileSync(path.join(dir, 'endpoints.yml'), 'utf8')).toBe(once);
  });

  test('prints a fresh endpoints.yml to stdout', async () => {
    const r = await runCli(['rasa', pipelinePolicy(tmpDir()), '--agent', 'helpdesk']);
    expect(r.out.startsWith('# Generated by convoguard from policy "support-assistant", agent "helpdesk"')).toBe(true);
    expect(parse(r.out).anonymization.metadata.language).toBe('en');
  });

  test('an unknown agent is a usage error', async () => {
    const r = await runCli(['rasa', EXAMPLE, '--agent', 'support']);
    expect(r).toMatchObject({
      code: 2,
      err: expect.stringContaining('--agent received "support"; the policy\'s rasa agents are helpdesk, kiosk'),
    });
  });
});

test("the raw topic is read where it is kept: support's Managed Kafka topic, with its retention, key and clients", () => {
  const dir = exampleSynthesis();
  const p = readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
    relativeTo: dir,
  });
  const raw = p.agents.find((a) => a.agent === 'kiosk')!.stores.find((s) => s.kind === 'raw-event-topic')!;
  // kiosk publishes to support's Managed Kafka cluster.
  // kafka.principal puts a Kafka ACL on the topic that lets kiosk's service account alone write: nobody reads it through
  // Kafka (once a topic has an ACL, the authorizer admits only the principals it allows).
  expect(raw.readers.map((r) => r.who)).toEqual([
    expect.stringMatching(/^nobody through Kafka \(the topic's ACL allows only its writer\)/),
  ]);
  // The file names the topic, support's stack provisions it: the store is that topic, bounded and under support's key.
  expect(raw.resource).toBe('google_managed_kafka_topic.support_Topics_Topic-kiosk-raw-events_C6C7DD61');
  expect(raw.retention.configuredSeconds).toBe(86400);
  expect(raw.retention.lag.seconds).toBe(2 * 3600);
  expect(raw.encryption).toEqual({ kind: 'customer', key: 'google_kms_crypto_key.support_Key_DDD94B71' });
  // It is kiosk's store only: support's topics are the anonymized ones.
  const support = p.agents.find((a) => a.agent === 'support')!;
  expect(support.stores.filter((s) => s.kind.endsWith('topic')).map((s) => `${s.kind} ${s.name}`)).toEqual([
    'anonymized-topic conversations-anonymized',
  ]);
  expect(p.findings.filter((f) => !f.planned)).toEqual([]);
});

test('a head that keeps the raw topic 30 days is a finding and a weakening, under the rasa agent that writes to it', () => {
  const base = exampleSynthesis();
  const head = exampleSynthesis();
  const file = path.join(head, 'cdktf.out', 'stacks', 'support-assistant-gcp-acme-cx-prod-us-central1', 'cdk.tf.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const topic = doc.resource.google_managed_kafka_topic['support_Topics_Topic-kiosk-raw-events_C6C7DD61'];
  topic.configs['retention.ms'] = String(30 * 86400000);
  fs.writeFileSync(file, JSON.stringify(doc));
  const read = (dir: string) =>
    readPosture({
      cdkOut: path.join(dir, 'cdk.out'),
      tfOut: path.join(dir, 'cdktf.out'),
      out: path.join(dir, 'out'),
      relativeTo: dir,
    });
  const h = read(head);
  expect(h.findings.filter((f) => !f.planned).map((f) => `${f.agent} ${f.rule} ${f.resource}`)).toEqual([
    'kiosk CG-STORE-RETENTION google_managed_kafka_topic.support_Topics_Topic-kiosk-raw-events_C6C7DD61',
  ]);
  expect(
    diffPostures(read(base), h)
      .filter((c) => c.class === 'weakening')
      .map((c) => `${c.agent} ${c.message}`),
  ).toEqual([
    expect.stringMatching(
      /^kiosk raw-event-topic "Kafka topic kiosk-raw-events \(every original event\)": retention up/,
    ),
  ]);
});

test('a file that sends its original events to a topic of its own has one raw store, under its real name, unbounded: a finding', () => {
  const dir = exampleSynthesis();
  const file = path.join(dir, 'out', 'rasa', 'kiosk', 'endpoints.yml');
  fs.writeFileSync(
    file,
    fs.readFileSync(file, 'utf8').replace('  topic: kiosk-raw-events\n', '  topic: rasa_events\n'),
  );
  const p = readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
    relativeTo: dir,
  });
  const kiosk = p.agents.find((a) => a.agent === 'kiosk')!;
  expect(kiosk.stores.filter((s) => s.kind === 'raw-event-topic').map((s) => s.name)).toEqual([
    'Kafka topic rasa_events (every original event)',
  ]);
  // No output holds rasa_events: it keeps every original event as its cluster says, where the plan bounds it to 24h.
  expect(
    p.findings.filter((f) => f.agent === 'kiosk' && !f.planned).map((f) => `${f.rule} ${f.resource} ${f.message}`),
  ).toEqual([
    'CG-STORE-CMK out/rasa/kiosk/endpoints.yml raw-event-topic "Kafka topic rasa_events (every original event)" is yours: its encryption cannot be seen from the synthesized output; confirm it uses a key you control',
    'CG-STORE-RETENTION out/rasa/kiosk/endpoints.yml raw-event-topic "Kafka topic rasa_events (every original event)" keeps data without limit; the policy allows 24h',
  ]);
});
