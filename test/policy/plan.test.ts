import * as fs from 'fs';
import * as path from 'path';
import {
  agentPlan,
  CATALOG,
  expectedPosture,
  cloudWatchMarkerPattern,
  cloudWatchRegexError,
  findAll,
  KINDS,
  loadPolicy,
  markerPattern,
  MARKER_DETECTOR,
  parseDuration,
  plan,
  policyJsonSchemaText,
  groupAgents,
  parsePolicy,
} from '../../lib/policy';
import { DEFAULT_MARKERS } from '../../lib/policy/schema';
import { EXAMPLE, ROOT } from '../helpers';

const p = plan(loadPolicy(EXAMPLE).policy);
const agent = (name: string) => p.agents.find((a) => a.name === name)!;

describe('catalog', () => {
  test('covers every kind of the example on every platform', () => {
    for (const kind of loadPolicy(EXAMPLE).policy.detection.kinds) {
      const c = CATALOG[kind];
      expect(c.dlp.length).toBeGreaterThan(0);
      expect(c.cloudWatch.length > 0 || c.fallbackPattern !== undefined).toBe(true);
      expect(c.presidio).toBeDefined();
    }
  });

  test('every fallback pattern is valid for CloudWatch Logs and catches a sample', () => {
    const samples: Partial<Record<string, string>> = {
      iban: 'GB82WEST12345698765432',
      date_of_birth: 'born 1990-04-01',
      url: 'see https://x.example/a?t=1',
    };
    for (const k of KINDS) {
      const pattern = CATALOG[k].fallbackPattern;
      if (!pattern) continue;
      expect(cloudWatchRegexError(pattern)).toBeUndefined();
      expect(findAll(pattern, samples[k]!)).toHaveLength(1);
    }
  });

  test('the IBAN pattern matches either case, spaced or not, and not a short code', () => {
    const iban = CATALOG.iban.fallbackPattern!;
    for (const typed of [
      'GB82 WEST 1234 5698 7654 32',
      'gb82 west 1234 5698 7654 32',
      'Gb82West12345698765432',
      'MT84MALT011000012345MTLCAST001S',
    ]) {
      expect(findAll(iban, `my iban is ${typed}`).map((h) => h.text.trim())).toEqual([typed]);
    }
    expect(findAll(iban, 'order AB12')).toEqual([]);
  });
});

describe('marker detector', () => {
  const line =
    'Ship to <mark name="redact-start"/>1 Main St<mark name="redact-end"/> on Monday, card <mark name="redact-start"/>4111<mark name="redact-end"/>.';

  test('is non-greedy: two spans stay two findings and the text between them is kept', () => {
    const hits = findAll(markerPattern(DEFAULT_MARKERS.start, DEFAULT_MARKERS.end), line);
    expect(hits.map((h) => h.text)).toEqual([
      '<mark name="redact-start"/>1 Main St<mark name="redact-end"/>',
      '<mark name="redact-start"/>4111<mark name="redact-end"/>',
    ]);
  });

  test("the blog's greedy pattern would redact the text between spans (why we do not use it)", () => {
    const hits = findAll('<mark name="redact-start"/>.*<mark name="redact-end"/>', line);
    expect(hits).toHaveLength(1);
    expect(hits[0].text).toContain('on Monday');
  });

  test('CloudWatch form uses only accepted characters and still finds both spans', () => {
    const cw = cloudWatchMarkerPattern(DEFAULT_MARKERS.start, DEFAULT_MARKERS.end);
    // Each quote may be stored as \" in a JSON log record: .{1,2} matches both forms.
    expect(cw).toBe('.mark name=.{1,2}redact-start.{1,2}/..*?.mark name=.{1,2}redact-end.{1,2}/.');
    expect(cloudWatchRegexError(cw)).toBeUndefined();
    expect(findAll(cw, line)).toHaveLength(2);
  });
});

