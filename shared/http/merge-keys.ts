/**
 * The PATCH edit: `set` keys replace or add, `remove` keys go, every other key stays as it was. A new
 * object is returned; the input is untouched.
 *
 * @example
 * mergeKeys({ user: "a", password: "b" }, { set: { password: "c" } }) // { user: "a", password: "c" }
 */
export function mergeKeys(
  current: Record<string, unknown>,
  edit: { set?: Record<string, unknown>; remove?: string[] },
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const key of edit.remove ?? []) delete next[key];
  for (const [key, value] of Object.entries(edit.set ?? {})) next[key] = value;
  return next;
}
