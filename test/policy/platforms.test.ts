/**
 * Each platform module says what its platform really does: a policy that asks for what the platform cannot do gets
 * a warning naming the agent, the plan records the method the platform really applies, and preview shows the
 * platform's real output.
 */
import {
  agentPlan,
  canary,
  cloudWatchRegexError,
  expectedPosture,
  findAll,
  parsePolicy,
  plan,
  preview,
} from '../../lib/policy';
import { parseDuration } from '../../lib/policy/duration';
import { policyProblems, runCli, tmpDir } from '../helpers';
import { IMPLICIT_READERS } from '../../lib/policy/posture';
import { MSK_DEFAULT_SECURITY_GROUP, MSK_NO_ACLS } from '../../lib/policy/platforms/lex';
import * as fs from 'fs';
import * as path from 'path';

const POLICY = `version: 1
name: acme
detection:
  kinds: [email, iban]
  custom:
    - { name: ORDER_NUMBER, pattern: 'ORD-[0-9]{4}' }
deidentify:
  default: faker
  rules:
    - { kinds: [ORDER_NUMBER], method: text, value: '[ORDER]' }
    - { kinds: [iban], method: mask, char: '#' }
    - { kinds: [email], method: hash }
  cryptoKey: { kmsKeyName: projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k, wrappedKey: AAAA }
agents:
  - { name: cx, platform: dialogflow-cx, project: acme-prod-1, location: europe-west2 }
  - { name: bot, platform: lex, region: eu-west-2 }
  - { name: rasa, platform: rasa, language: en, rasa: { version: '3.12' }, model: { provider: spacy, name: en_core_web_lg } }
  - { name: meya, platform: meya }
`;
const LINE = 'order ORD-1234 to GB82WEST12345698765432 <mark name="redact-start"/>x<mark name="redact-end"/>';
const p = plan(parsePolicy(POLICY).policy);
const warnings = (name: string) =>
  agentPlan(p, name)
    .notes.filter((n) => n.level === 'warning')
    .map((n) => n.message);

describe('lex: CloudWatch Logs data protection can only mask with "*"', () => {
  const a = agentPlan(p, 'bot', 'lex');
  test('every rule is planned as mask "*", and a warning says what was asked', () => {
    const set = a.deidentify.sets[0];
    expect(set.rules.map((r) => [r.targets.join(','), r.method, r.effectiveMethod, r.char])).toEqual([
      ['ORDER_NUMBER', 'text', 'mask', '*'],
      ['iban', 'mask', 'mask', '*'],
      ['email', 'hash', 'mask', '*'],
    ]);
    expect([set.method, set.defaultMethod, set.defaultChar]).toEqual(['faker', 'mask', '*']);
    expect(warnings('bot')).toEqual(
      expect.arrayContaining([
        'rule set "default", ORDER_NUMBER: CloudWatch Logs data protection can only mask with "*"; Lex logs will show ****, not text',
        'rule set "default", iban: CloudWatch Logs data protection can only mask with "*"; Lex logs will show ****, not "#"',
        'rule set "default", (default): CloudWatch Logs data protection can only mask with "*"; Lex logs will show ****, not faker',
      ]),
    );
  });
  test('preview shows what Lex logs will show, fallback identifiers included', () => {
    const r = preview(a, LINE);
    expect(r.redacted).toBe(`order ******** to ${'*'.repeat(22)} ${'*'.repeat(53)}`);
    expect(r.matches.map((m) => m.detector)).toEqual(['ORDER_NUMBER', 'CONVOGUARD_IBAN', 'SSML_REDACTION_MARKERS']);
  });
  test('the expected posture names the implicit readers and the 72 h CloudWatch lag', () => {
    const logs = expectedPosture(a).stores.find((s) => s.kind === 'conversation-logs')!;
    expect(logs.retention).toEqual({
      configuredSeconds: 86400,
      lag: { seconds: 3 * 86400, note: 'CloudWatch Logs deletes expired events up to 72 h late' },
    });
    // CloudWatch decrypts for whoever it lets read: the key's decrypters and administrators are not log readers.
    expect(logs.readers.map((r) => [r.who, r.named])).toEqual([
      ['any principal with logs:Unmask on the log group', false],
    ]);
    expect(expectedPosture(a).caveats).toContain(
      'The rule sets ask for replacements CloudWatch cannot make: every finding in Lex logs shows as ****.',
    );
  });
});

