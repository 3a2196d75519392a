import * as path from 'path';
import { parse } from 'yaml';
import * as fs from 'fs';
import * as os from 'os';
import { loadPolicy, parsePolicy, validatePolicy } from '../../lib/policy';
import { formatBytes, INPUT_LIMITS } from '../../lib/policy/limits';
import { EXAMPLE, exampleText, policyProblems as problems } from '../helpers';

const AGENT_GCP = `  - name: bot
    platform: dialogflow-cx
    project: acme-prod
    location: us-central1
`;
const AGENT_LEX = `  - name: lexbot
    platform: lex
    region: us-east-1
`;
const base = (extra = '', agents = AGENT_GCP) => `version: 1
name: acme
detection:
  kinds: [email, phone]
${extra}agents:
${agents}`;

describe('policy loader: the example', () => {
  test('loads with defaults applied', () => {
    const { policy, file } = loadPolicy(EXAMPLE);
    expect(file).toBe(EXAMPLE);
    expect(policy.name).toBe('support-assistant');
    expect(policy.agents.map((a) => [a.name, a.platform])).toEqual([
      ['support', 'dialogflow-cx'],
      ['billing', 'lex'],
      ['helpdesk', 'rasa'],
      ['kiosk', 'rasa'],
      ['web-chat', 'meya'],
      ['voice', 'cx-agent-studio'],
    ]);
    expect(policy.streams[0]).toEqual({
      topic: 'conversations-anonymized',
      deidentify: 'default',
      partitions: 3,
      replicationFactor: 3,
      retention: '7d',
      rasaXConsumer: true,
    });
    expect(policy.encryption).toEqual({ rotation: '90d', deletionWindow: '30d' });
  });

  test('round-trips: the parsed policy, written back as YAML, validates to the same policy', () => {
    const { policy } = parsePolicy(exampleText(), 'example');
    const again = validatePolicy(parse(JSON.stringify(policy)));
    expect(again).toEqual(policy);
  });

  test('the minimal base of these tests is valid', () => {
    expect(problems(base())).toEqual([]);
  });
});

