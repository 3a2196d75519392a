/**
 * Rasa Pro 3.13+: the privacy: block convoguard writes is one Rasa accepts (its JSON schema and start-up rules),
 * deletes conversations from the tracker store within the policy's bound, and says what 3.13 cannot do.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { agentPlan, expectedPosture, parsePolicy, plan } from '../../lib/policy';
import { readRasa } from '../../lib/report/read-agent-files';
import {
  emitRasa,
  mergeEndpoints,
  MergeError,
  RasaPipelineEndpoints,
  RasaPrivacyEndpoints,
  renderEndpoints,
} from '../../lib/rasa';
import { rasaEndpoints } from '../../lib/cli/agent-files';
import { EXAMPLE, exampleText, runCli, tmpDir, policyProblems as problems, withoutStreams } from '../helpers';
import { schemaErrors, startupErrors } from './rasa-startup';

const FIXTURE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'endpoints.yml'), 'utf8');
const HELPDESK = /( {2}- \{ name: helpdesk, platform: rasa.*\n.*\n)/;

/** The example policy with its helpdesk agent (a 3.13 agent) replaced, and other edits. */
function policyText(agentYaml?: string, extra: Record<string, string> = {}): string {
  let text = agentYaml ? exampleText().replace(HELPDESK, agentYaml) : exampleText();
  // A helpdesk that does not publish to billing's cluster leaves that cluster carrying nothing, which is refused.
  if (agentYaml && !agentYaml.includes('cluster: billing')) text = text.replace(/ {6}kafka: \{ subnetIds: .*\n/, '');
  for (const [from, to] of Object.entries(extra)) {
    if (!text.includes(from))
      throw new Error(`the example no longer contains ${JSON.stringify(from)}: update this test`);
    text = text.replace(from, to);
  }
  return text;
}
const helpdesk = (agentYaml?: string, extra?: Record<string, string>) =>
  agentPlan(plan(parsePolicy(policyText(agentYaml, extra)).policy), 'helpdesk', 'rasa');
const privacyOf = (a: ReturnType<typeof helpdesk>) => emitRasa(a).endpoints as RasaPrivacyEndpoints;
describe("the example's helpdesk (Rasa 3.13, the default)", () => {
  const agent = helpdesk();
  const { endpoints, warnings } = emitRasa(agent);
  const fresh = parse(renderEndpoints(endpoints));

  test('gets the privacy: block: a rule per sensitive slot, anonymization at 30 min, deletion at retention.sensitive', () => {
    expect(agent).toMatchObject({ rasaVersion: '3.13', format: 'privacy' });
    expect(agent.model).toBeUndefined();
    expect(fresh.privacy).toEqual({
      tracker_store_settings: {
        anonymization: { min_after_session_end: 30, cron: '*/15 * * * *' },
        // retention.sensitive: 24h
        deletion: { min_after_session_end: 1440, cron: '7-59/15 * * * *' },
      },
      rules: [
        { slot: 'card_number', anonymization: { type: 'redact', redaction_char: '*', keep_right: 4 } },
        { slot: 'email_address', anonymization: { type: 'redact', redaction_char: '*' } },
      ],
    });
    expect(fresh.anonymization).toBeUndefined();
    expect(fresh.logger).toBeUndefined();
  });

  test('streams anonymized events only: stream_pii false and the topics as names', () => {
    expect(fresh.event_broker).toMatchObject({
      type: 'kafka',
      sasl_mechanism: 'SCRAM-SHA-512',
      stream_pii: false,
      anonymization_topics: ['conversations-anonymized'],
    });
  });

  test('a fresh file has a Redis lock store from the environment, and says so', () => {
    expect(fresh.lock_store).toEqual({
      type: 'redis',
      url: '${REDIS_HOST}',
      port: '${REDIS_PORT}',
      password: '${REDIS_PASSWORD}',
      db: '${REDIS_LOCK_DB}',
    });
    expect(warnings).toContain(
      'a fresh endpoints.yml gets a Redis lock store (Rasa requires one for the tracker-store jobs): set ${REDIS_HOST}, ${REDIS_PORT}, ${REDIS_PASSWORD} and ${REDIS_LOCK_DB}, or merge into your endpoints.yml with --merge to keep your own',
    );
    expect(warnings).toContain(
      'rasaXConsumer is a Rasa 3.6 setting: Rasa 3.13 anonymization topics are plain topic names, so it is not written',
    );
  });

  test("passes Rasa's JSON schema for privacy: and its start-up rules", () => {
    expect(schemaErrors(fresh.privacy)).toEqual([]);
    expect(startupErrors(fresh)).toEqual([]);
  });

  test('the tracker store is bounded by deletion plus session end and job period, and anonymized by the job', () => {
    const store = expectedPosture(agent).stores.find((s) => s.kind === 'tracker-store')!;
    expect(store.retention.configuredSeconds).toBe(1440 * 60);
    expect(store.retention.lag.seconds).toBe(45 * 60);
    expect(store.managed).toBe(true);
    expect(store.redactedBy).toEqual([
      'Rasa privacy anonymization job (slots card_number, email_address), 30 min after session end',
    ]);
  });

  test('what 3.13 cannot apply is a warning: custom patterns, markers, text, free text without GLiNER', () => {
    const notes = agent.notes.filter((n) => n.level === 'warning').map((n) => n.message);
    expect(notes).toContain(
      "Rasa 3.13's privacy rules are per slot (and GLiNER labels), with no pattern detectors: ORDER_NUMBER, SSML markers are not applied on this agent",
    );
    expect(notes).toContain(
      'rule set "default", person_name: Rasa 3.13 has no replacement text: the value is replaced by the slot name in brackets',
    );
    // A kind no slot holds and GLiNER does not look for stays raw until deletion.
    expect(agent.detection.kinds.find((k) => k.kind === 'phone')).toMatchObject({ coverage: 'none', detectors: [] });
    expect(notes).toContain(
      'Rasa 3.13 anonymizes the values of the sensitive slots: no sensitive slot holds phone, iban, us_ssn, person_name, street_address, ip_address, date_of_birth and GLiNER free-text detection is off (gliner: false), so they stay in the tracker store until deletion and reach topics raw',
    );
    expect(agent.detection.kinds.find((k) => k.kind === 'credit_card')).toMatchObject({
      coverage: 'builtin',
      detectors: ['slot:card_number'],
    });
  });
});

describe('a policy asking for what Rasa 3.13 cannot do', () => {
  const agent = helpdesk(
    '  - { name: helpdesk, platform: rasa, language: en, gliner: true, sensitiveSlots: [{ slot: card, kind: credit_card, keep: { left: 2 } }, { slot: ssn, kind: us_ssn }] }\n',
    {
      "- { kinds: [credit_card, iban], method: mask, char: '*' }":
        "- { kinds: [credit_card, iban], method: hash }\n    - { kinds: [us_ssn], method: mask, char: '#' }",
      'default: mask                      # mask | kind-name | faker | hash (text only in a rule, with a value)':
        'default: faker',
      'deidentify:\n':
        'deidentify:\n  cryptoKey: { kmsKeyName: projects/p/locations/us-central1/keyRings/r/cryptoKeys/k, wrappedKey: AAAA }\n  sets: { partner: { default: kind-name } }\n',
      'deidentify: default, partitions: 3': 'deidentify: partner, partitions: 3',
    },
  );
  const out = privacyOf(agent);
  const warnings = agent.notes.filter((n) => n.level === 'warning').map((n) => n.message);

  test('hash and faker become redaction with *, kind-name the slot name, each a warning', () => {
    expect(out.privacy.rules).toEqual([
      { slot: 'card', anonymization: { type: 'redact', redaction_char: '*', keep_left: 2 } },
      { slot: 'ssn', anonymization: { type: 'redact', redaction_char: '#' } },
    ]);
    expect(warnings).toContain(
      'rule set "default", credit_card, iban: Rasa 3.13 has no hash substitution: the value is redacted with * instead',
    );
    expect(warnings).toContain(
      'rule set "default", (default): Rasa 3.13 has no faker substitution: the value is redacted with * instead',
    );
    expect(warnings).toContain(
      'rule set "partner", (default): Rasa 3.13 writes the slot name in brackets ([CREDIT_CARD_NUMBER]), not the kind name',
    );
  });

  test('one set of rules for every topic: a stream naming another rule set is a warning', () => {
    expect(warnings).toContain(
      'Rasa 3.13 anonymizes every topic the same way, with the privacy: slot rules: rule set partner named by streams is not applied on this agent',
    );
    expect(out.event_broker?.anonymization_topics).toEqual(['conversations-anonymized']);
  });

  test('GLiNER covers kinds in free text approximately, and not those it has no label for', () => {
    const kinds = Object.fromEntries(agent.detection.kinds.map((k) => [k.kind, k]));
    expect(kinds.credit_card).toMatchObject({
      coverage: 'builtin',
      detectors: ['slot:card', 'GLiNER:credit card number'],
    });
    expect(kinds.email).toMatchObject({ coverage: 'approximate', detectors: ['GLiNER:email'] });
    expect(kinds.street_address).toMatchObject({ coverage: 'none' });
    expect(warnings).toContain(
      'Rasa 3.13 anonymizes the values of the sensitive slots and what GLiNER finds: no sensitive slot holds street_address and GLiNER has no label for it, so it stays in the tracker store until deletion and reaches topics raw',
    );
  });

  test('the CLI prints the warnings naming the agent', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'p.yaml');
    fs.writeFileSync(
      file,
      policyText(
        '  - { name: helpdesk, platform: rasa, language: en, sensitiveSlots: [{ slot: card, kind: credit_card }] }\n',
        { 'default: mask ': 'default: faker ' },
      ),
    );
    const r = await runCli(['rasa', file, '--agent', 'helpdesk'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'warning: agents.helpdesk: rule set "default", (default): Rasa 3.13 has no faker substitution: the value is redacted with * instead',
    );
    expect(schemaErrors(parse(r.out).privacy)).toEqual([]);
    expect(
      r.out.startsWith(
        '# Generated by convoguard from policy "support-assistant", agent "helpdesk" (Rasa Pro 3.13): privacy, event_broker stream_pii and anonymization topics, lock_store.\n',
      ),
    ).toBe(true);
  });
});