describe('dialogflow-cx: Google DLP has no faker', () => {
  const a = agentPlan(p, 'cx', 'dialogflow-cx');
  test('faker is planned as kind-name, text and "#" masks are kept, with a warning', () => {
    const set = a.deidentify.sets[0];
    expect(set.rules.map((r) => [r.method, r.effectiveMethod, r.char])).toEqual([
      ['text', 'text', '*'],
      ['mask', 'mask', '#'],
      ['hash', 'hash', '*'],
    ]);
    expect(set.defaultMethod).toBe('kind-name');
    expect(warnings('cx')).toContain(
      'rule set "default", (default): Google DLP has no faker: findings are replaced by their infoType name ([EMAIL_ADDRESS])',
    );
  });
  test('preview applies the rules DLP will', () => {
    expect(preview(a, LINE).redacted).toBe('order [ORDER] to GB82WEST12345698765432 [SSML_REDACTION_MARKERS]');
  });
  test('Cloud Logging is a store of its own: routed to a regional bucket under the key, kept retention.sensitive, raw', () => {
    const logging = expectedPosture(a).stores.find((s) => s.kind === 'cloud-logging');
    expect(logging).toMatchObject({
      name: 'Cloud Logging bucket acme-cx-logs (europe-west2)',
      managed: true,
      sensitive: true,
      redactedBy: [],
      encryption: 'customer',
      retention: { configuredSeconds: 86400 },
    });
  });
});

describe('rasa 3.6: no custom patterns, no hash, no masking character', () => {
  const a = agentPlan(p, 'rasa', 'rasa');
  test('warnings name the patterns not applied and the methods Rasa replaces', () => {
    expect(warnings('rasa')).toEqual(
      expect.arrayContaining([
        "Rasa's anonymization pipeline applies Presidio entities only, no custom patterns or markers: ORDER_NUMBER, SSML markers are not applied on this agent",
        'rule set "default", iban: Rasa\'s mask substitution has no masking character setting: findings show as ****, not "#"',
        'rule set "default", email: Rasa has no hash substitution: findings are masked instead',
      ]),
    );
    expect(a.deidentify.sets[0].rules.map((r) => r.effectiveMethod)).toEqual(['text', 'mask', 'mask']);
  });
  test('preview replaces nothing: Rasa runs no pattern detector', () => {
    expect(preview(a, LINE)).toMatchObject({ matches: [], redacted: LINE });
  });
});

describe('meya: encrypts marked fields, inspects no text', () => {
  const a = agentPlan(p, 'meya', 'meya');
  test('no rule sets, a note, and preview replaces nothing', () => {
    expect(a.deidentify.sets).toEqual([]);
    expect(a.notes.map((n) => n.message)).toContain(
      "Meya's integration encrypts whole fields and does not inspect text: ORDER_NUMBER, SSML markers are not applied on this agent",
    );
    expect(preview(a, LINE)).toMatchObject({ matches: [], redacted: LINE, serviceDetected: [] });
  });
  test('a retention Meya cannot apply is a warning', () => {
    const longer = plan(
      parsePolicy(
        POLICY.replace(
          'detection:',
          "retention: { sensitive: 48h, exception: { reason: 'disputes take two days' } }\ndetection:",
        ),
      ).policy,
    );
    expect(agentPlan(longer, 'meya').notes.map((n) => n.message)).toContain(
      'Meya expires sensitive data after 24h on its side and the integration file has no retention setting: retention.sensitive is not applied',
    );
  });
});