// Each case: a bad policy, the exact position and path, and the message (or its distinctive part).
const CASES: Array<[string, string, string, string]> = [
  ['wrong type', base().replace('version: 1', 'version: "1"'), 'p.yaml:1:10 version', 'received "1"; expected 1'],
  [
    'bad name characters',
    base().replace('name: acme', 'name: Acme_Co'),
    'p.yaml:2:7 name',
    'received "Acme_Co"; expected lower-case letters',
  ],
  [
    'unknown top-level key',
    base('detecton: {}\n'),
    'p.yaml:5:1 detecton',
    'unknown key "detecton" (did you mean "detection"?)',
  ],
  [
    'unknown kind',
    base().replace('[email, phone]', '[emial, phone]'),
    'p.yaml:4:11 detection.kinds[0]',
    'received "emial"; expected one of email, phone',
  ],
  [
    'unknown kind hint',
    base().replace('[email, phone]', '[emial, phone]'),
    'p.yaml:4:11 detection.kinds[0]',
    '(did you mean "email"?)',
  ],
  [
    'unknown agent key',
    base('', AGENT_LEX + '    regoin: x\n'),
    'p.yaml:9:5 agents[0].regoin',
    'unknown key "regoin" (did you mean "region"?)',
  ],
  [
    'missing platform field',
    base('', '  - { name: lexbot, platform: lex }\n'),
    'p.yaml:6:5 agents[0].region',
    'missing required field; expected string (AWS region)',
  ],
  [
    'unknown platform',
    base('', '  - { name: x, platform: lexx }\n'),
    'p.yaml:6:26 agents[0].platform',
    'received "lexx"; expected one of dialogflow-cx, lex, rasa, meya, cx-agent-studio (did you mean "lex"?)',
  ],
  [
    'missing platform',
    base('', '  - { name: x }\n'),
    'p.yaml:6:5 agents[0]',
    'missing "platform"; expected one of dialogflow-cx, lex, rasa, meya',
  ],
  [
    'non-RE2 pattern',
    base().replace(
      '  kinds: [email, phone]\n',
      "  kinds: [email, phone]\n  custom: [{ name: ORDER, pattern: '(?=ORD)[0-9]+' }]\n",
    ),
    'p.yaml:5:36 detection.custom[0].pattern',
    'not valid RE2 (the syntax Google DLP uses): invalid or unsupported Perl syntax: `(?=`',
  ],
  [
    'backreference',
    base().replace(
      '  kinds: [email, phone]\n',
      "  kinds: [email, phone]\n  custom: [{ name: ORDER, pattern: '(a)\\1' }]\n",
    ),
    'p.yaml:5:36 detection.custom[0].pattern',
    'not valid RE2',
  ],
  [
    'greedy marker pattern',
    base().replace(
      '  kinds: [email, phone]\n',
      `  kinds: [email, phone]\n  custom: [{ name: SSML, pattern: '<mark name="redact-start"/>.*<mark name="redact-end"/>' }]\n`,
    ),
    'p.yaml:5:35 detection.custom[0].pattern',
    'which is greedy: on a line with two marked spans it also redacts the text between them',
  ],
  [
    'greedy pattern between your own brackets, markers off',
    base().replace(
      '  kinds: [email, phone]\n',
      "  kinds: [email, phone]\n  markers: false\n  custom: [{ name: SECRET, pattern: '<<secret>>.*<</secret>>' }]\n",
    ),
    'p.yaml:6:37 detection.custom[0].pattern',
    'which is greedy: on a line with two marked spans it also redacts the text between them',
  ],
  [
    '__proto__ as a rule-set name',
    base('deidentify:\n  sets:\n    __proto__: { rules: [] }\n'),
    'p.yaml:7:5 deidentify.sets.__proto__',
    'the key "__proto__" cannot be used: a JavaScript object reads it as its prototype, so the entry would vanish',
  ],
  [
    'empty-matching pattern',
    base().replace(
      '  kinds: [email, phone]\n',
      "  kinds: [email, phone]\n  custom: [{ name: ORDER, pattern: '[0-9]*' }]\n",
    ),
    'p.yaml:5:36 detection.custom[0].pattern',
    'which matches the empty string',
  ],
  [
    'example that does not match',
    base().replace(
      '  kinds: [email, phone]\n',
      "  kinds: [email, phone]\n  custom: [{ name: ORDER, pattern: 'ORD-[0-9]{8}', examples: { match: ['ORD-123'] } }]\n",
    ),
    'p.yaml:5:72 detection.custom[0].examples.match[0]',
    'the pattern "ORD-[0-9]{8}" finds nothing in "ORD-123"',
  ],
  [
    'duplicate agent names',
    base('', AGENT_GCP + AGENT_GCP),
    'p.yaml:10:11 agents[1].name',
    'duplicate agent name "bot" (first used by agents[0])',
  ],
  [
    'duplicate topics',
    base('streams: [{ topic: t }, { topic: t }]\n'),
    'p.yaml:5:34 streams[1].topic',
    'duplicate topic "t" (first used by streams[0])',
  ],
  [
    'retention 48h',
    base('retention: { sensitive: 48h }\n'),
    'p.yaml:5:25 retention.sensitive',
    'received "48h"; sensitive data may be kept at most 24h unless retention.exception.reason says why',
  ],
  [
    'retention below a day',
    base('retention: { sensitive: 12h }\n'),
    'p.yaml:5:25 retention.sensitive',
    'the shortest honest value is 24h',
  ],
  [
    'not a duration',
    base('retention: { sensitive: 24 hours }\n'),
    'p.yaml:5:25 retention.sensitive',
    'received "24 hours"; expected a duration such as',
  ],
  [
    'dialogflow agent without project and location',
    base('', '  - { name: bot, platform: dialogflow-cx }\n'),
    'p.yaml:6:5 agents[0].location',
    'missing required field; expected string (Location of the agent and of everything it uses)',
  ],
  ['YAML syntax error', 'version: 1\nname: [acme\n', 'p.yaml:3:1 (yaml)', 'YAML syntax'],
  [
    'duplicate YAML key',
    base().replace('name: acme', 'name: acme\nname: other'),
    'p.yaml:3:1 (yaml)',
    'YAML syntax: Map keys must be unique',
  ],
  [
    'empty file',
    '',
    'p.yaml:1:1 (root)',
    'the file is empty; expected a mapping with version, name, detection and agents',
  ],
  ['comments only', '# nothing yet\n', 'p.yaml:1:1 (root)', 'the file is empty'],
  ['non-mapping root', '- version: 1\n', 'p.yaml:1:1 (root)', 'received a list; expected a mapping'],
  ['scalar root', 'hello\n', 'p.yaml:1:1 (root)', 'received a scalar "hello"; expected a mapping'],
  [
    'missing agents',
    'version: 1\nname: acme\ndetection: { kinds: [email] }\n',
    'p.yaml:1:1 agents',
    'missing required field; expected array',
  ],
  [
    'rule with unknown kind',
    base('deidentify: { rules: [{ kinds: [creditcard], method: mask }] }\n'),
    'p.yaml:5:33 deidentify.rules[0].kinds[0]',
    'unknown kind "creditcard" (did you mean "credit_card"?)',
  ],
  [
    'rule kind not detected',
    base('deidentify: { rules: [{ kinds: [iban], method: mask }] }\n'),
    'p.yaml:5:33 deidentify.rules[0].kinds[0]',
    '"iban" is not detected: add it to detection.kinds',
  ],
  [
    'text without value',
    base('deidentify: { rules: [{ kinds: [email], method: text }] }\n'),
    'p.yaml:5:23 deidentify.rules[0]',
    'method text needs a value',
  ],
  [
    'stream with unknown rule set',
    base('streams: [{ topic: t, deidentify: strikt }]\ndeidentify: { sets: { strict: {} } }\n'),
    'p.yaml:5:35 streams[0].deidentify',
    'unknown rule set "strikt" (did you mean "strict"?); expected one of default, strict',
  ],
  [
    'transformers without both names',
    base(
      '',
      '  - { name: r, platform: rasa, language: en, rasa: { version: "3.12" }, model: { provider: transformers } }\n',
    ),
    'p.yaml:6:73 agents[0].model',
    'the transformers provider needs both model names',
  ],
  // Found by the policy fuzz: a role named twice made two constructs with one id (a stack trace at synth).
  [
    'a role named twice in denyUnmaskTo',
    base('access: { denyUnmaskTo: { roles: [SupportEngineer, SupportEngineer] } }\n', AGENT_LEX),
    'p.yaml:5:52 access.denyUnmaskTo.roles[1]',
    '"SupportEngineer" is listed twice (first at access.denyUnmaskTo.roles[0])',
  ],
  [
    'an address twice in verify.notify.email, in another case',
    base('verify: { notify: { email: [a@example.com, A@Example.com] } }\n', AGENT_LEX),
    'p.yaml:5:44 verify.notify.email[1]',
    '"A@Example.com" is listed twice (first at verify.notify.email[0]; addresses are compared without case)',
  ],
  [
    'child-directed lex bot',
    base('', AGENT_LEX + '    create: { locale: en_US, childDirected: true }\n'),
    'p.yaml:9:45 agents[0].create.childDirected',
    'a child-directed (COPPA) bot cannot use conversation logs',
  ],
  [
    'CloudWatch-incompatible pattern',
    base("  custom: [{ name: ORDER, pattern: 'ORD-(A|B)[0-9]+' }]\n", AGENT_LEX).replace('  custom', '  custom'),
    'p.yaml:5:36 detection.custom[0].pattern',
    'has "(" at position 5, which CloudWatch Logs custom identifiers do not accept (groups are not supported)',
  ],
  [
    'too many CloudWatch identifiers',
    base(
      `  custom: [${Array.from({ length: 10 }, (_, i) => `{ name: C${i}, pattern: 'C${i}-[0-9]+' }`).join(', ')}]\n`,
      AGENT_LEX,
    ),
    'p.yaml:7:5 agents[0]',
    'needs 12 CloudWatch Logs custom identifiers (10 custom, 1 marker, 0 for kinds without a managed identifier: none, 1 supplementing a managed one: CONVOGUARD_PHONE_OTHER_COUNTRIES); CloudWatch allows 10 per policy',
  ],
  [
    'name too long for a bucket',
    base(
      '',
      AGENT_GCP.replace('name: bot', 'name: conversational-support-agent-eu').replace(
        'acme-prod',
        'acme-customer-experience-prod',
      ),
    ),
    'p.yaml:6:11 agents[0].name',
    'the Cloud Storage bucket name "acme-conversational-support-agent-eu-audio-acme-customer-experience-prod" would be 72 characters; the provider allows 63: shorten the policy name or the agent name by 9',
  ],
  [
    'public decrypter',
    base("access: { decrypters: { gcp: ['allUsers'] } }\n"),
    'p.yaml:5:31 access.decrypters.gcp[0]',
    'received "allUsers"; public, wildcard, domain-wide and principal-set members may never decrypt sensitive data',
  ],
  [
    'domain-wide decrypter',
    base("access: { decrypters: { gcp: ['domain:gmail.com'] } }\n"),
    'p.yaml:5:31 access.decrypters.gcp[0]',
    'received "domain:gmail.com"; public, wildcard, domain-wide and principal-set members may never decrypt',
  ],
  [
    'principal-set decrypter',
    base("access: { decrypters: { gcp: ['principalSet://goog/public:all'] } }\n"),
    'p.yaml:5:31 access.decrypters.gcp[0]',
    'principal-set members may never decrypt',
  ],
  [
    'blank retention exception',
    base("retention: { sensitive: 48h, exception: { reason: '          ' } }\n"),
    'p.yaml:5:51 retention.exception.reason',
    'expected a reason with at least 10 visible letters or digits',
  ],
  [
    'bad role ARN',
    base("access: { decrypters: { aws: ['arn:aws:iam::*:role/x'] } }\n"),
    'p.yaml:5:31 access.decrypters.aws[0]',
    'expected an IAM role or user ARN',
  ],
  [
    'rotation below AWS minimum',
    base('encryption: { rotation: 30d }\n', AGENT_LEX),
    'p.yaml:5:25 encryption.rotation',
    'AWS KMS rotates every 90 to 2560 days and this policy has a lex agent',
  ],
  [
    'kafka subnet in another region',
    base('', AGENT_GCP + '    kafka: { subnet: projects/acme-prod/regions/europe-west1/subnetworks/default }\n'),
    'p.yaml:10:22 agents[0].kafka.subnet',
    'subnet region "europe-west1" differs from the agent location "us-central1"',
  ],
  [
    'derived bucket names that collide',
    base(
      '',
      AGENT_GCP.replace('name: bot', 'name: x').replace('acme-prod', 'y-audio-zzzzzz') +
        AGENT_GCP.replace('name: bot', 'name: x-audio-y').replace('acme-prod', 'zzzzzz'),
    ),
    'p.yaml:10:11 agents[1].name',
    'the Cloud Storage bucket name "acme-x-audio-y-audio-zzzzzz" is also derived for agent "x"; rename one of the agents (or its project) so the names differ',
  ],
  [
    'a decrypter with Terraform syntax in it',
    base("access: { decrypters: { gcp: ['user:a${path.cwd}@example.com'] } }\n"),
    'p.yaml:5:31 access.decrypters.gcp[0]',
    'expected one person, group or service account',
  ],
  [
    'a reason of invisible characters',
    base(`retention: { sensitive: 48h, exception: { reason: "${'\\u200B'.repeat(12)}" } }\n`),
    'p.yaml:5:51 retention.exception.reason',
    'at least 10 visible letters or digits',
  ],
  // Hangul fillers are letters to Unicode and blank Braille is a symbol: both render as nothing.
  [
    'a reason of Hangul fillers',
    base(`retention: { sensitive: 48h, exception: { reason: "${'\\u3164'.repeat(12)}" } }\n`),
    'p.yaml:5:51 retention.exception.reason',
    'at least 10 visible letters or digits',
  ],
  [
    'a reason of blank Braille',
    base(`retention: { sensitive: 48h, exception: { reason: "${'\\u2800'.repeat(12)}" } }\n`),
    'p.yaml:5:51 retention.exception.reason',
    'at least 10 visible letters or digits',
  ],
  [
    'a reason on two lines',
    base(`retention: { sensitive: 48h, exception: { reason: "Legal hold on disputes\\n## Approved" } }\n`),
    'p.yaml:5:51 retention.exception.reason',
    'expected a reason on one line',
  ],
  [
    'an acknowledgement without a reason',
    base("review: { acknowledge: [{ resource: Extra, path: '', reason: 'ok' }] }\n"),
    'p.yaml:5:62 review.acknowledge[0].reason',
    'at least 10 visible letters or digits',
  ],
  [
    'an idle session Lex does not accept',
    base('', AGENT_LEX + '    create: { locale: en_US, idleSessionTtl: 30s }\n'),
    'p.yaml:9:46 agents[0].create.idleSessionTtl',
    'Lex keeps an idle session 60 s to 86400 s',
  ],
  [
    'a time zone that does not exist',
    base('', AGENT_GCP + '    create: { displayName: Bot, language: en, timeZone: Mars/Olympus }\n'),
    'p.yaml:10:57 agents[0].create.timeZone',
    'not in the time zone database',
  ],
  [
    'text as a default (it has no value)',
    base('deidentify: { default: text }\n'),
    'p.yaml:5:24 deidentify.default',
    'method text needs a value, and a default has none',
  ],
  [
    'a rule set named default',
    base('deidentify: { sets: { default: { default: mask } } }\n'),
    'p.yaml:5:32 deidentify.sets.default',
    'the name "default" is reserved',
  ],
  [
    'a custom pattern named like a convoguard identifier',
    base("  custom: [{ name: CONVOGUARD_IBAN, pattern: 'X-[0-9]+' }]\n", AGENT_LEX).replace(
      '[email, phone]',
      '[email, phone, iban]',
    ),
    'p.yaml:5:20 detection.custom[0].name',
    'is the name convoguard gives the CloudWatch identifier',
  ],
  [
    'a CDK token in a pattern',
    base("  custom: [{ name: ORDER, pattern: 'ORD-[0-9]{8}|x${Token[AWS.AccountId.1]}' }]\n"),
    'p.yaml:5:36 detection.custom[0].pattern',
    'which contains an AWS CDK token',
  ],
  [
    'a duration too large to be a number',
    base('retention: { anonymized: 99999999999999999999d }\n'),
    'p.yaml:5:26 retention.anonymized',
    'received "99999999999999999999d"; expected a duration',
  ],
  [
    'history beyond what Dialogflow keeps',
    base("retention: { sensitive: 400d, exception: { reason: 'legal hold for case 1234' } }\n"),
    'p.yaml:5:25 retention.sensitive',
    'Dialogflow keeps conversation history 1 to 365 days',
  ],
  [
    'agent narrows to an undetected kind',
    base('', AGENT_GCP + '    kinds: [iban]\n'),
    'p.yaml:10:13 agents[0].kinds[0]',
    '"iban" is not in detection.kinds',
  ],
];

