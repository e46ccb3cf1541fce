import { secretsPrefix } from "../../shared/http/config.js";
import { json } from "../../shared/http/responses.js";
import { listSecretsQuery } from "../../shared/http/schemas/list-secrets.js";
import { assertInScope } from "../../shared/http/scope.js";
import { httpRoute } from "../../shared/http/stack.js";
import { secretMetadataView } from "../../shared/http/views.js";
import { listSecrets } from "../../shared/secrets/metadata.js";

/**
 * `GET /secrets`: one page of metadata, never values. The name filter is the prefix unless a narrower one
 * is given; AWS's name filter ignores case, so entries outside the prefix are dropped here as well.
 */
export const handler = httpRoute({
  service: "list-secrets",
  query: listSecretsQuery,
  handle: async ({ query }) => {
    const prefix = secretsPrefix();
    if (query.namePrefix !== undefined) assertInScope(query.namePrefix);
    const page = await listSecrets({ ...query, namePrefix: query.namePrefix ?? (prefix || undefined) });
    const secrets = page.secrets.filter((entry) => (entry.Name ?? "").startsWith(prefix));
    return json(200, { secrets: secrets.map(secretMetadataView), nextToken: page.nextToken });
  },
});
