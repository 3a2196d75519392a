/** The verify block: what it accepts, what it plans per platform, what it says cannot be verified, and its cost line. */
import { agentPlan, expectedPosture, parsePolicy, plan, verifyCost } from '../../lib/policy';
import {
  dialogflowLeakFilter,
  exportFingerprint,
  FINDINGS_TREND_ONLY,
  leakPattern,
  lqlString,
  macieFrequency,
  NOBODY_NOTIFIED,
  parseExport,
  PlannedExport,
  scanTargets,
} from '../../lib/policy/verify';
import { findAll } from '../../lib/policy/detectors';
import { CATALOG } from '../../lib/policy/catalog';
import { policyProblems } from '../helpers';

const policy = (verify: string, agents: string) => `version: 1
name: shop
detection: { kinds: [email, credit_card, person_name] }
${verify}
agents:
${agents}`;
const LEX = '  - { name: bot, platform: lex, region: us-east-1, exports: [s3://shop-transcripts/bot/] }';
const reverseExports = (agent: string) =>
  agent.replace(/exports: \[(.*?)\]/, (_, list: string) => `exports: [${list.split(', ').reverse().join(', ')}]`);
const CX =
  '  - { name: cx, platform: dialogflow-cx, project: shop-prod-1, location: europe-west2, exports: [bq://shop-prod-1.insights.conversations, gs://shop-exports/cx] }';

describe('validation', () => {
  test('notify names a real topic form', () => {
    expect(policyProblems(policy('verify: { notify: { aws: my-topic, gcp: topics/alerts } }', LEX))).toEqual([
      'p.yaml:4:26 verify.notify.aws: received "my-topic"; expected an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:privacy-alerts (An SNS topic for the alarms; default: a topic per agent encrypted with the agent\'s key)',
      'p.yaml:4:41 verify.notify.gcp: received "topics/alerts"; expected a Pub/Sub topic such as projects/acme-cx-prod/topics/privacy-alerts (A Pub/Sub topic for alerts and scan findings; default: a topic per agent encrypted with the agent\'s key)',
    ]);
  });

  test('every is 1 to 60 whole days; exports fit the platform, once each; scans need a regional location', () => {
    const text = policy(
      'verify: { every: 90d }',
      [
        '  - { name: bot, platform: lex, region: us-east-1, exports: [gs://x/y, s3://Bad_Bucket, s3://ok-bucket/../up, s3://ok-bucket/a, s3://ok-bucket/a, s3://ok-bucket/a/] }',
        '  - { name: cx, platform: dialogflow-cx, project: shop-prod-1, location: global, audioExport: false, cloudLogging: off, exports: [s3://x/y, bq://shop.ds, gs://ok-bucket/p] }',
      ].join('\n'),
    );
    expect(policyProblems(text)).toEqual([
      'p.yaml:4:18 verify.every: received "90d"; expected whole days from 1d to 60d (DLP job triggers run 1 to 60 days apart)',
      'p.yaml:6:62 agents[0].exports[0]: received "gs://x/y"; a lex agent\'s exports are scanned by Macie: expected s3://bucket[/prefix]',
      'p.yaml:6:72 agents[0].exports[1]: received "s3://Bad_Bucket"; "Bad_Bucket" is not a valid S3 bucket name',
      'p.yaml:6:89 agents[0].exports[2]: received "s3://ok-bucket/../up"; the path may hold letters, digits, . _ - and single /',
      'p.yaml:6:129 agents[0].exports[4]: "s3://ok-bucket/a" is listed twice (first at exports[3])',
      'p.yaml:6:147 agents[0].exports[5]: "s3://ok-bucket/a/" is the same export as "s3://ok-bucket/a" (first at exports[3])',
      expect.stringMatching(
        /^p\.yaml:7:\d+ agents\[1\]\.exports: scans keep their findings in a BigQuery dataset under the agent's key, in its location; "global" is not a regional location\. Use a regional location or remove verify\.every$/,
      ),
      'p.yaml:7:131 agents[1].exports[0]: received "s3://x/y"; a dialogflow-cx agent\'s exports are scanned by DLP: expected gs://bucket[/path] or bq://project.dataset.table',
      'p.yaml:7:141 agents[1].exports[1]: received "bq://shop.ds"; expected bq://project.dataset.table (a project id, a dataset and a table)',
    ]);
  });

  test('one SNS topic for every lex agent must be in their region: an alarm notifies a topic of its own region', () => {
    const agents = [LEX, '  - { name: west, platform: lex, region: us-west-2 }'].join('\n');
    expect(
      policyProblems(policy('verify: { notify: { aws: arn:aws:sns:us-east-1:111122223333:privacy } }', agents)),
    ).toEqual([
      'p.yaml:4:26 verify.notify.aws: the topic is in us-east-1; an alarm notifies a topic of its own region, and lex agents "west" (us-west-2) are elsewhere: leave notify.aws out (a topic per agent) or use one region',
    ]);
  });

  test('parseExport reads each form', () => {
    expect(parseExport('bq://shop-prod-1.insights.conversations', 'dialogflow-cx')).toEqual({
      uri: 'bq://shop-prod-1.insights.conversations',
      service: 'bigquery',
      project: 'shop-prod-1',
      dataset: 'insights',
      table: 'conversations',
    });
    expect(parseExport('gs://shop-exports/cx/', 'dialogflow-cx')).toEqual({
      uri: 'gs://shop-exports/cx/',
      service: 'gcs',
      bucket: 'shop-exports',
      path: 'cx',
    });
    expect(parseExport('s3://shop-transcripts', 'lex')).toEqual({
      uri: 's3://shop-transcripts',
      service: 's3',
      bucket: 'shop-transcripts',
      path: '',
    });
  });
});