describe('policy loader: bad inputs', () => {
  test.each(CASES)('%s', (_title, text, where, message) => {
    const found = problems(text);
    const hit = found.find((p) => p.startsWith(where + ': '));
    if (!hit) throw new Error(`expected a problem at "${where}", got:\n${found.join('\n')}`);
    expect(hit).toContain(message);
  });

  test('covers at least 25 distinct bad inputs', () => {
    expect(new Set(CASES.map((c) => c[1])).size).toBeGreaterThanOrEqual(25);
  });

  test('reports every schema problem at once, sorted by position', () => {
    const text = `version: 2
name: Bad
detection:
  kinds: [emial]
  minLikelyhood: possible
agents:
  - { name: a, platform: lex, regon: us-east-1 }
`;
    expect(problems(text)).toEqual([
      'p.yaml:1:10 version: received 2; expected 1',
      'p.yaml:2:7 name: received "Bad"; expected lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen (Policy name: the prefix of every resource name)',
      expect.stringMatching(
        /^p\.yaml:4:11 detection\.kinds\[0\]: received "emial"; expected one of .* \(did you mean "email"\?\)$/,
      ),
      'p.yaml:5:3 detection.minLikelyhood: unknown key "minLikelyhood" (did you mean "minLikelihood"?); expected one of: kinds, minLikelihood, custom, markers',
      'p.yaml:7:5 agents[0].region: missing required field; expected string (AWS region)',
      'p.yaml:7:31 agents[0].regon: unknown key "regon" (did you mean "region"?); expected one of: name, kinds, platform, region, account, create, obfuscateAllSlots, sensitiveSlotTypes, macie, macieSession, kafka, exports, generative',
    ]);
  });

  test('reports every cross-field problem at once', () => {
    const text = base(
      'retention: { sensitive: 48h }\nstreams: [{ topic: t, deidentify: nope }]\n',
      AGENT_GCP + AGENT_GCP,
    );
    expect(problems(text).map((p) => p.split(': ')[0])).toEqual([
      'p.yaml:5:25 retention.sensitive',
      'p.yaml:6:1 streams',
      'p.yaml:6:35 streams[0].deidentify',
      'p.yaml:12:11 agents[1].name',
    ]);
  });

  test('reports schema and cross-field problems together, with the positions of the original items', () => {
    const text = base(
      'retention: { sensitive: 48h }\nstreams: [{ topic: t }, { topic: t }, { topic: 3 }]\n',
      `  - { name: bad, platform: lex, regon: us-east-1 }\n${AGENT_GCP}${AGENT_GCP}`,
    );
    expect(problems(text).map((p) => p.split(': ').slice(0, 2).join(': '))).toEqual([
      'p.yaml:5:25 retention.sensitive: received "48h"; sensitive data may be kept at most 24h unless retention.exception.reason says why',
      'p.yaml:6:1 streams: no rasa agent in the policy, and only Rasa writes anonymized events',
      'p.yaml:6:34 streams[1].topic: duplicate topic "t" (first used by streams[0])',
      'p.yaml:6:48 streams[2].topic: received number 3; expected string (Kafka topic name)',
      'p.yaml:8:5 agents[0].region: missing required field; expected string (AWS region)',
      'p.yaml:8:33 agents[0].regon: unknown key "regon" (did you mean "region"?); expected one of',
      'p.yaml:13:11 agents[2].name: duplicate agent name "bot" (first used by agents[1]); agent names must be unique',
    ]);
  });

  test('retention above 24h is allowed with a stated reason', () => {
    expect(
      problems(base("retention: { sensitive: 72h, exception: { reason: 'fraud investigations need three days' } }\n")),
    ).toEqual([]);
  });

  test('a missing file is a problem, not a crash', () => {
    expect(() => loadPolicy(path.join(__dirname, 'nope.yaml'))).toThrow(/nope\.yaml \(file\): file not found/);
  });

  test('validatePolicy reports paths for policies built in code', () => {
    expect(() =>
      validatePolicy({ version: 1, name: 'x', detection: { kinds: ['email'] }, agents: [] }, 'code'),
    ).toThrow(
      'code agents: received a list (0 items); too small: expected array to have >=1 items (The conversational agents this policy protects)',
    );
  });
});

