/**
 * The console's pages as URL fragments: `#/` (the list) and `#/secret/<name>`. A fragment is never sent
 * to a server, and it names a secret, never a value or a token.
 */

export type Route = { page: "list" } | { page: "secret"; name: string };

/**
 * The page a fragment names; anything unknown is the list.
 *
 * @example
 * parseRoute("#/secret/app%2Fdb") // { page: "secret", name: "app/db" }
 */
export function parseRoute(hash: string): Route {
  const match = /^#\/secret\/(.+)$/.exec(hash);
  if (!match?.[1]) return { page: "list" };
  try {
    return { page: "secret", name: decodeURIComponent(match[1]) };
  } catch {
    return { page: "list" };
  }
}

/** The fragment of a secret's page. */
export function secretHref(name: string): string {
  return `#/secret/${encodeURIComponent(name)}`;
}

/** The list's fragment. */
export const LIST_HREF = "#/";
