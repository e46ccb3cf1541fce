/**
 * What the console knows of a secret's value before anything is revealed: which keys it has (a JSON
 * object), or that it is one text or binary value, and the version that was read. The API has no call
 * that answers keys without values, so the console reads the value once and keeps only this: the values
 * are dropped here, never stored in state and never put in the page.
 */

export type ValueShape =
  | { kind: "keys"; keys: string[]; versionId: string }
  | { kind: "text"; versionId: string }
  | { kind: "binary"; versionId: string };

/**
 * The shape of a `GET /secrets/{id}/value` answer, without its values.
 *
 * @example
 * valueShapeOf({ versionId: "v1", value: { username: "u", password: "p" } })
 * // { kind: "keys", keys: ["password", "username"], versionId: "v1" }
 */
export function valueShapeOf(answer: {
  versionId?: string;
  value?: unknown;
  secretBinary?: string;
}): ValueShape {
  const versionId = answer.versionId ?? "";
  if (answer.secretBinary !== undefined) return { kind: "binary", versionId };
  const { value } = answer;
  if (typeof value === "object" && value !== null && !Array.isArray(value))
    return { kind: "keys", keys: Object.keys(value).sort(), versionId };
  return { kind: "text", versionId };
}

/** One revealed value as text: a string as it is, anything else (a number, an object) as JSON. */
export function revealedText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