describe('durations and aliases the parser cannot use are refused, never a crash', () => {
  test.each(['P', 'PT', 'P1DT', '99999999999999999999d'])('retention.anonymized: %s', (value) => {
    const found = problems(base(`retention: { anonymized: '${value}' }\n`));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^p\.yaml:5:26 retention\.anonymized: .*expected a duration such as '24h'/);
  });

  test('a "billion laughs" document is refused with a message, not expanded', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const found = problems(bomb + '\n');
    expect(found).toEqual([
      expect.stringMatching(
        /^p\.yaml:1:1 \(yaml\): cannot expand the document: .*alias.*; a policy needs no more than 50 alias expansions$/i,
      ),
    ]);
  });
});

describe('input is bounded before any check runs, and each check is linear', () => {
  const L = INPUT_LIMITS;
  test('a string over the bound is refused with its position, quoted by its start only', () => {
    const found = problems(base(`description: '${'x'.repeat(L.stringLength + 1)}'\n`));
    expect(found).toEqual([
      `p.yaml:5:14 description: a string of ${L.stringLength + 1} characters; at most ${L.stringLength} are accepted`,
    ]);
  });

  test('a list and a mapping over their bounds are refused; nothing inside them is examined', () => {
    const list = problems(
      base(
        `detection2: [${Array(L.listItems + 1)
          .fill('x')
          .join(', ')}]\n`,
      ),
    );
    expect(list).toEqual([
      `p.yaml:5:13 detection2: a list of ${L.listItems + 1} items; at most ${L.listItems} are accepted`,
    ]);
    const keys = Array.from({ length: L.mappingKeys + 1 }, (_, i) => `k${i}: {}`).join(', ');
    expect(problems(base(`deidentify: { sets: { ${keys} } }\n`))).toEqual([
      `p.yaml:5:21 deidentify.sets: a mapping of ${L.mappingKeys + 1} keys; at most ${L.mappingKeys} are accepted`,
    ]);
  });

  test('a repeated key is found in one pass, at the repetition', () => {
    const many = Array.from({ length: 150 }, (_, i) => `k${i}: {}`).join(', ');
    expect(problems(base(`deidentify: { sets: { ${many}, k7: {} } }\n`))).toEqual([
      expect.stringMatching(
        /^p\.yaml:5:\d+ \(yaml\): YAML syntax: Map keys must be unique; "k7" is repeated in deidentify\.sets$/,
      ),
    ]);
  });

  test('nesting deeper than a policy has is refused', () => {
    expect(problems(base(`x: ${'['.repeat(L.depth + 2)}${']'.repeat(L.depth + 2)}\n`))).toEqual([
      expect.stringMatching(new RegExp(`^p\\.yaml:5:\\d+ x(\\[0\\])+: nested more than ${L.depth} levels deep`)),
    ]);
  });

  test('a file over the size bound, or a device that never ends, is refused without reading it all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-big-'));
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, '#'.repeat(L.policyBytes + 1));
    expect(() => loadPolicy(big, 'big.yaml')).toThrow(
      `big.yaml (file): larger than ${formatBytes(L.policyBytes)}; a policy is far smaller (is this the right file?)`,
    );
    if (fs.existsSync('/dev/zero')) expect(() => loadPolicy('/dev/zero', 'zero')).toThrow(/zero \(file\): larger than/);
    expect(() => loadPolicy(dir, 'dir')).toThrow('dir (file): is a directory, expected a policy file');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the largest policy within the bounds validates in time linear in its size', () => {
    // 1,000 examples of the longest accepted length on one pattern, and the longest accepted markers: each used to
    // take tens of seconds (a pattern compiled per example, a quadratic marker check). Timing is not asserted here
    // (npm run bench measures it); the test proves these inputs end in a verdict, under the suite's timeout.
    const ex = Array.from(
      { length: L.listItems },
      (_, i) => `'ORD-${String(i).padStart(8, '0')} ${'y'.repeat(L.stringLength - 20)}'`,
    ).join(', ');
    const text = base(
      `  custom: [{ name: ORDER, pattern: 'ORD-[0-9]{8}', examples: { match: [${ex}] } }]\n  markers: { start: '${'<'.repeat(L.stringLength)}', end: '>' }\n`,
    );
    expect(problems(text)).toEqual([]);
  });
});