test('validate prints each platform warning with the agent, and plan --format json records the effective methods', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'p.yaml'), POLICY);
  const v = await runCli(['validate', 'p.yaml'], dir);
  expect(v.code).toBe(0);
  expect(v.err).toContain(
    'warning: agents.bot: rule set "default", ORDER_NUMBER: CloudWatch Logs data protection can only mask with "*"',
  );
  expect(v.err).toContain('warning: agents.cx: rule set "default", (default): Google DLP has no faker');
  const j = await runCli(['plan', 'p.yaml', '--format', 'json', '--agent', 'bot'], dir);
  const bot = JSON.parse(j.out).agents[0];
  expect(bot.deidentify.sets[0].rules[0]).toMatchObject({ method: 'text', effectiveMethod: 'mask', char: '*' });
  expect(bot.expectedPosture.stores.map((s: { kind: string }) => s.kind)).toEqual(['conversation-logs', 'audio']);
  const pv = await runCli(['preview', 'p.yaml', '--text', 'ORD-1234', '--agent', 'bot'], dir);
  expect(pv.out).toContain('"ORD-1234" -> "********"');
});

describe('lex: a created bot needs an intent Lex can build', () => {
  const lexPolicy = (create: string) =>
    `version: 1\nname: acme\ndetection: { kinds: [email, credit_card] }\nagents:\n  - { name: bot, platform: lex, region: eu-west-2, create: ${create} }\n`;
  test('without intents it gets one clearly named placeholder, and a caveat says so', () => {
    const a = agentPlan(plan(parsePolicy(lexPolicy('{ locale: en_GB }')).policy), 'bot', 'lex');
    expect(a.create?.intents).toEqual([
      { name: 'ConvoguardPlaceholder', utterances: ['convoguard placeholder intent'], slots: [] },
    ]);
    expect(expectedPosture(a).caveats).toContain(
      'The created bot has only the placeholder intent ConvoguardPlaceholder (Lex builds no locale without a custom intent): give create.intents, or declare your own bot.',
    );
  });
  test("slots take the kind's built-in slot type; a kind without one, a reserved name and an unknown {slot} are refused", async () => {
    const dir = tmpDir();
    const validate = async (create: string) => {
      fs.writeFileSync(path.join(dir, 'p.yaml'), lexPolicy(create));
      return runCli(['validate', 'p.yaml'], dir);
    };
    const reserved = await validate('{ locale: en_GB, intents: [{ name: YesIntent, utterances: [yes] }] }');
    expect(reserved.code).toBe(2);
    expect(reserved.err).toContain(
      'agents[0].create.intents[0].name: received "YesIntent"; reserved: FallbackIntent, YesIntent and NoIntent cannot be custom intent names',
    );
    const r = await validate(
      "{ locale: en_GB, intents: [{ name: Pay, utterances: ['pay with {card}', 'pay {nothing}'], slots: [{ name: card, kind: credit_card }] }] }",
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'agents[0].create.intents[0].slots[0].kind: Lex has no built-in slot type for credit_card; declare the bot yourself with a custom slot type and obfuscate it (obfuscateAllSlots)',
    );
    expect(r.err).toContain(
      'agents[0].create.intents[0].utterances[1]: received "pay {nothing}"; {nothing} names no slot of intent "Pay"',
    );
    const ok = agentPlan(
      plan(
        parsePolicy(
          lexPolicy(
            "{ locale: en_GB, intents: [{ name: Contact, utterances: ['my email is {mail}'], slots: [{ name: mail, kind: email }] }] }",
          ),
        ).policy,
      ),
      'bot',
      'lex',
    );
    expect(ok.create?.intents[0].slots).toEqual([
      { name: 'mail', kind: 'email', slotType: 'AMAZON.EmailAddress', prompt: 'What is your mail?' },
    ]);
  });
});

