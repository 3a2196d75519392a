/**
 * How strongly a de-identification removes a value, in one place for the report's readers and the gate: 3 the value
 * is gone (redacted, replaced, masked whole), 2 part of it stays or it links records (a partial mask, a hash), 1 it
 * can be reversed or read approximately (format-preserving or deterministic encryption, bucketing, date shifts).
 */
export type Strength = 1 | 2 | 3;

/** DLP primitive transformations (the de-identify template's), by strength. */
const DLP: Readonly<Record<string, Strength>> = {
  replace_config: 3,
  replace_with_info_type_config: 3,
  redact_config: 3,
  replace_dictionary_config: 3,
  character_mask_config: 3,
  crypto_hash_config: 2,
  crypto_deterministic_config: 1,
  crypto_replace_ffx_fpe_config: 1,
  bucketing_config: 1,
  fixed_size_bucketing_config: 1,
  date_shift_config: 1,
  time_part_config: 1,
};

/** The strength of a DLP transformation (`partial`: a mask that keeps characters), or undefined for one not known. */
export function dlpStrength(method: string, partial: boolean): Strength | undefined {
  const s = DLP[method];
  return s === 3 && partial ? 2 : s;
}

/** Rasa's substitutions (3.6–3.12) and anonymization types (3.13) all remove the value; a kept part is counted apart. */
export function rasaStrength(method: string, kept: number): Strength | undefined {
  if (!['mask', 'faker', 'text', 'redact'].includes(method)) return undefined;
  return kept > 0 ? 2 : 3;
}