describe('plan', () => {
  test('lex: an alarm on the masked log group, a created topic, a weekly Macie job over the exports', () => {
    const p = plan(
      parsePolicy(policy('verify: { every: 7d, notify: { email: [alerts@shop.example] } }', LEX), 'p.yaml').policy,
    );
    const bot = agentPlan(p, 'bot', 'lex');
    expect(bot.verify).toEqual({
      topic: { create: 'shop-bot-redaction-alerts' },
      emails: ['alerts@shop.example'],
      alarm: { name: 'shop-bot-log-findings-rise', logGroup: '/convoguard/shop-bot/lex-conversations' },
      // Metric filters over the masked view, for the kinds CloudWatch masks that have a narrow pattern.
      missAlarm: {
        name: 'shop-bot-unmasked-values',
        logGroup: '/convoguard/shop-bot/lex-conversations',
        metricNamespace: 'convoguard',
        metricName: 'shop-bot-unmasked-values',
        filters: [
          { kind: 'email', filterPattern: '{ $.inputTranscript = %[A-Za-z0-9._-]+@[A-Za-z0-9-]+\\.[A-Za-z0-9.-]+% }' },
          { kind: 'credit_card', filterPattern: '{ $.inputTranscript = %[0-9]{4}.?[0-9]{4}.?[0-9]{4}.?[0-9]{1,7}% }' },
        ],
      },
      scan: {
        everyDays: 7,
        frequency: 'weekly',
        exports: [{ uri: 's3://shop-transcripts/bot/', service: 's3', bucket: 'shop-transcripts', path: 'bot' }],
        jobName: 'shop-bot-exports',
      },
    });
    const e = expectedPosture(bot);
    // The findings alarm counts what masking caught, never a value it missed: a trend, named, that verifies nothing.
    // The miss alarm counts what reached the masked view unmasked: it verifies the logs, for its kinds.
    expect(e.stores.map((s) => [s.kind, s.verifiedBy, s.watchedBy, s.unverifiedReason])).toEqual([
      [
        'conversation-logs',
        ['alarm shop-bot-unmasked-values (email, credit_card arriving unmasked in the transcript)'],
        ['alarm shop-bot-log-findings-rise (a rise in LogEventsWithFindings)'],
        undefined,
      ],
      [
        'audio',
        [],
        undefined,
        'Macie analyzes only objects with a supported file extension, and audio is not one: nothing scans it',
      ],
    ]);
    expect(e.scans).toEqual([
      {
        target: 's3://shop-transcripts/bot/',
        by: 'Macie job',
        schedule: 'weekly',
        findingsTo: ['Macie findings (EventBridge, Security Hub)'],
      },
    ]);
    expect(bot.notes.filter((n) => n.level === 'warning').map((n) => n.message)).toContain(
      'verify: nothing verifies Lex audio logs (Macie analyzes only objects with a supported file extension, and audio is not one: nothing scans it)',
    );
    // What the miss alarm cannot see is said: the kinds without a narrow pattern.
    expect(bot.notes.map((n) => n.message)).toContain(
      "verify: metric filters over the masked view of /convoguard/shop-bot/lex-conversations count utterances whose transcript still holds email, credit_card, and alarm shop-bot-unmasked-values fires on the first one: a miss it sees; person_name has no narrow pattern (or CloudWatch masks it with convoguard's own), so nothing sees its misses but convoguard canary",
    );
  });

  test('a trend alarm without the miss alarm verifies nothing: kinds with no narrow pattern leave the logs unverified', () => {
    const bot = agentPlan(
      plan(
        parsePolicy(
          policy('verify: { notify: { email: [alerts@shop.example] } }', LEX).replace(
            /kinds: \[[^\]]*\]/,
            'kinds: [person_name]',
          ),
          'p.yaml',
        ).policy,
      ),
      'bot',
      'lex',
    );
    expect(bot.verify?.missAlarm).toBeUndefined();
    expect(expectedPosture(bot).stores[0]).toMatchObject({ verifiedBy: [], unverifiedReason: FINDINGS_TREND_ONLY });
  });

  test('an alarm nobody is notified of verifies nothing: a plan warning, and the store unverified with that reason', () => {
    const bot = agentPlan(plan(parsePolicy(policy('verify: { every: 7d }', LEX), 'p.yaml').policy), 'bot', 'lex');
    expect(bot.notes.map((n) => n.message)).toContain(NOBODY_NOTIFIED);
    expect(expectedPosture(bot).stores[0]).toMatchObject({
      verifiedBy: [],
      unverifiedReason:
        'alarm shop-bot-unmasked-values (email, credit_card arriving unmasked in the transcript), alarm shop-bot-log-findings-rise (a rise in LogEventsWithFindings) notifies nobody (verify.notify names no one)',
    });
    // Your topic: whoever reads it is notified.
    const yours = agentPlan(
      plan(
        parsePolicy(policy('verify: { notify: { aws: arn:aws:sns:us-east-1:111122223333:privacy } }', LEX), 'p.yaml')
          .policy,
      ),
      'bot',
      'lex',
    );
    expect(expectedPosture(yours).stores[0]).toMatchObject({
      verifiedBy: ['alarm shop-bot-unmasked-values (email, credit_card arriving unmasked in the transcript)'],
      watchedBy: ['alarm shop-bot-log-findings-rise (a rise in LogEventsWithFindings)'],
    });
  });

  test("Macie's schedule is the longest of daily, weekly, monthly not longer than every; a different one is a warning", () => {
    expect([1, 6, 7, 29, 30, 60].map(macieFrequency)).toEqual([
      'daily',
      'daily',
      'weekly',
      'weekly',
      'monthly',
      'monthly',
    ]);
    const p = plan(parsePolicy(policy('verify: { every: 10d }', LEX), 'p.yaml').policy);
    expect(agentPlan(p, 'bot').notes.find((n) => n.message.includes('Macie job'))).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('weekly (Macie schedules daily, weekly or monthly; verify.every is 10 days)'),
    });
  });

  test('dialogflow-cx: a log-match alert with the kinds that have a pattern, DLP triggers per export, a findings dataset; your topic when named', () => {
    const p = plan(
      parsePolicy(policy('verify: { every: 14d, notify: { gcp: projects/shop-sec/topics/privacy } }', CX), 'p.yaml')
        .policy,
    );
    const cx = agentPlan(p, 'cx', 'dialogflow-cx');
    expect(cx.verify?.topic).toEqual({ existing: 'projects/shop-sec/topics/privacy' });
    expect(cx.verify?.logAlert?.patterns).toEqual([leakPattern('email'), leakPattern('credit_card')]);
    expect(cx.verify?.scan).toMatchObject({
      everyDays: 14,
      findingsDataset: 'shop_cx_dlp_findings',
      findingsDays: 30,
      triggerIds: cx.verify?.scan?.exports.map((e) => `shop-cx-export-${exportFingerprint(e)}`),
    });
    expect(cx.verify?.scan?.triggerIds).toEqual([
      expect.stringMatching(/^shop-cx-export-[0-9a-f]{8}$/),
      expect.stringMatching(/^shop-cx-export-[0-9a-f]{8}$/),
    ]);
    // Named by what they scan, not by position: the reversed list gives each export the same trigger id.
    const reversed = agentPlan(
      plan(
        parsePolicy(
          policy('verify: { every: 14d, notify: { gcp: projects/shop-sec/topics/privacy } }', reverseExports(CX)),
          'p.yaml',
        ).policy,
      ),
      'cx',
      'dialogflow-cx',
    );
    expect([...(reversed.verify?.scan?.triggerIds ?? [])].reverse()).toEqual(cx.verify?.scan?.triggerIds);
    expect(cx.notes.map((n) => n.message)).toContain(
      'verify: the request-log alert has no pattern for person_name: an unredacted one does not fire it',
    );
    expect(expectedPosture(cx).scans?.map((s) => [s.target, s.schedule, s.findingsTo])).toEqual([
      [
        'bq://shop-prod-1.insights.conversations',
        'every 14 days',
        ['projects/shop-sec/topics/privacy (a notice per run)', 'shop_cx_dlp_findings'],
      ],
      [
        'gs://shop-exports/cx/',
        'every 14 days',
        ['projects/shop-sec/topics/privacy (a notice per run)', 'shop_cx_dlp_findings'],
      ],
    ]);
  });

  test('exports without every are not scanned, and the plan says so; without verify every log store says verify is off', () => {
    const p = plan(parsePolicy(policy('verify: {}', LEX), 'p.yaml').policy);
    expect(agentPlan(p, 'bot', 'lex').verify?.scan).toBeUndefined();
    expect(agentPlan(p, 'bot').notes.map((n) => n.message)).toContain(
      'verify: exports are listed but verify.every is not set, so nothing scans s3://shop-transcripts/bot/',
    );
    const off = plan(parsePolicy(policy('', LEX), 'p.yaml').policy);
    expect(agentPlan(off, 'bot', 'lex').verify).toBeUndefined();
    expect(expectedPosture(agentPlan(off, 'bot')).stores[0].unverifiedReason).toBe(
      'verify is off: nothing alerts when redaction fails (add verify: {} to the policy)',
    );
  });
});

