import type { ParseArgsConfig } from 'util';
import type { Io } from './io';

/**
 * One `convoguard` command. It lives in its own module so the command modules and `main.ts` (which loads them)
 * both depend on it without depending on each other.
 */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(
    args: { positionals: string[]; values: Record<string, string | boolean | string[] | undefined> },
    io: Io,
  ): Promise<number> | number;
}