test.each(['Europe/London', 'UTC', 'US/Pacific', 'Etc/GMT+5'])(
  'the time zone %s is accepted: canonical names and the aliases the time zone database keeps',
  (zone) => {
    expect(() =>
      parsePolicy(
        base('', AGENT_GCP + `    create: { displayName: Bot, language: en, timeZone: ${zone} }\n`),
        'p.yaml',
      ),
    ).not.toThrow();
  },
);

test('a lazy pattern between your own brackets is accepted with markers off; a pattern without two literal ends is not judged by its brackets', () => {
  const custom = (pattern: string) =>
    base().replace(
      '  kinds: [email, phone]\n',
      () => `  kinds: [email, phone]\n  markers: false\n  custom: [{ name: SECRET, pattern: '${pattern}' }]\n`,
    );
  expect(problems(custom('<<secret>>.*?<</secret>>'))).toEqual([]);
  expect(problems(custom('ORD-[0-9]{8}'))).toEqual([]);
  expect(problems(custom('^BEGIN:.*:END$'))).toEqual([expect.stringContaining('which is greedy')]);
});

test('a pattern whose examples would take too long to check is refused before it runs, at its position', () => {
  const examples = Array.from({ length: 20 }, () => `'${'y'.repeat(500)}x'`).join(', ');
  const slow = base().replace(
    '  kinds: [email, phone]\n',
    () =>
      `  kinds: [email, phone]\n  custom: [{ name: SLOW, pattern: '(.*){1000}x', examples: { match: [${examples}] } }]\n`,
  );
  expect(problems(slow)).toEqual([
    expect.stringMatching(
      /^p\.yaml:5:35 detection\.custom\[0\]\.pattern: checking this pattern on its examples would take [\d,]+ RE2 steps \(a program of 4003 instructions × 10,[\d,]+ characters\); a policy may take 30,000,000/,
    ),
  ]);
});
