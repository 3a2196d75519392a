/**
 * Policy strings are data, never Terraform expressions: Terraform evaluates `${…}` and `%{…}` inside JSON strings,
 * so a display name `${file("/etc/passwd")}` or a pattern `x${path.cwd}` would run. Every string of a plan is
 * escaped (`$${`, `%%{`) before it reaches a Terraform resource, and Terraform turns it back into the literal text.
 */

/** `text` with Terraform's interpolation and directive openers escaped. */
export function terraformLiteral(text: string): string {
  // A function replacement: in a replacement string, "$$" would stand for one "$".
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** A copy of `value` with every string in it escaped with `terraformLiteral`. */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === 'string') return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map((v) => terraformLiterals(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terraformLiterals(v)])) as T;
  }
  return value;
}