test('scan targets are written alike by the plan and the readers: prefixes end with "/", a bucket listed whole is scanned whole', () => {
  const exports = ['s3://bbb/x', 's3://bbb', 's3://ccc/y/', 'gs://ggg', 'gs://ggg/p'].map((u) =>
    parseExport(u, u.startsWith('s3') ? 'lex' : 'dialogflow-cx'),
  );
  expect(exports.every((e) => !('error' in e))).toBe(true);
  expect(scanTargets(exports as PlannedExport[])).toEqual(['s3://bbb/', 's3://ccc/y/', 'gs://ggg/', 'gs://ggg/p/']);
  // A table is written as the reader writes it, whatever the policy's trailing slash.
  expect(scanTargets([parseExport('bq://shop-prod-1.ds.t/', 'dialogflow-cx') as PlannedExport])).toEqual([
    'bq://shop-prod-1.ds.t',
  ]);
});

test('without macie: true the Macie job has no custom identifiers, and the plan says so', () => {
  const p = plan(parsePolicy(policy('verify: { every: 7d }', LEX), 'p.yaml').policy);
  expect(agentPlan(p, 'bot').notes.find((n) => n.message.includes('Macie job'))).toMatchObject({
    level: 'warning',
    message: expect.stringContaining('the custom patterns need macie: true'),
  });
});

