/**
 * The PATCH edit: `set` keys replace or add, `remove` keys go, every other key stays as it was. A new
 * object is returned; the input is untouched. Every key is an own data property, `__proto__` included
 * (an ordinary key in JSON), so the result round-trips through `JSON.stringify` and no prototype is set.
 *
 * @example
 * mergeKeys({ user: "a", password: "b" }, { set: { password: "c" } }) // { user: "a", password: "c" }
 */
export function mergeKeys(
  current: Record<string, unknown>,
  edit: { set?: Record<string, unknown>; remove?: string[] },
): Record<string, unknown> {
  // Spread copies own keys with define semantics, so a `__proto__` key of `current` stays a key.
  const next: Record<string, unknown> = { ...current };
  for (const key of edit.remove ?? []) delete next[key];
  for (const [key, value] of Object.entries(edit.set ?? {})) {
    // Not `next[key] = value`: for "__proto__" that would call the prototype setter and drop the key.
    Object.defineProperty(next, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return next;
}
