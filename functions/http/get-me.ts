import { formatScope } from "../../shared/access/scopes.js";
import { json } from "../../shared/http/responses.js";
import { httpRoute } from "../../shared/http/stack.js";

/**
 * `GET /me`: the calling client's id and scopes, as the authorizer proved them. Touches no secret, so
 * its role needs no Secrets Manager action.
 */
export const handler = httpRoute({
  service: "get-me",
  action: "none",
  handle: async ({ principal }) =>
    json(200, { clientId: principal.clientId, scopes: principal.scopes.map(formatScope) }),
});