describe('streams are provisioned where a Rasa agent publishes to them', () => {
  const lexOnly = `version: 1
name: acme
detection: { kinds: [email] }
streams: [{ topic: events, replicationFactor: 2 }]
agents:
  - { name: bot, platform: lex, region: eu-west-2, kafka: { subnetIds: [subnet-0a1, subnet-0b2] } }
`;
  test('streams and a cluster nothing publishes to are refused, not warned of: exit 2, each at its place, nothing written', async () => {
    // Only Rasa writes anonymized events: a Lex- or Dialogflow-only policy would provision no cluster and no topic.
    expect(policyProblems(lexOnly)).toEqual([
      'p.yaml:4:1 streams: no rasa agent in the policy, and only Rasa writes anonymized events: no topic would be provisioned. Add the rasa agent that publishes them, or remove streams',
      'p.yaml:6:52 agents[0].kafka: no rasa agent publishes to this cluster (kafka: { cluster: bot } on a rasa agent), and only Rasa writes anonymized events: no cluster and no topic would be provisioned. Point a rasa agent at it, or remove kafka',
    ]);
    const gcpOnly = lexOnly.replace(
      '{ name: bot, platform: lex, region: eu-west-2, kafka: { subnetIds: [subnet-0a1, subnet-0b2] } }',
      '{ name: cx, platform: dialogflow-cx, project: acme-cx, location: us-central1, kafka: { subnet: projects/acme-cx/regions/us-central1/subnetworks/default } }',
    );
    expect(policyProblems(gcpOnly).map((p) => p.split(': ')[0])).toEqual([
      'p.yaml:4:1 streams',
      'p.yaml:6:83 agents[0].kafka',
    ]);
    // A rasa agent publishing to a cluster while the policy has no streams: a cluster carrying no topic.
    const noStreams =
      lexOnly.replace('streams: [{ topic: events, replicationFactor: 2 }]\n', '') +
      '  - { name: rasa, platform: rasa, language: en, kafka: { cluster: bot }, sensitiveSlots: [{ slot: e, kind: email }] }\n';
    expect(policyProblems(noStreams)).toEqual([
      'p.yaml:5:52 agents[0].kafka: rasa agent rasa publishes here, but the policy has no streams: the cluster would carry no topic. Add streams, or remove kafka',
    ]);
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'p.yaml'), lexOnly);
    const r = await runCli(['synth', 'p.yaml'], dir);
    expect(r.code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual(['p.yaml']);
  });
  test('a rasa agent naming the cluster puts the topics there, with the SASL mechanism that cluster gives it', () => {
    const p = plan(
      parsePolicy(
        lexOnly +
          '  - { name: rasa, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg }, kafka: { cluster: bot } }\n',
      ).policy,
    );
    // Rasa 3.12 also writes every original event to its broker's own topic: the cluster carries one for it.
    expect(agentPlan(p, 'bot', 'lex').topics.map((t) => t.name)).toEqual(['events', 'rasa-raw-events']);
    expect(agentPlan(p, 'rasa', 'rasa').kafka).toEqual({
      securityProtocol: 'SASL_SSL',
      cluster: { agent: 'bot', platform: 'lex', saslMechanism: 'SCRAM-SHA-512' },
      rawTopic: 'rasa-raw-events',
    });
  });
  test("a stream named like a Rasa 3.12 agent's raw topic is refused where it is named", () => {
    const rasa =
      '  - { name: rasa, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg }, kafka: { cluster: bot } }\n';
    expect(policyProblems(lexOnly.replace('topic: events', 'topic: rasa-raw-events') + rasa)).toEqual([
      expect.stringMatching(
        /^p\.yaml:4:\d+ streams\[0\]\.topic: received "rasa-raw-events", the topic convoguard provisions for rasa agent rasa's original events .*; expected another name$/,
      ),
    ]);
    // Rasa 3.13 streams no original events (stream_pii: false): the name is free.
    expect(
      policyProblems(
        lexOnly.replace('topic: events', 'topic: rasa-raw-events') +
          '  - { name: rasa, platform: rasa, language: en, kafka: { cluster: bot } }\n',
      ),
    ).toEqual([]);
  });
  test('kafka.principal is refused where no Kafka ACL can use it: an MSK host, Rasa 3.13', () => {
    const rasa = (version: string) =>
      `  - { name: rasa, platform: rasa, language: en, rasa: { version: "${version}" }, model: { provider: spacy, name: en_core_web_lg }, kafka: { cluster: bot, principal: rasa-bot@shop-prod-1.iam.gserviceaccount.com } }\n`;
    expect(policyProblems(lexOnly + rasa('3.12'))).toEqual([
      expect.stringMatching(
        /agents\[1\]\.kafka\.principal: is used only for the raw topic .* this agent publishes to an MSK cluster, whose ACLs CloudFormation cannot set\. Remove it$/,
      ),
    ]);
    expect(
      policyProblems(lexOnly + rasa('3.13').replace(', model: { provider: spacy, name: en_core_web_lg }', '')),
    ).toEqual([
      expect.stringMatching(
        /agents\[1\]\.kafka\.principal: .* this agent runs Rasa 3\.13, which streams no original events/,
      ),
    ]);
    expect(
      policyProblems(lexOnly + rasa('3.12').replace('principal: rasa-bot@shop-prod-1', 'principal: rasa-bot@shop')),
    ).toContainEqual(
      expect.stringMatching(
        /agents\[1\]\.kafka\.principal: received "rasa-bot@shop\.iam\.gserviceaccount\.com"; expected a service account email/,
      ),
    );
  });
  test('a cluster that is not a cloud agent with kafka is refused', async () => {
    const dir = tmpDir();
    fs.writeFileSync(
      path.join(dir, 'p.yaml'),
      lexOnly +
        '  - { name: rasa, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: spacy, name: en_core_web_lg }, kafka: { cluster: nowhere } }\n',
    );
    const r = await runCli(['validate', 'p.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'agents[1].kafka.cluster: received "nowhere"; expected a lex or dialogflow-cx agent with kafka settings: bot',
    );
  });
});

