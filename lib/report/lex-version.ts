/**
 * A Lex bot version is a snapshot of the bot's DRAFT when it was published: an alias that serves it serves that
 * snapshot, not the bot's current definition. convoguard publishes a new version whenever the definition changes (the
 * version's logical id carries a hash of the bot's resolved properties) and writes the hash in the version's
 * description, so the report can tell from the template alone whether the live alias serves the definition it shows.
 * One definition of the hash, for lib/aws (which writes it) and the report (which checks it).
 */
import { createHash } from 'crypto';
import { canonical } from './gate/change';

/** The hash of a bot's resolved `Properties` (sorted keys, the template's spelling). */
export function lexDefinitionHash(botProperties: unknown): string {
  return createHash('sha256').update(canonical(botProperties)).digest('hex').slice(0, 16);
}

const PREFIX = 'convoguard: published from bot definition ';

/** The description convoguard writes on a bot version it publishes. */
export function lexVersionDescription(hash: string): string {
  return `${PREFIX}${hash}`;
}

/** The definition hash a version's description records, if convoguard wrote it. */
export function definitionOfVersion(description: unknown): string | undefined {
  return typeof description === 'string' && description.startsWith(PREFIX)
    ? description.slice(PREFIX.length)
    : undefined;
}
