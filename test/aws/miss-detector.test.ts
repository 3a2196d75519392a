/**
 * The check that sees a miss in the Lex conversation logs: CloudWatch masks "at all egress points, including
 * CloudWatch Logs Insights, metric filters, and subscription filters" (mask-sensitive-log-data.html), so a metric
 * filter over the group counts `****` where masking acted and the original where it did not. CreditCardNumber and
 * Ssn-US need a keyword within about 30 characters (CWL-managed-data-identifiers.html): a number typed without one
 * reaches the group unmasked, and these filters count it. Filter-pattern regexes take letters, digits,
 * `: _ # = @ / ; , -` and `^ $ ? [ ] { } | \ * + .`, no parentheses (regex-expressions.html).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  kindOfMissFilter,
  MAX_MISS_FILTERS,
  missFilterPattern,
  UNMASKED_PATTERNS,
} from '../../lib/policy/platforms/lex/miss-detector';
import { diffPostures, readPosture } from '../../lib/report';
import { readSynthesis, runGate } from '../../lib/report/gate';
import { exampleSynthesis, resealCdkOut } from '../helpers';

const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
const LOG_GROUP = '/convoguard/support-assistant-billing/lex-conversations';
const ALARM = 'support-assistant-billing-unmasked-values';
type Json = Record<string, any>;

let base: string;
let template: Json;
beforeAll(() => {
  base = exampleSynthesis();
  template = JSON.parse(fs.readFileSync(path.join(base, CFN), 'utf8'));
});
const ofType = (t: Json, type: string) =>
  Object.entries(t.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
const posture = (dir: string) =>
  readPosture({ cdkOut: path.join(dir, 'cdk.out'), out: path.join(dir, 'out'), relativeTo: dir });
const logs = (dir: string) =>
  posture(dir)
    .agents.find((a) => a.agent === 'billing')!
    .stores.find((s) => s.kind === 'conversation-logs')!;
function head(edit: (t: Json) => void): string {
  const dir = exampleSynthesis();
  const t = JSON.parse(fs.readFileSync(path.join(dir, CFN), 'utf8'));
  edit(t);
  fs.writeFileSync(path.join(dir, CFN), JSON.stringify(t));
  resealCdkOut(dir);
  return dir;
}
const missAlarm = (t: Json) => ofType(t, 'AWS::CloudWatch::Alarm').find(([, r]) => r.Properties.AlarmName === ALARM)!;

test("the example's billing logs: one metric filter per kind CloudWatch masks with a narrow pattern, after the group", () => {
  const filters = ofType(template, 'AWS::Logs::MetricFilter').map(([, r]) => r);
  expect(filters.map((f) => kindOfMissFilter(f.Properties.FilterPattern))).toEqual([
    'email',
    'credit_card',
    'us_ssn',
    'ip_address',
  ]);
  expect(filters.length).toBeLessThanOrEqual(MAX_MISS_FILTERS);
  const [groupId] = ofType(template, 'AWS::Logs::LogGroup').find(([, r]) => r.Properties.LogGroupName === LOG_GROUP)!;
  for (const f of filters) {
    expect(f.Properties).toMatchObject({
      LogGroupName: LOG_GROUP,
      MetricTransformations: [{ MetricNamespace: 'convoguard', MetricName: ALARM, MetricValue: '1', Unit: 'Count' }],
    });
    // The group (and its data protection policy) exists first: a filter on a missing group fails the deploy.
    expect(f.DependsOn).toContain(groupId);
  }
  const [, alarm] = missAlarm(template);
  expect(alarm.Properties).toMatchObject({
    Namespace: 'convoguard',
    MetricName: ALARM,
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [{ Ref: expect.stringMatching(/^billingVerifyTopic/) }],
  });
});

test('each pattern is in the filter-pattern dialect, matches a raw value in the transcript and not its masked form', () => {
  const raw: Record<string, string> = {
    email: 'write to jane.doe@example.com please',
    credit_card: 'it is 4111 1111 1111 1111',
    us_ssn: 'my number is 123-45-6789',
    ip_address: 'from 203.0.113.7',
  };
  for (const [kind, p] of Object.entries(UNMASKED_PATTERNS)) {
    // Letters, digits, : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \ * + . only: no parentheses, no space.
    expect(p!.regex).toMatch(/^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]+$/);
    expect(missFilterPattern(p!.regex)).toMatch(/^\{ \$\.inputTranscript = %[^%]+% \}$/);
    const re = new RegExp(p!.regex);
    expect(re.test(raw[kind])).toBe(true);
    expect(re.test(raw[kind].replace(re, '****'))).toBe(false);
    // The log's own fields are not searched: only inputTranscript.
    expect(kindOfMissFilter(missFilterPattern(p!.regex))).toBe(kind);
  }
  expect(kindOfMissFilter('{ $.inputTranscript = %secret% }')).toBeUndefined();
});

test('the report counts the miss alarm as verification of the logs, with its kinds; the findings alarm stays a trend', () => {
  const s = logs(base);
  expect(s.verifiedBy).toEqual([
    `alarm ${ALARM} (email, credit_card, us_ssn, ip_address arriving unmasked in the transcript)`,
  ]);
  expect(s.watchedBy).toEqual([expect.stringMatching(/^alarm support-assistant-billing-log-findings-rise/)]);
  expect(
    posture(base).findings.filter(
      (f) => f.rule === 'CG-STORE-VERIFIED' && f.resource === 'billingConversationLogs48438003',
    ),
  ).toEqual([]);
});

test.each<[string, (t: Json) => void]>([
  ['an alarm that fires only at 100', (t) => (missAlarm(t)[1].Properties.Threshold = 100)],
  ['an alarm on the average', (t) => (missAlarm(t)[1].Properties.Statistic = 'Average')],
  ['an alarm with actions off', (t) => (missAlarm(t)[1].Properties.ActionsEnabled = false)],
  [
    'filters into another metric',
    (t) => {
      for (const [, f] of ofType(t, 'AWS::Logs::MetricFilter'))
        f.Properties.MetricTransformations[0].MetricName = 'other';
    },
  ],
  [
    'filters on another group',
    (t) => {
      for (const [, f] of ofType(t, 'AWS::Logs::MetricFilter')) f.Properties.LogGroupName = '/elsewhere';
    },
  ],
])('%s: the logs lose their verification, a weakening, and the gate fails', (_what, edit) => {
  const h = head(edit);
  expect(logs(h).verifiedBy).toEqual([]);
  expect(
    diffPostures(posture(base), posture(h))
      .filter((c) => c.class === 'weakening')
      .map((c) => c.message),
  ).toContainEqual(
    expect.stringMatching(/lex-conversations": verification removed: alarm support-assistant-billing-unmasked-values/),
  );
  expect(runGate(readSynthesis(base), readSynthesis(h)).passes).toBe(false);
});

test('a filter pattern narrowed to something else is unverified in the gate, and its kind leaves the check', () => {
  const h = head((t) => {
    const [, f] = ofType(t, 'AWS::Logs::MetricFilter').find(
      ([, r]) => kindOfMissFilter(r.Properties.FilterPattern) === 'credit_card',
    )!;
    f.Properties.FilterPattern = '{ $.inputTranscript = %NEVER-MATCHES% }';
  });
  const r = runGate(readSynthesis(base), readSynthesis(h));
  expect(r.passes).toBe(false);
  expect(r.output.filter((c) => c.class === 'unverified').map((c) => `${c.path}: ${c.why}`)).toContainEqual(
    expect.stringMatching(/^Properties.FilterPattern: what the metric counts: a miss detector whose pattern changed/),
  );
  expect(logs(h).verifiedBy).toEqual([
    `alarm ${ALARM} (email, a pattern of yours, us_ssn, ip_address arriving unmasked in the transcript)`,
  ]);
});
