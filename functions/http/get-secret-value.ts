import { ApiError, HttpErrorCodes } from "../../shared/http/errors.js";
import { etagFor } from "../../shared/http/if-match.js";
import { json } from "../../shared/http/responses.js";
import { getSecretValueQuery } from "../../shared/http/schemas/get-secret-value.js";
import { httpRoute } from "../../shared/http/stack.js";
import { storedJsonObject } from "../../shared/http/stored-json.js";
import { valueView } from "../../shared/http/views.js";
import { getSecretValue } from "../../shared/secrets/values.js";

/**
 * `GET /secrets/{id}/value`: one version's value (AWSCURRENT unless `versionStage` or `versionId` says
 * otherwise); `key=K` answers only that key of a JSON secret. The ETag is the version id, for If-Match.
 */
export const handler = httpRoute({
  service: "get-secret-value",
  action: "read",
  query: getSecretValueQuery,
  handle: async ({ secretId, query }) => {
    const version = await getSecretValue(secretId, {
      versionStage: query.versionStage,
      versionId: query.versionId,
    });
    const headers = { ETag: etagFor(version.versionId) };
    if (query.key === undefined) return json(200, valueView(version), headers);
    const keys = storedJsonObject(version.value);
    if (!Object.hasOwn(keys, query.key)) {
      throw new ApiError(HttpErrorCodes.KeyNotFound, "The secret has no such key");
    }
    const { value: _whole, ...base } = valueView(version) as { value?: unknown };
    return json(200, { ...base, key: query.key, value: keys[query.key] }, headers);
  },
});
