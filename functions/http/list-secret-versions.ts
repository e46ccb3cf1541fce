import { json } from "../../shared/http/responses.js";
import { listVersionsQuery } from "../../shared/http/schemas/list-secret-versions.js";
import { httpRoute } from "../../shared/http/stack.js";
import { versionView } from "../../shared/http/views.js";
import { listSecretVersions } from "../../shared/secrets/metadata.js";

/** `GET /secrets/{id}/versions`: version ids, stages and dates, never values. */
export const handler = httpRoute({
  service: "list-secret-versions",
  action: "read",
  query: listVersionsQuery,
  handle: async ({ secretId, query }) => {
    const page = await listSecretVersions(secretId, query);
    return json(200, { versions: page.versions.map(versionView), nextToken: page.nextToken });
  },
});
