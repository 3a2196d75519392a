/**
 * The check that sees a miss in a Lex conversation log group: metric filters over the masked view, counting utterances
 * whose `inputTranscript` still holds a value of a kind CloudWatch was to mask, and an alarm on that count.
 *
 * CloudWatch Logs masks "at all egress points, including CloudWatch Logs Insights, metric filters, and subscription
 * filters" (mask-sensitive-log-data.html): a metric filter sees `****` where masking acted, and the original where it
 * did not. A managed identifier that needs a keyword nearby (CreditCardNumber, Ssn-US: "the keyword typically has to be
 * within 30 characters", CWL-managed-data-identifiers.html) leaves a number typed without one unmasked; these narrow
 * patterns, independent of the identifiers, count it. Filter-pattern regexes take letters, digits, `: _ # = @ / ; , -`
 * and `^ $ ? [ ] { } | \ * + .`, no parentheses and no multi-byte characters; a log group holds at most 5 filter
 * patterns with a regex (metric and subscription filters together) and a JSON pattern at most 2 (regex-expressions.html,
 * read 2026-12-07). convoguard uses one filter per kind, at most 4, leaving one for yours.
 */
import type { Kind } from '../../catalog';
import type { KindCoverage } from '../../plan-base';

/** Per kind, a pattern in the filter-pattern regex dialect, and what it matches. */
export const UNMASKED_PATTERNS: Partial<Record<Kind, { readonly regex: string; readonly matches: string }>> = {
  email: { regex: '[A-Za-z0-9._-]+@[A-Za-z0-9-]+\\.[A-Za-z0-9.-]+', matches: 'an address with @ and a dot' },
  credit_card: {
    regex: '[0-9]{4}.?[0-9]{4}.?[0-9]{4}.?[0-9]{1,7}',
    matches: '13 to 19 digits in groups of four, any one separator',
  },
  us_ssn: { regex: '[0-9]{3}-[0-9]{2}-[0-9]{4}', matches: 'the 3-2-4 digit form with hyphens' },
  ip_address: {
    regex: '[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}',
    matches: 'an IPv4 address (also four dotted numbers of another meaning)',
  },
};

/** Filter patterns with a regex convoguard writes on one log group (CloudWatch allows 5 in all). */
export const MAX_MISS_FILTERS = 4;

/** The metric the filters publish to: one per agent, counted by one alarm. */
export const MISS_METRIC_NAMESPACE = 'convoguard';

export interface PlannedMissFilter {
  readonly kind: Kind;
  /** `{ $.inputTranscript = %…% }`: the user's utterance only, not the log's ids and timestamps. */
  readonly filterPattern: string;
}

export function missFilterPattern(regex: string): string {
  return `{ $.inputTranscript = %${regex}% }`;
}

/** The kinds this agent detects with a CloudWatch identifier, for which a narrow pattern exists: at most four. */
export function planMissFilters(kinds: readonly KindCoverage[]): PlannedMissFilter[] {
  return kinds
    .filter((k) => (k.coverage === 'builtin' || k.coverage === 'approximate') && UNMASKED_PATTERNS[k.kind])
    .slice(0, MAX_MISS_FILTERS)
    .map((k) => ({ kind: k.kind, filterPattern: missFilterPattern(UNMASKED_PATTERNS[k.kind]!.regex) }));
}

/** The kinds a filter pattern of the output stands for (the report names them), or undefined for a pattern of yours. */
export function kindOfMissFilter(pattern: string): Kind | undefined {
  for (const [kind, p] of Object.entries(UNMASKED_PATTERNS))
    if (p && missFilterPattern(p.regex) === pattern.trim()) return kind as Kind;
  return undefined;
}

/** The label of the miss alarm, the same in the plan and in the report read from CloudFormation. */
export function missAlarmLabel(alarmName: string, kinds: readonly string[]): string {
  return `alarm ${alarmName} (${kinds.join(', ')} arriving unmasked in the transcript)`;
}
