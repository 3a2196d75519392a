/**
 * Copy-safe recognition of convoguard's constructs, as aws-cdk's `isXxx` does: a `Symbol.for` key on each instance,
 * shared by every copy of the library a linked install loads (an `instanceof` would fail across copies).
 */
const key = (name: string) => Symbol.for(`convoguard.${name}`);

/** Marks `target` as a `name` construct. */
export function brand(target: object, name: string): void {
  Object.defineProperty(target, key(name), { value: true });
}

/** Whether `x` is a `name` construct of any loaded copy of convoguard. */
export function isBranded(x: unknown, name: string): boolean {
  return x !== null && typeof x === 'object' && (x as Record<symbol, unknown>)[key(name)] === true;
}
