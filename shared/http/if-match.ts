import { invalidInput } from "./errors.js";

/** Secrets Manager version ids: 32-64 characters (UUIDs in practice). */
const VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;

/**
 * The version id an `If-Match` header names, without ETag quotes or a weak `W/` mark; undefined when
 * the header is absent or `*` (any current version). Throws `InvalidInput` for anything else.
 *
 * @example
 * expectedVersionFromIfMatch('"3f0c...-..."') // "3f0c...-..."
 */
export function expectedVersionFromIfMatch(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (trimmed === "" || trimmed === "*") return undefined;
  const unquoted = trimmed.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  if (!VERSION_ID.test(unquoted)) throw invalidInput("If-Match must be one version id");
  return unquoted;
}

/** The ETag header value for a version id. */
export function etagFor(versionId: string): string {
  return `"${versionId}"`;
}
