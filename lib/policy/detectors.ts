/**
 * Pattern detectors: the policy's custom regexes, the SSML marker detector, and the catalog's fallback patterns
 * for kinds a platform cannot detect natively. All are RE2 (Google DLP's syntax); `re2js` compiles them here,
 * so a pattern that DLP would reject fails validation, and the same engine powers `convoguard preview`.
 */
import { RE2JS } from 're2js';

/** Name of the DLP custom infoType / CloudWatch custom identifier for SSML markers. */
export const MARKER_DETECTOR = 'SSML_REDACTION_MARKERS';

export interface PatternDetector {
  readonly name: string;
  /** RE2 pattern as the policy wrote it or the library built it. */
  readonly pattern: string;
  readonly origin: 'custom' | 'markers' | 'fallback';
  /** For fallbacks, the kind covered. */
  readonly kind?: string;
}

/** Compiles with RE2; returns the error text, or undefined when the pattern is valid. */
export function re2Error(pattern: string): string | undefined {
  // The same patterns are checked once per agent (schema, inspect templates): each is compiled once.
  if (re2Errors.has(pattern)) return re2Errors.get(pattern);
  let error: string | undefined;
  try {
    RE2JS.compile(pattern);
  } catch (e) {
    error = (e as Error).message.replace(/^error parsing regexp: /, '');
  }
  if (re2Errors.size >= 500) re2Errors.clear(); // bounded: a policy has far fewer patterns
  re2Errors.set(pattern, error);
  return error;
}
const re2Errors = new Map<string, string | undefined>();

/** Compiled patterns, so a pattern checked against a thousand examples or transcript lines is compiled once. */
const compiled = new Map<string, RE2JS>();
function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    if (compiled.size >= 500) compiled.clear(); // bounded: a policy has far fewer patterns
    re = RE2JS.compile(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

/** True when the pattern matches the empty string (it would flag every position of every text). */
/**
 * The size of a pattern's compiled RE2 program (instructions): what one character of text costs it at most. From
 * re2js's compiled program (pinned); its source length × 4 if that is ever not there.
 */
export function programSize(pattern: string): number {
  const re = compile(pattern) as unknown as { re2Input?: { prog?: { inst?: unknown[] } } };
  return re.re2Input?.prog?.inst?.length ?? pattern.length * 4;
}

export function matchesEmpty(pattern: string): boolean {
  return compile(pattern).matcher('').find();
}

export interface Match {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Every non-overlapping match of an RE2 pattern in `text`, left to right. */
export function findAll(pattern: string, text: string): Match[] {
  const m = compile(pattern).matcher(text);
  const out: Match[] = [];
  while (m.find()) {
    if (m.end() === m.start()) continue;
    out.push({ start: m.start(), end: m.end(), text: m.group() ?? '' });
  }
  return out;
}

/**
 * The marker detector: the shortest text from a start marker to the next end marker. Non-greedy, so two marked
 * spans on one line stay two findings and the text between them is kept (the widely copied
 * `<mark name="redact-start"/>.*<mark name="redact-end"/>` swallows it).
 */
/**
 * The literal text a pattern starts and ends with (`<<` and `>>` in `<<.*>>`, `\[\[` read as `[[`), when it has
 * both and no top-level alternation: a pattern that brackets a value between two literals, like the redaction
 * markers, which the greedy-span check tries on two bracketed spans whatever `markers:` says.
 */
export function literalBrackets(source: string): { start: string; end: string } | undefined {
  // Anchors at either end do not change what lies between the brackets.
  const pattern = source.replace(/^\^/, '').replace(/(^|[^\\])\$$/, '$1');
  // Tokens: a literal character (plain, or an escaped punctuation mark), or anything else (classes, groups, …).
  type Tok = { lit?: string; quant?: boolean; alt?: boolean };
  const toks: Tok[] = [];
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1];
      i++;
      toks.push(n !== undefined && /[^A-Za-z0-9]/.test(n) ? { lit: n } : {});
    } else if (c === '[') {
      // A class: skip to its closing bracket (a leading ] or an escaped one is part of it).
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      toks.push({});
    } else if (c === '(') {
      depth++;
      toks.push({});
    } else if (c === ')') {
      depth--;
      toks.push({});
    } else if (c === '|') {
      toks.push({ alt: depth === 0 });
    } else if ('*+?{'.includes(c)) {
      toks.push({ quant: true });
      if (c === '{') while (i < pattern.length && pattern[i] !== '}') i++;
    } else if (c === '^' || c === '$' || c === '.') {
      toks.push({});
    } else toks.push({ lit: c });
  }
  if (toks.some((t) => t.alt)) return undefined;
  const fixed = (i: number) => toks[i].lit !== undefined && !toks[i + 1]?.quant;
  let a = 0;
  while (a < toks.length && fixed(a)) a++;
  let b = toks.length;
  while (b > a && fixed(b - 1)) b--;
  const start = toks
    .slice(0, a)
    .map((t) => t.lit)
    .join('');
  const end = toks
    .slice(b)
    .map((t) => t.lit)
    .join('');
  return start && end && b > a ? { start, end } : undefined;
}

