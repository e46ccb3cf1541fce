import { json } from "../../shared/http/responses.js";
import { httpRoute } from "../../shared/http/stack.js";
import { restoreSecret } from "../../shared/secrets/lifecycle.js";

/** `POST /secrets/{id}/restore`: cancels a scheduled deletion. 200 `{arn, name}`. */
export const handler = httpRoute({
  service: "restore-secret",
  action: "delete",
  handle: async ({ secretId }) => json(200, await restoreSecret(secretId)),
});
