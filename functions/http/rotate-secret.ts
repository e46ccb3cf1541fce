import { json } from "../../shared/http/responses.js";
import { rotateSecretBody } from "../../shared/http/schemas.js";
import { secretIdFromPath } from "../../shared/http/scope.js";
import { httpRoute } from "../../shared/http/stack.js";
import { rotateSecret } from "../../shared/secrets/rotation.js";

/**
 * `POST /secrets/{id}/rotate`: rotates now, or only sets the schedule with `rotateImmediately: false`.
 * 202 `{versionId}`: the rotation runs on in Secrets Manager after the answer.
 */
export const handler = httpRoute({
  service: "rotate-secret",
  body: rotateSecretBody,
  handle: async ({ event, body }) => {
    const { versionId } = await rotateSecret(secretIdFromPath(event.pathParameters), body);
    return json(202, { versionId });
  },
});
