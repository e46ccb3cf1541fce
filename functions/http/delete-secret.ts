import { json } from "../../shared/http/responses.js";
import { deleteSecretQuery } from "../../shared/http/schemas/delete-secret.js";
import { httpRoute } from "../../shared/http/stack.js";
import { deleteSecret } from "../../shared/secrets/lifecycle.js";

/** `DELETE /secrets/{id}`: after `recoveryWindowInDays` (7-30, default 30), or at once with `force=true`. */
export const handler = httpRoute({
  service: "delete-secret",
  action: "delete",
  query: deleteSecretQuery,
  handle: async ({ secretId, query }) => {
    const deleted = await deleteSecret(
      secretId,
      query.force ? { force: true } : { recoveryWindowInDays: query.recoveryWindowInDays ?? 30 },
    );
    return json(200, { arn: deleted.arn, name: deleted.name, deletionDate: deleted.deletionDate });
  },
});