describe('policy validation for Rasa 3.13', () => {
  test('a sensitive retention Rasa cannot delete within is refused at retention.sensitive, naming the agent', () => {
    // The policy-wide whole-day rule refuses it too; the Rasa floor stands on its own should that rule change.
    const rasaOnly = (retention: string) =>
      `version: 1\nname: chat\ndetection: { kinds: [email] }\nretention: ${retention}\nagents:\n  - { name: helpdesk, platform: rasa, language: en, sensitiveSlots: [{ slot: email, kind: email }] }\n`;
    expect(problems(rasaOnly('{ sensitive: 30m, anonymized: 30d }'))).toContainEqual(
      'p.yaml:4:25 retention.sensitive: received "30m"; rasa agent "helpdesk" deletes conversations with Rasa\'s tracker-store deletion job, which must run more than 30 minutes after session end (Rasa refuses min_after_session_end below USER_CHAT_INACTIVITY_IN_MINUTES, 30 by default, and deletion must come after anonymization): expected at least 31m',
    );
    const a = agentPlan(
      plan(parsePolicy(rasaOnly('{ sensitive: 2d, anonymized: 30d, exception: { reason: fraud review } }')).policy),
      'helpdesk',
      'rasa',
    );
    expect(a.privacy?.trackerStore.deletion).toEqual({ minAfterSessionEnd: 2880, cron: '7-59/15 * * * *' });
    expect(startupErrors(parse(renderEndpoints(emitRasa(a).endpoints)))).toEqual([]);
  });

  test('model on 3.13, no model on 3.12, duplicate slots and slot kinds the agent does not detect are errors at their place', () => {
    const text = policyText(
      '  - { name: helpdesk, platform: rasa, language: en, model: { provider: spacy, name: en_core_web_lg }, sensitiveSlots: [{ slot: a, kind: email }, { slot: a, kind: passport }] }\n  - { name: old, platform: rasa, language: en, rasa: { version: "3.12" } }\n',
    );
    const p = problems(text);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /agents\[2\]\.model: Rasa 3\.13 has no Presidio pipeline, so model is not used \(rasa\.version defaults to the newest format, 3\.13\)/,
        ),
        expect.stringMatching(
          /agents\[2\]\.sensitiveSlots\[1\]\.slot: slot "a" is listed twice \(also at sensitiveSlots\[0\]\)/,
        ),
        expect.stringMatching(
          /agents\[2\]\.sensitiveSlots\[1\]\.kind: received "passport"; this agent detects email, phone/,
        ),
        expect.stringMatching(
          /agents\[3\]: missing model; Rasa 3\.12's anonymization pipeline needs the Presidio NLP model/,
        ),
      ]),
    );
  });

  test('an unquoted version is explained', () => {
    const p = problems(policyText('  - { name: helpdesk, platform: rasa, language: en, rasa: { version: 3.10 } }\n'));
    expect(p).toEqual([
      expect.stringContaining(
        "agents[2].rasa.version: received number 3.1; expected string (Rasa Pro version the assistant runs, quoted: '3.10' unquoted is the number 3.1.",
      ),
    ]);
  });
});