describe('durations', () => {
  test.each([
    ['24h', 86400],
    ['1d', 86400],
    ['90d', 7776000],
    ['PT24H', 86400],
    ['P1D', 86400],
    ['P1DT12H', 129600],
    ['2w', 1209600],
  ])('%s = %ds', (text, seconds) => expect(parseDuration(text)?.seconds).toBe(seconds));

  test.each(['24 hours', '1mo', 'P', 'PT', '', 'P1Y'])('%j is not a duration', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('plan of the example', () => {
  test('dialogflow-cx: DLP infoTypes, custom and marker detectors in RE2', () => {
    const a = agent('support');
    expect(a.detection.minLikelihood).toBe('POSSIBLE');
    expect(a.detection.kinds.find((k) => k.kind === 'date_of_birth')).toEqual({
      kind: 'date_of_birth',
      coverage: 'builtin',
      detectors: ['DATE_OF_BIRTH'],
    });
    expect(a.detection.patterns.map((d) => [d.name, d.origin, d.platformPattern])).toEqual([
      ['ORDER_NUMBER', 'custom', 'ORD-[0-9]{8}'],
      [MARKER_DETECTOR, 'markers', '<mark name="redact-start"/>.*?<mark name="redact-end"/>'],
    ]);
    if (a.platform !== 'dialogflow-cx') throw new Error('expected the dialogflow-cx agent');
    expect(a.decrypters).toEqual(['group:privacy-officers@example.com']);
    expect(a.retentionDays).toBe(1);
    expect(a.encryption).toEqual({ rotationSeconds: 7776000, rotationDays: 90, deletionWindowDays: 30 });
    expect(a.topics).toEqual([
      {
        name: 'conversations-anonymized',
        ruleSet: 'default',
        partitions: 3,
        replicationFactor: 3,
        retentionMs: 604800000,
        rasaXConsumer: true,
      },
      // kiosk runs Rasa 3.12 on this cluster: its every original event goes to a topic of its own, kept 24h.
      {
        name: 'kiosk-raw-events',
        ruleSet: '',
        partitions: 3,
        replicationFactor: 3,
        retentionMs: 86400000,
        rasaXConsumer: false,
        raw: { publisher: 'kiosk', writer: 'kiosk-rasa@acme-cx-prod.iam.gserviceaccount.com' },
      },
    ]);
  });

  test('lex: CloudWatch identifiers, with custom identifiers for kinds CloudWatch cannot detect', () => {
    const a = agent('billing');
    expect(a.detection.kinds.find((k) => k.kind === 'iban')).toMatchObject({
      coverage: 'pattern',
      pattern: 'CONVOGUARD_IBAN',
    });
    expect(a.detection.kinds.find((k) => k.kind === 'date_of_birth')).toMatchObject({
      coverage: 'builtin',
      detectors: ['DateOfBirth'],
      supplement: { name: 'CONVOGUARD_DATE_OF_BIRTH_NO_KEYWORD' },
    });
    expect(a.detection.patterns.map((d) => d.name)).toEqual([
      'ORDER_NUMBER',
      MARKER_DETECTOR,
      'CONVOGUARD_CREDIT_CARD_NO_KEYWORD',
      'CONVOGUARD_IBAN',
      'CONVOGUARD_US_SSN_NO_KEYWORD',
      'CONVOGUARD_DATE_OF_BIRTH_NO_KEYWORD',
    ]);
    for (const d of a.detection.patterns) expect(cloudWatchRegexError(d.platformPattern)).toBeUndefined();
    if (a.platform !== 'lex') throw new Error('expected the lex agent');
    expect(a.decrypters).toEqual(['arn:aws:iam::111122223333:role/PrivacyOfficer']);
  });

  test('rasa 3.12: Presidio entities, approximations noted, patterns and the unbounded tracker store reported', () => {
    const a = agent('kiosk');
    expect(a.detection.kinds.find((k) => k.kind === 'street_address')).toMatchObject({
      coverage: 'approximate',
      detectors: ['LOCATION'],
    });
    expect(a.detection.patterns).toEqual([]);
    expect(a.notes.filter((n) => n.level === 'warning').map((n) => n.message)).toEqual([
      "Rasa's anonymization pipeline applies Presidio entities only, no custom patterns or markers: ORDER_NUMBER, SSML markers are not applied on this agent",
      "Rasa 3.12's tracker store keeps raw conversations without limit: the anonymization pipeline covers Kafka topics and logs only. Rasa 3.13's privacy: block can delete them (rasa.version: '3.13')",
      "Rasa 3.12's event broker publishes every original event beside the anonymized copies: convoguard points it at topic kiosk-raw-events on agent support's cluster, kept 24h (retention.sensitive) under the cluster's key, but raw and readable by nobody through Kafka (its ACL lets only kiosk-rasa@acme-cx-prod.iam.gserviceaccount.com write). Rasa 3.13 turns it off (stream_pii: false, rasa.version: '3.13')",
      "verify: nothing verifies Rasa tracker store (your database: no scanner convoguard provisions reads it; run convoguard canary's tracker-store queries); Kafka topic kiosk-raw-events (every original event) (neither Macie nor DLP reads Kafka topics: consume one with convoguard canary)",
    ]);
    expect(a.deidentify.sets[0]).toEqual({
      name: 'default',
      method: 'mask',
      defaultMethod: 'mask',
      defaultChar: '*',
      rules: [
        { targets: ['person_name'], method: 'text', effectiveMethod: 'text', value: 'John Doe', char: '*' },
        { targets: ['credit_card', 'iban'], method: 'mask', effectiveMethod: 'mask', char: '*' },
      ],
    });
  });

  test('what the deployer needs includes the prerequisites the services check: principals that exist, log delivery rights', () => {
    // KMS refuses a key policy naming a principal it cannot find; Cloud IAM a binding for one that does not exist.
    expect(expectedPosture(agent('billing')).deployerNeeds).toEqual(
      expect.arrayContaining([
        'arn:aws:iam::111122223333:role/PrivacyOfficer existing before the deploy: KMS refuses a key policy that names a principal it cannot find (MalformedPolicyDocumentException)',
        'logs:CreateLogDelivery, logs:PutResourcePolicy, logs:DescribeResourcePolicies and logs:DescribeLogGroups for the data protection policy to deliver audit findings to their log group',
      ]),
    );
    expect(expectedPosture(agent('support')).deployerNeeds).toContain(
      'group:privacy-officers@example.com existing before the deploy: IAM refuses a key binding for a principal that does not exist',
    );
  });

  test('faker becomes kind-name on Google Cloud, with a note', () => {
    const policy = loadPolicy(EXAMPLE).policy;
    const withFaker = { ...policy, deidentify: { ...policy.deidentify, default: 'faker' as const } };
    const a = plan(withFaker).agents.find((x) => x.platform === 'dialogflow-cx')!;
    expect(a.deidentify.sets[0].defaultMethod).toBe('kind-name');
    expect(a.notes.map((n) => n.message)).toContain(
      'rule set "default", (default): Google DLP has no faker: findings are replaced by their infoType name ([EMAIL_ADDRESS])',
    );
  });
});

test("the JSON Schema's duration pattern is the loader's: an editor flags '24 hours' as validate does", () => {
  const schema = JSON.parse(policyJsonSchemaText());
  const pattern = new RegExp(schema.properties.retention.properties.sensitive.pattern);
  expect(schema.properties.encryption.properties.rotation.pattern).toBe(pattern.source);
  for (const t of [
    '24h',
    '1d',
    '90d',
    '30m',
    '45s',
    '2w',
    ' 24 h ',
    'PT24H',
    'P1D',
    'P1DT12H',
    'P2W',
    'PT30M',
    '24 hours',
    '1mo',
    'P1Y',
    '',
    '24',
    'h',
    '1.5d',
    'P',
    'PT',
    'P1DT',
  ]) {
    expect([t, pattern.test(t)]).toEqual([t, parseDuration(t) !== undefined]);
  }
});

test('convoguard.schema.json is up to date (run `npm run schema`)', () => {
  expect(fs.readFileSync(path.join(ROOT, 'convoguard.schema.json'), 'utf8')).toBe(policyJsonSchemaText());
});

test('groupAgents puts agents of one deployment target together, in policy order', () => {
  const text = fs
    .readFileSync(path.join(ROOT, 'examples', 'convoguard.yaml'), 'utf8')
    .replace(
      '  - { name: helpdesk,',
      `  - { name: billing-eu, platform: lex, region: eu-west-2 }\n  - { name: billing-us2, platform: lex, region: us-east-1 }\n  - { name: helpdesk,`,
    );
  const p = plan(parsePolicy(text).policy);
  const groups = groupAgents(p, 'lex', (a) => a.region);
  expect([...groups].map(([k, g]) => [k, g.map((a) => a.name)])).toEqual([
    ['us-east-1', ['billing', 'billing-us2']],
    ['eu-west-2', ['billing-eu']],
  ]);
});

test('agentPlan names the agents there are on a typo, and checks the platform', () => {
  const p = plan(loadPolicy(EXAMPLE).policy);
  expect(agentPlan(p, 'billing', 'lex').region).toBe('us-east-1');
  expect(() => agentPlan(p, 'suport')).toThrow(
    'policy "support-assistant" has no agent "suport"; its agents are support, billing, helpdesk, kiosk, web-chat',
  );
  expect(() => agentPlan(p, 'support', 'lex')).toThrow(
    'agent "support" of policy "support-assistant" is a dialogflow-cx agent, not lex',
  );
});
