import { assertStillCurrent, putIfCurrent } from "../../shared/http/conditional-put.js";
import { expectedVersionFromIfMatch } from "../../shared/http/if-match.js";
import { json } from "../../shared/http/responses.js";
import { assertNoRotationInProgress } from "../../shared/http/rotation-in-progress.js";
import { putSecretValueBody } from "../../shared/http/schemas/put-secret-value.js";
import { toSecretValue } from "../../shared/http/secret-value-input.js";
import { httpRoute } from "../../shared/http/stack.js";
import { putSecretValue } from "../../shared/secrets/values.js";

/**
 * `PUT /secrets/{id}/value`: replaces the whole value, as the seed's put does (every old key goes). With
 * `If-Match: <versionId>` the write happens only while that version is AWSCURRENT, else 412. While a
 * rotation is in progress: 409 `RotationInProgress` with `Retry-After`, nothing stored.
 */
export const handler = httpRoute({
  service: "put-secret-value",
  action: "write",
  body: putSecretValueBody,
  handle: async ({ event, secretId, body, logger }) => {
    const value = toSecretValue(body);
    const expected = expectedVersionFromIfMatch(event.headers["if-match"]);
    await assertNoRotationInProgress(secretId);
    if (expected === undefined) {
      const { versionId } = await putSecretValue(secretId, { value });
      return json(200, { versionId });
    }
    // Refuses a stale If-Match before anything is stored; putIfCurrent settles the races left.
    await assertStillCurrent(secretId, expected);
    const { versionId } = await putIfCurrent(secretId, expected, value, logger);
    return json(200, { versionId });
  },
});