describe("lex: telephone numbers of the bot's country", () => {
  const phonePolicy = (agent: string) => `version: 1
name: acme
detection: { kinds: [phone] }
agents:
  - ${agent}
`;
  const lexWith = (locale?: string) =>
    agentPlan(
      plan(
        parsePolicy(
          phonePolicy(
            locale
              ? `{ name: bot, platform: lex, region: eu-west-1, create: { locale: ${locale}, intents: [{ name: Call, utterances: ['call me on {phone}'], slots: [{ name: phone, kind: phone }] }] } }`
              : '{ name: bot, platform: lex, region: eu-west-1 }',
          ),
        ).policy,
      ),
      'bot',
      'lex',
    );

  test("a country CloudWatch covers (en_GB): its managed identifiers only, and the canary sends a number of that country's fictional range", () => {
    const a = lexWith('en_GB');
    expect(a.detection.kinds[0]).toMatchObject({
      kind: 'phone',
      coverage: 'builtin',
      detectors: expect.arrayContaining(['PhoneNumber-GB', 'PhoneNumber-US']),
    });
    expect(a.detection.kinds[0].supplement).toBeUndefined();
    expect(a.detection.patterns.map((d) => d.name)).not.toContain('CONVOGUARD_PHONE_OTHER_COUNTRIES');
    const c = canary(
      parsePolicy(phonePolicy('{ name: bot, platform: lex, region: eu-west-1, create: { locale: en_GB } }')).policy,
      [a],
      'abcd1234',
    );
    expect(c.agents[0].utterances.find((u) => u.name === 'phone')!.value).toBe('+44 7700 900143');
  });

  test('an Irish bot (en_IE) or one whose locales are not in the policy gets a custom identifier for any country; it is valid CloudWatch and matches Irish numbers', () => {
    for (const [a, why] of [
      [lexWith('en_IE'), "the bot's locale en_IE is of IE"],
      [lexWith(), "the bot's locales are not in the policy (a bot you declare)"],
    ] as const) {
      expect(a.detection.kinds[0].supplement).toMatchObject({ name: 'CONVOGUARD_PHONE_OTHER_COUNTRIES' });
      expect(a.detection.kinds[0].note).toContain(why);
      const pattern = a.detection.patterns.find((d) => d.name === 'CONVOGUARD_PHONE_OTHER_COUNTRIES')!;
      expect(cloudWatchRegexError(pattern.platformPattern)).toBeUndefined();
      expect(
        [
          'call +353 87 123 4567 now',
          'call 087 123 4567 now',
          'ring 01 234 5678',
          'Zürich 079 123 45 67',
          'Bruxelles 0470 12 34 56',
          'Stockholm 070-123 45 67',
        ].map((t) => findAll(pattern.pattern, t).length),
      ).toEqual([1, 1, 1, 1, 1, 1]);
      // CloudWatch accepts no parentheses in a custom identifier: a number written so is not matched, as the note says.
      expect(findAll(pattern.pattern, 'ring (01) 234 5678')).toEqual([]);
      expect(findAll(pattern.pattern, 'order ORD-2024 shipped')).toEqual([]);
    }
    const c = canary(
      parsePolicy(phonePolicy('{ name: bot, platform: lex, region: eu-west-1 }')).policy,
      [lexWith('en_IE')],
      'abcd1234',
    );
    expect(c.agents[0].notes).toContain(
      "no fictional telephone range is known for IE: the canary sends a US number; send one in your country's format too (with its real digits changed)",
    );
  });
});

