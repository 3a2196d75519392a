/**
 * Durations as a policy writes them: `24h`, `1d`, `90d`, `30m`, `45s`, `2w`, or ISO 8601 (`PT24H`, `P1D`, `P1DT12H`).
 * Months and years are refused: their length varies, and retention must be exact.
 */
export interface Duration {
  /** Whole seconds. */
  readonly seconds: number;
  /** The text the policy wrote, for messages. */
  readonly source: string;
}

/** Seconds in an hour and a day: the one definition every module uses. */
export const HOUR = 3600;
export const DAY = 86400;

const SHORT = /^(\d+)\s*(s|m|h|d|w)$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export const DURATION_FORMS = "a duration such as '24h', '1d', '90d', '30m' or ISO 8601 'PT24H', 'P1D'";

/**
 * Every text parseDuration accepts, as one pattern: the policy's JSON Schema carries it, so an editor flags
 * `24 hours` as the loader would (the loader also checks that the seconds fit). The lookaheads refuse `P`, `PT` and
 * `P1DT`, which name no amount.
 */
export const DURATION_PATTERN =
  /^\s*(?:\d+\s*[smhdw]|P(?=\d|T\d)(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)\s*$/;

/** Parses a duration, or returns undefined when the text is not one. */
export function parseDuration(text: string): Duration | undefined {
  const t = text.trim();
  const s = SHORT.exec(t);
  if (s) return { seconds: Number(s[1]) * UNIT[s[2]], source: text };
  const i = ISO.exec(t);
  if (i && t !== 'P' && !t.endsWith('T')) {
    const [w, d, h, m, sec] = i.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    return { seconds: w * 604800 + d * 86400 + h * 3600 + m * 60 + sec, source: text };
  }
  return undefined;
}

/** Whole days, rounded up: what a day-granular store keeps at least. */
export function ceilDays(seconds: number): number {
  return Math.ceil(seconds / 86400);
}

/** Whole days, rounded down: what a day-granular store keeps at most (never longer than asked). */
export function floorDays(seconds: number): number {
  return Math.floor(seconds / 86400);
}

/** Human form used in messages, the plan and reports: `24h`, `30d`, `90m`; `unlimited` when there is no bound. */
export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'unlimited';
  if (seconds % 86400 === 0 && seconds >= 86400 * 2) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