describe('the request-log filter', () => {
  test('quotes patterns as Logging query language strings and matches only end-user text fields', () => {
    expect(lqlString('a"b\\d')).toBe('"a\\"b\\\\d"');
    const f = dialogflowLeakFilter('logName="x"', ['a+', 'b|c']);
    expect(f).toBe(
      'logName="x" AND (jsonPayload.queryInput.text.text =~ "(a+)|(b|c)" OR jsonPayload.queryResult.text =~ "(a+)|(b|c)" OR jsonPayload.queryResult.transcript =~ "(a+)|(b|c)")',
    );
  });

  test("each kind's pattern finds the kind's canary value (what convoguard canary types)", () => {
    for (const k of ['email', 'credit_card', 'iban', 'us_ssn', 'ip_address', 'date_of_birth'] as const) {
      const value = CATALOG[k].canary.replace('{id}', 'abc123');
      expect([k, findAll(leakPattern(k)!, `my value is ${value} thanks`).length > 0]).toEqual([k, true]);
    }
  });

  test('a filter over Cloud Logging’s 20,000 characters is refused at the policy', () => {
    const long = Array.from(
      { length: 40 },
      (_, i) => `    - { name: P${i}, pattern: '${'[A-Z]'.repeat(40)}${i}' }`,
    ).join('\n');
    const text = `version: 1\nname: shop\ndetection:\n  kinds: [email]\n  custom:\n${long}\nverify: {}\nagents:\n${CX}\n`;
    expect(policyProblems(text).filter((p) => p.includes('filter'))).toEqual([
      expect.stringMatching(
        /^p\.yaml:\d+:1 verify: the request-log alert of agent "cx" would need a \d+-character filter; Cloud Logging allows 20000: shorten the custom patterns$/,
      ),
    ]);
  });
});

