/**
 * Policy strings are data, never Terraform expressions: Terraform evaluates `${…}` and `%{…}` inside JSON strings,
 * so a display name `${file("/etc/passwd")}` or a pattern `x${path.cwd}` would run. Every string of a plan is
 * escaped (`$${`, `%%{`) before it reaches a Terraform resource, and Terraform turns it back into the literal text.
 */

/** `text` with Terraform's interpolation and directive openers escaped. */
export function terraformLiteral(text: string): string {
  // A function replacement: in a replacement string, "$$" would stand for one "$".
  if (!text.includes('{')) return text;
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * `value` with every string in it escaped with `terraformLiteral`: the same object where nothing needs escaping (the
 * usual case), else a copy of the parts that do.
 */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === 'string') return terraformLiteral(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const e = terraformLiterals(v);
      if (e !== v) (out ??= [...value])[i] = e;
    });
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const e = terraformLiterals(v);
      if (e !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = e;
    }
    return (out ?? value) as T;
  }
  return value;
}
