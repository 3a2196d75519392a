/**
 * `convoguard preview`: what the policy's own pattern detectors do to sample text, before anything is deployed.
 * Custom patterns and SSML markers run locally with RE2 (re2js), the semantics Google DLP uses; built-in kinds are
 * only listed, because the services' detectors cannot be evaluated offline.
 */
import { CATALOG } from './catalog';
import { findAll, MARKER_DETECTOR, markerPattern } from './detectors';
import type { Policy } from './schema';

export interface PreviewMatch {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly detector: string;
  readonly text: string;
  readonly replacement: string;
}

export interface Preview {
  readonly matches: readonly PreviewMatch[];
  /** The text with every match replaced by the default rule set's method (leftmost-longest, no overlaps). */
  readonly redacted: string;
  /** Kinds the services detect, which preview cannot evaluate offline. */
  readonly serviceDetected: readonly string[];
}

export function preview(policy: Policy, text: string): Preview {
  const detectors: Array<{ name: string; pattern: string; kind: string }> = policy.detection.custom.map((c) => ({ name: c.name, pattern: c.pattern, kind: c.name }));
  if (policy.detection.markers !== false) detectors.push({ name: MARKER_DETECTOR, pattern: markerPattern(policy.detection.markers.start, policy.detection.markers.end), kind: 'markers' });
  const matches: PreviewMatch[] = [];
  const lines = text.split('\n');
  const redactedLines = lines.map((line, i) => {
    const found = detectors.flatMap((d) => findAll(d.pattern, line).map((m) => ({ ...m, d })));
    found.sort((x, y) => x.start - y.start || y.end - x.end);
    let out = '';
    let at = 0;
    for (const f of found) {
      const replacement = replace(policy, f.d.kind, f.d.name, f.text);
      matches.push({ line: i + 1, start: f.start + 1, end: f.end, detector: f.d.name, text: f.text, replacement });
      if (f.start < at) continue;
      out += line.slice(at, f.start) + replacement;
      at = f.end;
    }
    return out + line.slice(at);
  });
  const kinds = policy.detection.kinds.map((k) => `${k} (${CATALOG[k].description})`);
  return { matches, redacted: redactedLines.join('\n'), serviceDetected: kinds };
}

function replace(policy: Policy, kind: string, name: string, text: string): string {
  const rule = policy.deidentify.rules.find((r) => r.kinds.includes(kind));
  const method = rule?.method ?? policy.deidentify.default;
  switch (method) {
    case 'mask':
      return (rule?.char ?? '*').repeat([...text].length);
    case 'text':
      return rule!.value!;
    case 'kind-name':
      return `[${name}]`;
    case 'hash':
      return `[${name} token]`;
    case 'faker':
      return `[fake ${name}]`;
  }
}
