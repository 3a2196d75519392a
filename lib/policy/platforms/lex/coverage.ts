/** How each kind is detected in Lex conversation logs: CloudWatch managed identifiers, keyword-free supplements, fallback patterns, and phone numbers by country. */
import { CATALOG, CLOUDWATCH_PHONE_COUNTRIES, Kind, PHONE_ANY_COUNTRY } from '../../catalog';
import type { KindCoverage } from '../../plan-types';
import type { LexAgentSpec } from '../../schema';

/** Name of the keyword-free custom identifier beside a managed identifier that needs a keyword. */
export function keywordFreeIdentifierName(kind: Kind): string {
  return `CONVOGUARD_${kind.toUpperCase()}_NO_KEYWORD`;
}

/** Name of the custom identifier that covers a kind CloudWatch has no managed identifier for. */
export function fallbackIdentifierName(kind: Kind): string {
  return `CONVOGUARD_${kind.toUpperCase()}`;
}

/** The custom identifier that masks telephone numbers of countries CloudWatch has no PhoneNumber-XX identifier for. */
export const PHONE_OTHER_COUNTRIES_IDENTIFIER = 'CONVOGUARD_PHONE_OTHER_COUNTRIES';

/** The country of the bot convoguard creates (`en_IE` → `IE`); undefined for a bot you declare (its locales are yours). */
export function lexCountry(agent: Pick<LexAgentSpec, 'create'>): string | undefined {
  return agent.create?.locale.split('_')[1];
}

/**
 * How CloudWatch covers `kind` on this agent: its managed identifiers, a keyword-free supplement, or a custom
 * identifier where it has none. Telephone numbers: the PhoneNumber-XX identifiers exist for seven countries, so a bot
 * of another country (or one whose locales are not in the policy) also gets a custom identifier for any country's
 * numbers.
 */
export function lexCover(kind: Kind, agent: Pick<LexAgentSpec, 'create'>): KindCoverage {
  const c = CATALOG[kind];
  const country = lexCountry(agent);
  if (kind === 'phone' && (country === undefined || !CLOUDWATCH_PHONE_COUNTRIES.includes(country))) {
    const why = country
      ? `the bot's locale ${agent.create!.locale} is of ${country}`
      : "the bot's locales are not in the policy (a bot you declare)";
    return {
      kind,
      coverage: 'builtin',
      detectors: c.cloudWatch,
      supplement: {
        name: PHONE_OTHER_COUNTRIES_IDENTIFIER,
        pattern: PHONE_ANY_COUNTRY.pattern,
        note: PHONE_ANY_COUNTRY.note,
      },
      note: `CloudWatch has phone identifiers for ${CLOUDWATCH_PHONE_COUNTRIES.join(', ')} only, and ${why}: a custom identifier ${PHONE_OTHER_COUNTRIES_IDENTIFIER} also masks numbers of any country (${PHONE_ANY_COUNTRY.note})`,
    };
  }
  const free = c.cloudWatchKeywordFree;
  if (c.cloudWatch.length > 0 && free) {
    const name = keywordFreeIdentifierName(kind);
    return {
      kind,
      coverage: 'builtin',
      detectors: c.cloudWatch,
      supplement: { name, pattern: free.pattern, note: free.note },
      note: `CloudWatch's ${c.cloudWatch.join(', ')} match only with a keyword nearby: a custom identifier ${name} also masks bare values (${free.note})`,
    };
  }
  if (c.cloudWatch.length > 0) return { kind, coverage: 'builtin', detectors: c.cloudWatch };
  const name = fallbackIdentifierName(kind);
  return {
    kind,
    coverage: 'pattern',
    detectors: [],
    pattern: name,
    note: `CloudWatch Logs has no managed identifier for ${kind}: a custom identifier ${name} covers it (${c.fallbackNote})`,
  };
}
