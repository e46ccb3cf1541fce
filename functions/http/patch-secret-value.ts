import { expectedVersionFromIfMatch } from "../../shared/http/if-match.js";
import { patchSecretKeys } from "../../shared/http/patch-keys.js";
import { json } from "../../shared/http/responses.js";
import { assertNoRotationInProgress } from "../../shared/http/rotation-in-progress.js";
import { patchSecretValueBody } from "../../shared/http/schemas/patch-secret-value.js";
import { httpRoute } from "../../shared/http/stack.js";

/**
 * `PATCH /secrets/{id}/value`: the safe edit the seed's warning asks for. `{set, remove}` on a JSON-object
 * secret keeps every other key. 200 `{versionId, keys}`; with a stale `If-Match`, 412 and no new current;
 * while a rotation is in progress, 409 `RotationInProgress` with `Retry-After` and nothing stored.
 */
export const handler = httpRoute({
  service: "patch-secret-value",
  action: "write",
  body: patchSecretValueBody,
  handle: async ({ event, secretId, body, logger }) => {
    const expected = expectedVersionFromIfMatch(event.headers["if-match"]);
    await assertNoRotationInProgress(secretId);
    return json(200, await patchSecretKeys(secretId, body, expected, logger));
  },
});