test('validate says what verification costs, in one line', () => {
  expect(verifyCost(plan(parsePolicy(policy('verify: { every: 7d }', `${LEX}\n${CX}`), 'p.yaml').policy))).toBe(
    'verify: 1 CloudWatch anomaly-detection alarm (billed per alarm-month), 1 Cloud Monitoring log-match alert policy (billed per condition-month), 2 notification topics, 2 DLP job triggers every 7d (DLP bills per GB inspected), 1 BigQuery findings dataset, 1 Macie job (Macie bills per GB inspected)',
  );
  expect(verifyCost(plan(parsePolicy(policy('verify: {}', LEX), 'p.yaml').policy))).toBe(
    'verify: 1 CloudWatch anomaly-detection alarm (billed per alarm-month), 1 notification topic; no scans: verify.every is not set (scans bill per GB inspected)',
  );
  expect(verifyCost(plan(parsePolicy(policy('', LEX), 'p.yaml').policy))).toBe(
    'verify: off. nothing alerts when redaction fails (add verify: {} to the policy)',
  );
});

describe('verify: what is said when it is absent or empty', () => {
  test('exports without verify are a warning of the plan: nothing scans them', () => {
    const p = plan(parsePolicy(policy('', CX), 'p.yaml').policy);
    expect(agentPlan(p, 'cx').notes).toContainEqual({
      level: 'warning',
      message:
        'exports are listed but verify is not set, so nothing scans bq://shop-prod-1.insights.conversations, gs://shop-exports/cx: add verify: { every: 7d }',
    });
  });

  test('an empty verify: is YAML null, and the message says so', () => {
    expect(policyProblems(policy('verify:', CX))).toEqual([
      expect.stringMatching(/^p\.yaml:4:8 verify: received an empty value \(null\); expected object/),
    ]);
  });
});