describe('the schema validator and start-up rules used above can fail', () => {
  test('keep_left 0, an unknown key and a two-character redaction_char are schema errors', () => {
    expect(
      schemaErrors({
        rules: [{ slot: 's', anonymization: { type: 'redact', keep_left: 0, redaction_char: '**' } }],
        tracker_store_settings: { deletion: { cron: '1 * * * *', every: 1 } },
      }),
    ).toEqual([
      'privacy.rules[0].anonymization.keep_left: must be greater than 0',
      'privacy.rules[0].anonymization.redaction_char: longer than 1',
      'privacy.tracker_store_settings.deletion: unexpected every',
    ]);
    expect(schemaErrors({})).toEqual(['privacy: missing rules']);
  });

  test('under 30 minutes, deletion not after anonymization, equal crons and no lock store are start-up errors', () => {
    const job = (m: number, cron: string) => ({ min_after_session_end: m, cron });
    expect(
      startupErrors({
        privacy: {
          rules: [],
          tracker_store_settings: { anonymization: job(29, '0 * * * *'), deletion: job(29, '0 * * * *') },
        },
      }),
    ).toEqual([
      'anonymization: Minimum time in minutes after session end must be greater than USER_CHAT_INACTIVITY_IN_MINUTES env var value.',
      'deletion: Minimum time in minutes after session end must be greater than USER_CHAT_INACTIVITY_IN_MINUTES env var value.',
      'deletion.min_after_session_end must be greater than anonymization.min_after_session_end',
      'the anonymization and deletion cron expressions must differ',
      'tracker store jobs need a lock_store',
    ]);
    expect(
      startupErrors({
        lock_store: {},
        privacy: { rules: [], tracker_store_settings: { deletion: job(60, 'every hour') } },
      }),
    ).toEqual(['deletion: "every hour" is not a 5-field crontab']);
  });
});

