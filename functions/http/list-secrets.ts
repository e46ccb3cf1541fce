import { isAllowed, mayListUnder, prefixesFor } from "../../shared/access/decisions.js";
import { assertAllowed } from "../../shared/http/caller-access.js";
import { secretsPrefix } from "../../shared/http/config.js";
import { json } from "../../shared/http/responses.js";
import { listSecretsQuery } from "../../shared/http/schemas/list-secrets.js";
import { assertInScope } from "../../shared/http/scope.js";
import { httpRoute } from "../../shared/http/stack.js";
import { secretMetadataView } from "../../shared/http/views.js";
import { listSecrets } from "../../shared/secrets/metadata.js";

/**
 * `GET /secrets`: one page of metadata, never values, holding only names the client may read. The name
 * filter is `namePrefix` when given, else the longest prefix shared by the client's read scopes; AWS's
 * name filter ignores case, so every entry is checked again here, case-sensitively. A client with no read
 * scope under the filter gets 403 `ScopeDenied`. A page may hold fewer entries than asked (others were
 * not the client's); `nextToken` still leads on.
 */
export const handler = httpRoute({
  service: "list-secrets",
  action: "read",
  secretIn: "none",
  query: listSecretsQuery,
  handle: async ({ query, principal }) => {
    if (query.namePrefix !== undefined) assertInScope(query.namePrefix);
    const filter = query.namePrefix ?? commonPrefix(prefixesFor(principal, "read"));
    if (!mayListUnder(principal, filter)) assertAllowed(principal, "read", filter);
    const page = await listSecrets({ ...query, namePrefix: filter || undefined });
    const prefix = secretsPrefix();
    const secrets = page.secrets.filter((entry) => {
      const name = entry.Name ?? "";
      return name.startsWith(prefix) && isAllowed(principal, "read", name);
    });
    return json(200, { secrets: secrets.map(secretMetadataView), nextToken: page.nextToken });
  },
});

/** The longest start all of `prefixes` share ("" for none). */
function commonPrefix(prefixes: string[]): string {
  const [first = "", ...rest] = prefixes;
  let length = first.length;
  for (const prefix of rest) {
    let same = 0;
    while (same < length && same < prefix.length && prefix[same] === first[same]) same += 1;
    length = same;
  }
  return first.slice(0, length);
}