export function markerPattern(start: string, end: string): string {
  return `${RE2JS.quote(start)}.*?${RE2JS.quote(end)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// CloudWatch Logs custom data identifiers (documented limits).

export const CWL_MAX_CUSTOM_IDENTIFIERS = 10;
export const CWL_MAX_REGEX_LENGTH = 200;
/** Characters CloudWatch Logs accepts in a custom identifier regex. */
const CWL_ALLOWED = /[a-zA-Z0-9_#=@/;,\- ^$?[\]{}|\\*+.]/;
const CWL_SPECIAL = /[\^$?[\]{}|\\*+.]/;

/** Why `pattern` cannot be a CloudWatch Logs custom identifier, or undefined when it can. */
export function cloudWatchRegexError(pattern: string): string | undefined {
  if (pattern.length > CWL_MAX_REGEX_LENGTH) {
    return `is ${pattern.length} characters; CloudWatch Logs custom identifiers allow ${CWL_MAX_REGEX_LENGTH}`;
  }
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (!CWL_ALLOWED.test(ch)) {
      const why = ch === '(' || ch === ')' ? ' (groups are not supported)' : '';
      return `has ${JSON.stringify(ch)} at position ${i + 1}, which CloudWatch Logs custom identifiers do not accept${why}; allowed: letters, digits, _ # = @ / ; , - space and ^ $ ? [ ] { } | \\ * + .`;
    }
  }
  return undefined;
}

/** Characters JSON writes as two (`\"`, `\\`): Lex text logs are JSON, so a pattern must allow for the escape. */
const JSON_ESCAPED = /["\\]/;

/**
 * A literal as a CloudWatch-safe regex that matches it inside a JSON log record: regex characters escaped,
 * characters JSON escapes (`"`, `\`) replaced by `.{1,2}` (the raw character or its `\"` form), and other
 * characters CloudWatch refuses (`<`, `>`, `:`, …) by `.`, which matches them (and, harmlessly for redaction, any
 * other character).
 */
export function cloudWatchLiteral(text: string): string {
  let out = '';
  for (const ch of text) {
    if (JSON_ESCAPED.test(ch)) out += '.{1,2}';
    else if (CWL_SPECIAL.test(ch)) out += `\\${ch}`;
    else if (CWL_ALLOWED.test(ch)) out += ch;
    else out += '.';
  }
  return out;
}

/** The marker detector in CloudWatch's character set. */
export function cloudWatchMarkerPattern(start: string, end: string): string {
  return `${cloudWatchLiteral(start)}.*?${cloudWatchLiteral(end)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Macie custom data identifiers (documented limits).

export const MACIE_MAX_REGEX_LENGTH = 512;

/** Why `pattern` cannot be a Macie custom data identifier regex, or undefined. */
export function macieRegexError(pattern: string): string | undefined {
  if (pattern.length > MACIE_MAX_REGEX_LENGTH)
    return `is ${pattern.length} characters; Macie allows ${MACIE_MAX_REGEX_LENGTH}`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'uses a backreference, which Macie does not support';
  if (/\(\?[=!<]/.test(pattern)) return 'uses lookaround, which Macie does not support';
  if (/\((?!\?:)/.test(pattern.replace(/\\\(/g, '')))
    return 'has a capturing group, which Macie does not support (use (?:...))';
  return undefined;
}
