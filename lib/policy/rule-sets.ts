/** How a rule set applies to one target, decided once: the first rule that names it wins, else the set's default. */
import type { PlannedRule, PlannedRuleSet } from './plan-base';

export interface AppliedRule {
  /** What the platform really applies. */
  readonly method: PlannedRule['effectiveMethod'];
  /** Replacement text, for text. */
  readonly value?: string;
  /** Masking character, for mask. */
  readonly char: string;
  /** The rule that decided, or undefined for the set's default. */
  readonly rule?: PlannedRule;
}

/** The rule of `set` that applies to `target` (a kind, a custom detector, "markers"). */
export function ruleFor(set: PlannedRuleSet, target: string): AppliedRule {
  const rule = set.rules.find((r) => r.targets.includes(target));
  if (!rule) return { method: set.defaultMethod, char: set.defaultChar };
  return {
    method: rule.effectiveMethod,
    ...(rule.value !== undefined ? { value: rule.value } : {}),
    char: rule.char,
    rule,
  };
}