describe('--merge with Rasa 3.13', () => {
  const agent = helpdesk();
  const endpoints = privacyOf(agent);
  const notes: string[] = [];
  const merged = mergeEndpoints(FIXTURE, endpoints, 'endpoints.yml', notes);

  test('into a realistic 3.13 file: every original line kept in order, the lock store kept, privacy and stream_pii set', () => {
    const original = FIXTURE.split('\n');
    let i = 0;
    for (const line of merged.split('\n')) if (i < original.length && line === original[i]) i++;
    expect(i).toBe(original.length);
    const doc = parse(merged);
    expect(doc.lock_store).toEqual({ type: 'redis', url: 'redis', port: 6379, password: '${REDIS_PASSWORD}', db: 1 });
    expect(doc.privacy).toEqual(JSON.parse(JSON.stringify(endpoints.privacy)));
    expect(doc.event_broker).toMatchObject({
      url: 'kafka-1.internal:9096',
      topic: 'rasa_events',
      stream_pii: false,
      anonymization_topics: ['conversations-anonymized'],
    });
    expect(doc.anonymization).toBeUndefined();
    expect(schemaErrors(doc.privacy)).toEqual([]);
    expect(startupErrors(doc)).toEqual([]);
    expect(mergeEndpoints(merged, endpoints)).toBe(merged);
  });

  test('into a 3.6 file: the pipeline keys convoguard wrote go, the rest stays, and it says so', () => {
    const pipelineAgent = helpdesk(
      "  - { name: helpdesk, platform: rasa, language: en, rasa: { version: '3.12' }, model: { provider: spacy, name: en_core_web_lg },\n      kafka: { cluster: billing } }\n",
    );
    const old = mergeEndpoints(FIXTURE, emitRasa(pipelineAgent).endpoints as RasaPipelineEndpoints);
    expect(parse(old).anonymization).toBeDefined();
    const upgraded: string[] = [];
    const out = mergeEndpoints(old, endpoints, 'endpoints.yml', upgraded);
    const doc = parse(out);
    expect(doc.anonymization).toBeUndefined();
    expect(doc.logger).toEqual({ level: 'INFO' });
    expect(doc.event_broker.anonymization_topics).toEqual(['conversations-anonymized']);
    // The 3.12 merge pointed the broker at the raw topic billing provisioned; with stream_pii: false nothing reaches
    // it any more, and the name stays (the file's own choice once the cluster no longer carries it).
    expect(doc.event_broker.topic).toBe('helpdesk-raw-events');
    expect(doc).toEqual({
      ...parse(merged),
      event_broker: { ...parse(merged).event_broker, topic: 'helpdesk-raw-events' },
    });
    expect(out).toContain('# Logging: keep INFO in production\nlogger:\n  level: INFO\n');
    expect(upgraded).toEqual([
      'removed anonymization: it belongs to the Rasa 3.6 anonymization pipeline, which the privacy: block replaces',
      'removed logger.formatter.anonymization_rules: it belongs to the Rasa 3.6 anonymization pipeline, which the privacy: block replaces',
    ]);
  });

  test('a file without a lock store is refused with what to add; a 3.12 merge into a file with privacy: is refused', () => {
    const noLock = FIXTURE.replace(/lock_store:\n( {2}.*\n)+/, '');
    expect(() => mergeEndpoints(noLock, endpoints, 'endpoints.yml')).toThrow(MergeError);
    expect(() => mergeEndpoints(noLock, endpoints, 'endpoints.yml')).toThrow(
      /^endpoints\.yml: has no lock_store; Rasa 3\.13 refuses tracker-store anonymization and deletion jobs without one/,
    );
    const pipelineAgent = helpdesk(
      "  - { name: helpdesk, platform: rasa, language: en, rasa: { version: '3.12' }, model: { provider: spacy, name: en_core_web_lg } }\n",
    );
    expect(() => mergeEndpoints(merged, emitRasa(pipelineAgent).endpoints, 'endpoints.yml')).toThrow(
      /^endpoints\.yml: has a privacy: block \(Rasa 3\.13\+\), but the policy's agent runs an older Rasa/,
    );
  });

  test("a user's broker without the policy's streams gets stream_pii: false, with a note", () => {
    const noStreams = agentPlan(plan(parsePolicy(withoutStreams(exampleText())).policy), 'helpdesk', 'rasa');
    const n: string[] = [];
    const out = parse(mergeEndpoints(FIXTURE, emitRasa(noStreams).endpoints, 'endpoints.yml', n));
    expect(out.event_broker).toMatchObject({ topic: 'rasa_events', stream_pii: false });
    expect(out.event_broker.anonymization_topics).toBeUndefined();
    expect(n).toEqual([
      'event_broker: stream_pii set to false, so raw events no longer reach its topic; the policy has no streams, so no anonymized topic replaces it',
    ]);
  });

  test('the CLI merge keeps the lock store and drops the fresh-file lock store warning', async () => {
    const r = rasaEndpoints(plan(parsePolicy(exampleText()).policy), agent, FIXTURE, 'endpoints.yml');
    expect(r.text).toBe(merged);
    expect(r.warnings.some((w) => w.includes('Redis lock store'))).toBe(false);
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'endpoints.yml'), FIXTURE);
    const cli = await runCli(['rasa', EXAMPLE, '--agent', 'helpdesk', '--merge', 'endpoints.yml'], dir);
    expect(cli.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'endpoints.yml'), 'utf8')).toBe(merged);
  });
});