describe('who can read the topics: the cluster, not only the consumers', () => {
  const withCluster = (kafka: string) => `version: 1
name: acme
detection: { kinds: [email] }
streams: [{ topic: events, replicationFactor: 2 }]
agents:
  - { name: bot, platform: lex, region: eu-west-2, kafka: ${kafka} }
  - { name: rasa, platform: rasa, language: en, kafka: { cluster: bot }, sensitiveSlots: [{ slot: e, kind: email }] }
`;
  test("an MSK cluster without a security group of its own is in the VPC's default group: a warning and a caveat; ACLs are never set", () => {
    const open = agentPlan(
      plan(parsePolicy(withCluster('{ subnetIds: [subnet-0a1, subnet-0b2] }')).policy),
      'bot',
      'lex',
    );
    expect(open.notes).toContainEqual({ level: 'warning', message: MSK_DEFAULT_SECURITY_GROUP });
    expect(expectedPosture(open).caveats).toEqual(expect.arrayContaining([MSK_DEFAULT_SECURITY_GROUP, MSK_NO_ACLS]));
    const own = agentPlan(
      plan(parsePolicy(withCluster('{ subnetIds: [subnet-0a1, subnet-0b2], securityGroupIds: [sg-0abc] }')).policy),
      'bot',
      'lex',
    );
    expect(own.notes.map((n) => n.message)).not.toContain(MSK_DEFAULT_SECURITY_GROUP);
    expect(expectedPosture(own).caveats).toContain(MSK_NO_ACLS);
    expect(expectedPosture(own).caveats).not.toContain(MSK_DEFAULT_SECURITY_GROUP);
  });

  test("the topics' readers are the cluster's clients on each platform, the same in the plan of the host and of the Rasa agent", () => {
    const p = plan(
      parsePolicy(withCluster('{ subnetIds: [subnet-0a1, subnet-0b2], securityGroupIds: [sg-0abc] }')).policy,
    );
    const topicReaders = (name: string) =>
      expectedPosture(agentPlan(p, name)).stores.find((s) => s.kind === 'anonymized-topic')!.readers;
    expect(topicReaders('bot')).toEqual([IMPLICIT_READERS.mskClients]);
    expect(topicReaders('rasa')).toEqual([IMPLICIT_READERS.mskClients]);
    expect(IMPLICIT_READERS.mskClients.who).toContain('every SASL/SCRAM user');
  });
});

test("the constructs' own defaults are the policy's defaults, so a construct used alone keeps nothing longer", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the two adapters' defaults, side by side
  const { GCP_DEFAULTS } = require('../../lib/gcp/defaults') as typeof import('../../lib/gcp/defaults');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AWS_DEFAULTS } = require('../../lib/aws/defaults') as typeof import('../../lib/aws/defaults');
  const p = parsePolicy(
    'version: 1\nname: x\ndetection: { kinds: [email] }\nagents: [{ name: w, platform: meya }]\n',
    'p.yaml',
  ).policy;
  const s = (t: string) => parseDuration(t)!.seconds;
  expect(GCP_DEFAULTS.retentionWindowDays * 86_400).toBe(s(p.retention.sensitive));
  expect(GCP_DEFAULTS.rotationPeriodSeconds).toBe(s(p.encryption.rotation));
  expect(GCP_DEFAULTS.destroyScheduledDurationSeconds).toBe(s(p.encryption.deletionWindow));
  expect(AWS_DEFAULTS.rotationDays * 86_400).toBe(s(p.encryption.rotation));
  expect(AWS_DEFAULTS.pendingWindowDays * 86_400).toBe(s(p.encryption.deletionWindow));
  // And what those defaults are: 24 hours, 90-day rotation, a 30-day deletion window.
  expect([p.retention.sensitive, p.encryption.rotation, p.encryption.deletionWindow]).toEqual(['24h', '90d', '30d']);
});
