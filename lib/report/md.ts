/**
 * Escaping for the report's media, in one place: every value a report writer takes from a synthesis or a policy
 * (names, resources, patterns, reasons, messages) goes through one of these. A hand-edited output or a policy
 * string must not be able to change the comment around it: fake a heading or a verdict, notify people with an
 * @mention, load an image, fold the rest away in an unclosed <details>, close a code fence, or add a Mermaid
 * `click` directive; and nothing reaches a terminal raw.
 */

/** `s` with every control character (C0, DEL, C1) and bidirectional override replaced by a space. */
export function noControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out +=
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0x2028 ||
      c === 0x2029
        ? ' '
        : ch;
  }
  return out;
}

/** Prose: one line, at most `max` characters, with Markdown, HTML, pipes and mentions neutralised. */
export function text(s: string | undefined, max = 500): string {
  if (s === undefined) return '—';
  const one = noControls(s).replace(/\s+/g, ' ');
  const cut = one.length > max ? `${one.slice(0, max)}…` : one;
  return cut
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, "'")
    .replace(/@/g, '@\u200b')
    .replace(/([[\]*_~#])/g, '\\$1');
}

/** An identifier shown as code: one line, no backtick to close the span early, pipes escaped for tables. */
export function code(s: string, max = 200): string {
  if (s === '') return '—';
  const one = noControls(s).replace(/\s+/g, ' ');
  return `\`${(one.length > max ? `${one.slice(0, max)}…` : one).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/**
 * A Mermaid label inside double quotes: one line (a newline would start a directive such as `click`), no quote to
 * end it, no backtick run to close the fence, and no HTML (Mermaid renders labels as HTML).
 */
export function mermaidLabel(s: string, max = 300): string {
  const one = noControls(s).replace(/\s+/g, ' ');
  return (one.length > max ? `${one.slice(0, max)}…` : one)
    .replace(/"/g, "'")
    .replace(/`/g, "'")
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;');
}

/** At most this many characters in a pull-request comment: under GitHub's 65,536, with room for what CI adds. */
export const COMMENT_BUDGET = 60_000;

/**
 * The last resort for a comment over `budget`: whole lines up to it, the folded block it cut into closed (an unclosed
 * <details> would fold the rest of the page away), and `note` saying where the rest is.
 */
export function cutToBudget(md: string, budget: number, note: string): string {
  const tail = `\n\n${note}\n`;
  const kept: string[] = [];
  let size = tail.length + '\n\n</details>'.length;
  for (const l of md.split('\n')) {
    if (size + l.length + 1 > budget) break;
    kept.push(l);
    size += l.length + 1;
  }
  const open = kept.filter((l) => l.startsWith('<details>')).length - kept.filter((l) => l === '</details>').length;
  const fence = kept.filter((l) => l.startsWith('```')).length % 2 === 1 ? ['```'] : [];
  return [...kept, ...fence, ...(open > 0 ? ['', '</details>'] : [])].join('\n') + tail;
}