test("--merge refuses to drop anonymized topics the policy's streams do not name, in either format", () => {
  const withAudit = FIXTURE.replace(
    '  client_id: kafka-python-rasa\n',
    '  client_id: kafka-python-rasa\n  anonymization_topics:\n    - conversations-anonymized\n    - audit-anonymized   # the audit team reads this one\n',
  );
  const message =
    "endpoints.yml: event_broker.anonymization_topics has audit-anonymized, which the policy's streams do not name; convoguard rewrites that list, so it would stop receiving events. Add it to the policy's streams, or remove it from the file; nothing was written";
  expect(() => mergeEndpoints(withAudit, privacyOf(helpdesk()), 'endpoints.yml')).toThrow(message);
  const pipeline = helpdesk(
    "  - { name: helpdesk, platform: rasa, language: en, rasa: { version: '3.12' }, model: { provider: spacy, name: en_core_web_lg },\n      kafka: { cluster: billing } }\n",
  );
  const objects = FIXTURE.replace(
    '  client_id: kafka-python-rasa\n',
    '  client_id: kafka-python-rasa\n  anonymization_topics:\n    - { name: audit-anonymized, anonymization_rules: default }\n',
  );
  expect(() => mergeEndpoints(objects, emitRasa(pipeline).endpoints, 'endpoints.yml')).toThrow(message);
});

