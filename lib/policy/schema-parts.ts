/**
 * The schema pieces every agent schema uses (names, kinds, the fields every agent has), in a leaf module: a
 * platform's own agent schema (lib/policy/platforms/<platform>/schema.ts) imports them from here, and schema.ts
 * assembles the union, so no import goes back and forth.
 */
import { z } from 'zod';
import { KINDS } from './catalog';
import { DURATION_FORMS, DURATION_PATTERN, parseDuration } from './duration';
import { DNS_LABEL as NAME_RE } from './names';

/** A lower-case DNS label: what policy, agent and stream names are. */
export const name = (what: string) =>
  z
    .string()
    .regex(NAME_RE, {
      message: 'expected lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    })
    .describe(what);

export const Kind = z.enum(KINDS).describe('A portable PII kind from the catalog');

/** The fields every agent has. */
export const agentBase = {
  name: name('Agent name; resource names are <policy name>-<agent name>-<purpose>'),
  kinds: z.array(Kind).optional().describe('Narrow detection.kinds for this agent'),
};

/** A Google Cloud project id. */
export const gcpProject = () =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
      message: 'expected a Google Cloud project ID (6-30 lower-case letters, digits, hyphens)',
    })
    .describe('Google Cloud project ID');

/** One duration type: every string the schema accepts is one `parseDuration` reads (no 'P' or 'PT' alone). */
export const duration = (what: string) =>
  z
    .string()
    .max(40)
    .regex(DURATION_PATTERN, { message: `expected ${DURATION_FORMS}` })
    // What the pattern cannot say: a number of seconds too large to be exact.
    .refine(
      (t) =>
        !DURATION_PATTERN.test(t) ||
        (parseDuration(t) !== undefined && Number.isSafeInteger(parseDuration(t)?.seconds)),
      { message: `expected ${DURATION_FORMS}` },
    )
    .describe(what);
