/**
 * The CloudWatch Logs custom identifiers a Lex agent gets, run over what Lex really writes: text conversation logs
 * are JSON records (so a `"` in a message is stored as `\"`), and people type card numbers without the word "card".
 * The identifiers are run with RE2 (re2js), the closest offline stand-in for CloudWatch's engine: every construct
 * they use (`.`, `.{1,2}`, `.*?`, classes, counted repeats) means the same in both.
 */
import { agentPlan, cloudWatchRegexError, findAll, parsePolicy, plan } from '../../lib/policy';

const POLICY = `version: 1
name: acme
detection: { kinds: [email, credit_card, us_ssn, iban] }
agents:
  - { name: bot, platform: lex, region: eu-west-2 }
`;
const lex = agentPlan(plan(parsePolicy(POLICY).policy), 'bot', 'lex');
const identifiers = lex.detection.patterns;

/** A Lex V2 text conversation log record, in the documented shape, as CloudWatch stores it (one JSON line). */
function lexRecord(inputTranscript: string, botMessage: string): string {
  return JSON.stringify({
    messageVersion: '2.0',
    bot: {
      name: 'acme-bot',
      version: '1',
      localeId: 'en_GB',
      id: 'ABCDEFGHIJ',
      aliasId: 'TSTALIASID',
      aliasName: 'TestBotAlias',
    },
    messages: [{ contentType: 'SSML', content: botMessage }],
    utteranceContext: { inputMode: 'Text' },
    sessionState: {
      dialogAction: { type: 'ElicitIntent' },
      intent: { name: 'PayBill', slots: {}, state: 'InProgress', confirmationState: 'None' },
      originatingRequestId: 'req-1',
    },
    inputTranscript,
    interpretations: [
      {
        intent: { name: 'PayBill', slots: {}, state: 'InProgress', confirmationState: 'None' },
        interpretationSource: 'Lex',
      },
    ],
    sessionId: 'session-1',
    requestId: 'req-1',
    timestamp: '2026-11-23T10:00:00Z',
    developerOverride: false,
  });
}

/** What each identifier masks in `text`, as `NAME: match`. */
function masked(text: string): string[] {
  return identifiers.flatMap((d) => findAll(d.platformPattern, text).map((m) => `${d.name}: ${m.text}`));
}

test("every identifier is in CloudWatch's character set and within its limits", () => {
  expect(identifiers.map((d) => d.name)).toEqual([
    'SSML_REDACTION_MARKERS',
    'CONVOGUARD_CREDIT_CARD_NO_KEYWORD',
    'CONVOGUARD_US_SSN_NO_KEYWORD',
    'CONVOGUARD_IBAN',
  ]);
  for (const d of identifiers) expect(cloudWatchRegexError(d.platformPattern)).toBeUndefined();
});

test('SSML markers match in the JSON record, where each " is stored as \\" ; two spans stay two, the text between them stays', () => {
  const record = lexRecord(
    'hi',
    'Your address is <mark name="redact-start"/>1 Main St<mark name="redact-end"/> and your plan is Gold, card <mark name="redact-start"/>4111<mark name="redact-end"/>',
  );
  expect(record).toContain('<mark name=\\"redact-start\\"/>');
  const spans = masked(record).filter((m) => m.startsWith('SSML_REDACTION_MARKERS'));
  expect(spans).toEqual([
    'SSML_REDACTION_MARKERS: <mark name=\\"redact-start\\"/>1 Main St<mark name=\\"redact-end\\"/>',
    'SSML_REDACTION_MARKERS: <mark name=\\"redact-start\\"/>4111<mark name=\\"redact-end\\"/>',
  ]);
  // The earlier form, one "." per quote, found nothing in the stored record.
  expect(findAll('.mark name=.redact-start./..*?.mark name=.redact-end./.', record)).toEqual([]);
});

test.each([
  [
    'a bare card number',
    'my number is 4111 1111 1111 1111 thanks',
    ['CONVOGUARD_CREDIT_CARD_NO_KEYWORD: 4111 1111 1111 1111'],
  ],
  ['a card number without spaces', '4111111111111111', ['CONVOGUARD_CREDIT_CARD_NO_KEYWORD: 4111111111111111']],
  [
    'a dashed card number',
    'use 5500-0000-0000-0004 please',
    ['CONVOGUARD_CREDIT_CARD_NO_KEYWORD: 5500-0000-0000-0004'],
  ],
  ['a bare social security number', 'it is 123-45-6789', ['CONVOGUARD_US_SSN_NO_KEYWORD: 123-45-6789']],
  // Both identifiers mask the IBAN's digits: overlapping masks hide the same characters.
  [
    'an IBAN',
    'pay into GB82WEST12345698765432',
    ['CONVOGUARD_CREDIT_CARD_NO_KEYWORD: 12345698765432', 'CONVOGUARD_IBAN: GB82WEST12345698765432'],
  ],
  [
    'a long phone number (a known false positive, and PII too)',
    'call +44 20 7946 0958',
    ['CONVOGUARD_CREDIT_CARD_NO_KEYWORD: 44 20 7946 0958'],
  ],
  ['an order number', 'order ORD-12345678 shipped', []],
  ['a date and a time', 'on 2026-11-23 at 10:30', []],
  ['a short amount', 'I paid 120.50 on 12/11', []],
])('in a chat line, %s', (_what, line, expected) => {
  expect(masked(lexRecord(line, 'ok'))).toEqual(expected);
});
