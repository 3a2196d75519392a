/**
 * What a policy string must not carry into an output: text the target reads as its own syntax rather than as the
 * text it is. One list, applied to every string of the policy with its path (checks.ts), so a new field is covered
 * the day it is added. The Terraform forms (`${…}`, `%{…}`) are not refused: lib/gcp/terraform-literal escapes
 * them, and the schema validator proves the output holds the literal text.
 */
import type { PathSegment } from './path';

export interface OutputSyntax {
  /** Which reader treats it as syntax. */
  readonly target: string;
  /** Whether a string at `path` reaches that reader; undefined: every string does. */
  readonly reaches?: (path: readonly PathSegment[], ctx: SyntaxContext) => boolean;
  readonly find: RegExp;
  /** Why it is refused, for the message. */
  readonly why: string;
}

export interface SyntaxContext {
  /** The platform of `agents[i]`, for the agent-scoped paths. */
  readonly platformOf: (index: number) => string | undefined;
  /** Whether any agent of the policy is on the platform. */
  readonly hasPlatform: (platform: string) => boolean;
}

/** Every C0 control but tab and newline, DEL, C1, and the bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Paths whose `${…}` is an environment reference Rasa is meant to expand (the README documents it). */
const RASA_ENV_FIELDS: ReadonlyArray<readonly PathSegment[]> = [['kafka', 'url']];

/** The strings endpoints.yml is written from: a Rasa agent's own fields, and what every agent shares. */
function reachesRasa(path: readonly PathSegment[], ctx: SyntaxContext): boolean {
  if (!ctx.hasPlatform('rasa')) return false;
  if (path[0] === 'agents') {
    if (typeof path[1] !== 'number' || ctx.platformOf(path[1]) !== 'rasa') return false;
    const rest = path.slice(2);
    return !RASA_ENV_FIELDS.some((f) => f.every((seg, i) => rest[i] === seg) && rest.length === f.length);
  }
  return path[0] === 'detection' || path[0] === 'deidentify' || path[0] === 'streams' || path[0] === 'name';
}

export const OUTPUT_SYNTAX: readonly OutputSyntax[] = [
  {
    target: 'CloudFormation',
    // {{resolve:ssm:…}}, {{resolve:secretsmanager:…}}: resolved at deploy time in any property of any resource.
    find: /\{\{\s*resolve\s*:/i,
    why: 'CloudFormation resolves a dynamic reference ({{resolve:…}}) at deploy time in any property, so a parameter or secret would be written where this text goes',
  },
  {
    target: 'Rasa',
    reaches: reachesRasa,
    find: /\$\{/,
    why: "Rasa expands ${…} in endpoints.yml from its environment when it reads the file, and has no escape for it: an environment variable's value (a secret) would be written where this text goes",
  },
  {
    target: 'every output',
    find: CONTROL,
    why: 'control and bidirectional-override characters reach terminals, reports and review comments, where they can erase or reorder what is shown',
  },
];

const CONTROLS = new RegExp(CONTROL.source, 'g');

/**
 * `text` with every control and bidirectional-override character written as `\u{…}`: for what reaches a terminal
 * (a problem's path and message quote the policy's keys and values), where an escape sequence could erase the
 * lines around it and an override reorder them.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** The refusals for one policy string, as messages. */
export function outputSyntaxProblems(value: string, path: readonly PathSegment[], ctx: SyntaxContext): string[] {
  const out: string[] = [];
  for (const s of OUTPUT_SYNTAX) {
    if (s.reaches && !s.reaches(path, ctx)) continue;
    const m = s.find.exec(value);
    if (!m) continue;
    const shown =
      m[0].length === 1 && CONTROL.test(m[0])
        ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
        : JSON.stringify(m[0]);
    out.push(`contains ${shown} at character ${m.index + 1}: ${s.why}. Expected plain text (${s.target})`);
  }
  return out;
}
