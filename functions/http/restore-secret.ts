import { json } from "../../shared/http/responses.js";
import { secretIdFromPath } from "../../shared/http/scope.js";
import { httpRoute } from "../../shared/http/stack.js";
import { restoreSecret } from "../../shared/secrets/lifecycle.js";

/** `POST /secrets/{id}/restore`: cancels a scheduled deletion. 200 `{arn, name}`. */
export const handler = httpRoute({
  service: "restore-secret",
  handle: async ({ event }) => json(200, await restoreSecret(secretIdFromPath(event.pathParameters))),
});