test('a merge that keeps the file broker url does not ask for kafka.url; a changed SASL mechanism is named', () => {
  const r = rasaEndpoints(plan(parsePolicy(exampleText()).policy), helpdesk(), FIXTURE, 'endpoints.yml');
  expect(r.warnings.some((w) => w.startsWith('no kafka.url'))).toBe(false);
  const kiosk = agentPlan(plan(parsePolicy(exampleText()).policy), 'kiosk', 'rasa');
  const k = rasaEndpoints(plan(parsePolicy(exampleText()).policy), kiosk, FIXTURE, 'endpoints.yml');
  expect(k.warnings).toContain(
    'event_broker.sasl_mechanism changed from SCRAM-SHA-512 to PLAIN (the cluster the policy names); the url, username, password and CA file were kept from the file: check they belong to that cluster',
  );
});

describe('the report reads a hand-edited 3.13 endpoints.yml as Rasa would', () => {
  const fresh = parse(renderEndpoints(privacyOf(helpdesk())));
  const cannot = (doc: Record<string, unknown>) =>
    (readRasa(doc, 'helpdesk', 'endpoints.yml').unverified ?? []).map((u) => u.what);

  test('as written: the tracker store bounded by the deletion job, redacted by the anonymization job, nothing unverified', () => {
    const a = readRasa(fresh, 'helpdesk', 'endpoints.yml');
    expect(cannot(fresh)).toEqual([]);
    expect(a.stores[0]).toMatchObject({
      kind: 'tracker-store',
      retention: { configuredSeconds: 1440 * 60 },
      encryption: { kind: 'unknown' },
    });
    expect(a.detectors).toEqual(['slot:card_number', 'slot:email_address']);
  });

  test('no lock store, jobs out of order or under 30 minutes, raw events streamed, and the 3.6 keys beside privacy: are each named', () => {
    const edited = {
      ...fresh,
      lock_store: undefined,
      anonymization: { rule_lists: [] },
      event_broker: { ...fresh.event_broker, stream_pii: true },
      privacy: {
        ...fresh.privacy,
        tracker_store_settings: {
          anonymization: { min_after_session_end: 20, cron: '0 * * * *' },
          deletion: { min_after_session_end: 20, cron: '30 * * * *' },
        },
      },
    };
    delete (edited as Record<string, unknown>).lock_store;
    expect(cannot(edited)).toEqual([
      'endpoints.yml has both privacy: and the Rasa 3.6 anonymization: pipeline; the two formats conflict and Rasa 3.13 reads privacy: only',
      'privacy.tracker_store_settings has jobs but endpoints.yml has no lock_store: Rasa refuses to start, so nothing is anonymized or deleted',
      'the deletion job (20 min) does not come after the anonymization job (20 min): Rasa refuses to start',
      "the anonymization job's min_after_session_end is 20: Rasa refuses values under USER_CHAT_INACTIVITY_IN_MINUTES (30 by default)",
      "the deletion job's min_after_session_end is 20: Rasa refuses values under USER_CHAT_INACTIVITY_IN_MINUTES (30 by default)",
      'event_broker does not set stream_pii: false, so Rasa streams every raw event to its topic',
    ]);
  });

  test('a broker that streams raw events is a raw topic store, unbounded and read by any client; stream_pii: false has none', () => {
    const raw = { ...fresh, event_broker: { ...fresh.event_broker, stream_pii: true, topic: 'bot_events' } };
    expect(
      readRasa(raw, 'helpdesk', 'endpoints.yml').stores.map((s) => [
        s.kind,
        s.name,
        s.retention.configuredSeconds,
        s.readers.map((r) => r.who),
      ]),
    ).toEqual([
      ['tracker-store', 'Rasa tracker store', 1440 * 60, ['whoever can read the tracker store database']],
      [
        'raw-event-topic',
        'Kafka topic bot_events (every original event)',
        undefined,
        ['clients allowed to consume the topic'],
      ],
    ]);
    expect(readRasa(fresh, 'helpdesk', 'endpoints.yml').stores.map((s) => s.kind)).toEqual(['tracker-store']);
  });

  test('without a deletion job the tracker store keeps data without limit', () => {
    const noDeletion = {
      ...fresh,
      privacy: {
        ...fresh.privacy,
        tracker_store_settings: { anonymization: fresh.privacy.tracker_store_settings.anonymization },
      },
    };
    expect(readRasa(noDeletion, 'helpdesk', 'endpoints.yml').stores[0].retention.configuredSeconds).toBeUndefined();
  });
});
