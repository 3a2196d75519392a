import { dlpStrength } from '../../detection';
import type { DeidentifyRule, DetectionSettings } from '../../model';
import { arr, Json, obj, one } from './json';

/**
 * DLP's threshold, exclusions and caps from an inspect configuration, and per infoType the transformation the
 * de-identify configuration applies (the first that names it, as DLP does).
 */
export function dlpDetection(inspect: Json, deidentify: Json): DetectionSettings {
  const exclusions = arr(inspect.rule_set)
    .flatMap((rs) => arr(obj(rs).rules))
    .filter((x) => obj(x).exclusion_rule !== undefined).length;
  const limits = one(inspect.limits);
  const caps = [limits.max_findings_per_item, limits.max_findings_per_request].filter(
    (n): n is number => typeof n === 'number' && n > 0,
  );
  const rules: DeidentifyRule[] = [];
  const seen = new Set<string>();
  for (const t of arr(one(deidentify.info_type_transformations).transformations)) {
    const p = one(obj(t).primitive_transformation);
    const method = Object.keys(p).find((k) => p[k] !== undefined) ?? 'none';
    const mask = one(p.character_mask_config);
    const keeps = typeof mask.number_to_mask === 'number' && mask.number_to_mask > 0 ? 1 : 0;
    const strength = dlpStrength(method, keeps > 0 || mask.characters_to_ignore !== undefined) ?? 1;
    for (const it of arr(obj(t).info_types)) {
      const name = String(obj(it).name);
      if (seen.has(name)) continue;
      seen.add(name);
      rules.push({ subject: name, method, strength, keeps });
    }
  }
  return {
    threshold: typeof inspect.min_likelihood === 'string' ? inspect.min_likelihood : 'POSSIBLE',
    exclusions,
    ...(caps.length > 0 ? { findingsCap: Math.min(...caps) } : {}),
    rules,
  };
}
