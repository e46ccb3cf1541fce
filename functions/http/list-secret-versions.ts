import { json } from "../../shared/http/responses.js";
import { listVersionsQuery } from "../../shared/http/schemas/list-secret-versions.js";
import { secretIdFromPath } from "../../shared/http/scope.js";
import { httpRoute } from "../../shared/http/stack.js";
import { versionView } from "../../shared/http/views.js";
import { listSecretVersions } from "../../shared/secrets/metadata.js";

/** `GET /secrets/{id}/versions`: version ids, stages and dates, never values. */
export const handler = httpRoute({
  service: "list-secret-versions",
  query: listVersionsQuery,
  handle: async ({ event, query }) => {
    const page = await listSecretVersions(secretIdFromPath(event.pathParameters), query);
    return json(200, { versions: page.versions.map(versionView), nextToken: page.nextToken });
  },
});
