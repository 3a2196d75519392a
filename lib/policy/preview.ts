/**
 * `convoguard preview`: what one agent's platform really does to sample text, before anything is deployed. The
 * pattern detectors that platform applies (custom patterns, SSML markers, fallback patterns for kinds it has no
 * detector for) run locally with RE2 (re2js), and each match is replaced the way the platform will: CloudWatch only
 * masks with "*", Google DLP has no faker, Rasa applies no custom pattern, Meya inspects no text. Built-in kinds
 * are only listed: the services' own detectors cannot be evaluated offline.
 */
import { CATALOG } from './catalog';
import { findAll } from './detectors';
import type { AgentPlan, PlannedDetector, PlannedRuleSet } from './plan-types';
import { MARKERS_KEYWORD } from './platforms/common';
import type { DeidentifyMethod, Platform } from './schema';

export interface PreviewMatch {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly detector: string;
  readonly text: string;
  readonly replacement: string;
}

export interface Preview {
  readonly agent: string;
  readonly platform: Platform;
  readonly matches: readonly PreviewMatch[];
  /** The text with every match replaced as the platform will (leftmost-longest, no overlaps). */
  readonly redacted: string;
  /** Kinds the service detects with its own detectors, which preview cannot evaluate offline. */
  readonly serviceDetected: readonly string[];
}

/** One line's matches and its redacted form. */
export interface LinePreview {
  readonly matches: readonly PreviewMatch[];
  readonly redacted: string;
}

/**
 * A function that previews one line at a time for `plan`, so a long transcript can be processed and printed line by
 * line. Detectors are compiled once (findAll caches them), whatever the number of lines.
 */
export function linePreviewer(plan: AgentPlan): (line: string, lineNumber: number) => LinePreview {
  const set = plan.deidentify.sets.find((s) => s.name === 'default');
  const detectors = set ? plan.detection.patterns : [];
  return (line, lineNumber) => {
    const matches: PreviewMatch[] = [];
    const found = detectors.flatMap((d) => findAll(d.pattern, line).map((m) => ({ ...m, d })));
    found.sort((x, y) => x.start - y.start || y.end - x.end);
    let out = '';
    let at = 0;
    for (const f of found) {
      const replacement = set ? replace(set, f.d, f.text) : f.text;
      matches.push({ line: lineNumber, start: f.start + 1, end: f.end, detector: f.d.name, text: f.text, replacement });
      if (f.start < at) continue;
      out += line.slice(at, f.start) + replacement;
      at = f.end;
    }
    return { matches, redacted: out + line.slice(at) };
  };
}

/** Kinds the service detects with its own detectors, which preview cannot evaluate offline. */
export function serviceDetectedOf(plan: AgentPlan): string[] {
  return plan.detection.kinds
    .filter((k) => k.detectors.length > 0)
    .map((k) => `${k.kind} (${CATALOG[k.kind].description}): ${k.detectors.join(', ')}`);
}

export function preview(plan: AgentPlan, text: string): Preview {
  const one = linePreviewer(plan);
  const matches: PreviewMatch[] = [];
  const redactedLines = text.split('\n').map((line, i) => {
    const r = one(line, i + 1);
    matches.push(...r.matches);
    return r.redacted;
  });
  return {
    agent: plan.name,
    platform: plan.platform,
    matches,
    redacted: redactedLines.join('\n'),
    serviceDetected: serviceDetectedOf(plan),
  };
}

/** The rule target a detector answers to: a custom name, "markers", or the kind a fallback pattern covers. */
function target(d: PlannedDetector): string {
  return d.origin === 'markers' ? MARKERS_KEYWORD : d.origin === 'fallback' && d.kind ? d.kind : d.name;
}

function replace(set: PlannedRuleSet, d: PlannedDetector, text: string): string {
  const rule = set.rules.find((r) => r.targets.includes(target(d)));
  const method: DeidentifyMethod = rule?.effectiveMethod ?? set.defaultMethod;
  switch (method) {
    case 'mask':
      return (rule?.char ?? set.defaultChar).repeat([...text].length);
    case 'text':
      return rule?.value ?? `<${d.name}>`;
    case 'kind-name':
      return `[${d.name}]`;
    case 'hash':
      return `[${d.name} token]`;
    case 'faker':
      return `[fake ${d.name}]`;
  }
}
