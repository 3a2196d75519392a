/**
 * How a rule set becomes DLP transformations, decided once for every platform that de-identifies with a DLP
 * de-identify template (Dialogflow CX, CX Agent Studio): the first rule that names an infoType wins it, and every
 * detector no rule names takes the set's default. The adapters write what the plan says.
 */
import { CATALOG, Kind, KINDS } from './catalog';
import { MARKER_DETECTOR } from './detectors';
import type { DeidentifyMethod } from './schema';
import type { PlannedRuleSet } from './plan-base';

/** A group of DLP infoTypes and how they are de-identified. */
export interface PlannedDlpTransformation {
  readonly infoTypes: readonly string[];
  readonly method: Exclude<DeidentifyMethod, 'faker'>;
  /** Replacement text, for `text`. */
  readonly value?: string;
  /** Masking character, for `mask`. */
  readonly char?: string;
}

/** The infoTypes a rule target names: a kind's DLP infoTypes, the marker detector, or a custom detector's name. */
function infoTypesOf(target: string): string[] {
  if ((KINDS as readonly string[]).includes(target)) return [...CATALOG[target as Kind].dlp];
  return target === 'markers' ? [MARKER_DETECTOR] : [target];
}

/** `set` as DLP transformations over the agent's built-in infoTypes and pattern detectors. */
export function dlpTransformations(
  set: PlannedRuleSet,
  builtin: readonly string[],
  patterns: readonly string[],
): PlannedDlpTransformation[] {
  const covered = new Set<string>();
  const out: PlannedDlpTransformation[] = [];
  for (const rule of set.rules) {
    const infoTypes = rule.targets
      .flatMap(infoTypesOf)
      .filter((t) => !covered.has(t) && (builtin.includes(t) || patterns.includes(t)));
    if (infoTypes.length === 0) continue;
    infoTypes.forEach((t) => covered.add(t));
    out.push(transformation(infoTypes, rule.effectiveMethod, rule.value, rule.char));
  }
  const rest = [...builtin, ...patterns].filter((t) => !covered.has(t));
  if (rest.length > 0) out.push(transformation(rest, set.defaultMethod, undefined, set.defaultChar));
  return out;
}

function transformation(
  infoTypes: string[],
  method: DeidentifyMethod,
  value: string | undefined,
  char: string,
): PlannedDlpTransformation {
  // The platform module already turned faker into what DLP applies (effectiveMethod): it never reaches here.
  if (method === 'faker') throw new Error('internal: faker reached the DLP transformations; the plan maps it');
  return { infoTypes, method, ...(value !== undefined ? { value } : {}), ...(method === 'mask' ? { char } : {}) };
}
