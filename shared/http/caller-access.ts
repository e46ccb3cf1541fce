import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Action } from "../access/actions.js";
import { AUTHORIZER_OVERRIDE_HEADER, principalFromEvent } from "../access/authorizer-context.js";
import { isAllowed } from "../access/decisions.js";
import type { Principal } from "../access/principal.js";
import { secretsPrefix } from "./config.js";
import { ApiError, HttpErrorCodes } from "./errors.js";
import type { RouteContext } from "./request-logger.js";
import { secretIdFromPath } from "./scope.js";

/** Where a route's secret is named: the `{id}` path parameter, the body (checked by the stack), or none. */
export type SecretSource = "path" | "body" | "none";

/**
 * The caller's access, checked before the body is parsed or Secrets Manager is called, so a refusal
 * changes nothing and tells nothing about the secret:
 * - a request carrying `sls-offline-authorizer-override`: 403 `AuthorizerOverrideRefused`;
 * - no well-formed authorizer context (the route was reached without the authorizer): 401 `NotAuthenticated`;
 * - for a `{id}` route, the id outside `SECRETS_PREFIX`: 403 `OutsidePrefix`; outside the client's
 *   scopes for the route's action: 403 `ScopeDenied`.
 */
export function callerAccess(
  action: Action | undefined,
  source: SecretSource,
): (request: { event: APIGatewayProxyEventV2; context: unknown }) => void {
  return (request) => {
    const { event } = request;
    const state = (request.context as RouteContext).request;
    if (source === "path") state.secretId = event.pathParameters?.id;
    if (event.headers?.[AUTHORIZER_OVERRIDE_HEADER] !== undefined) {
      throw new ApiError(
        HttpErrorCodes.AuthorizerOverrideRefused,
        "This API does not take an authorizer override",
      );
    }
    // Read once: the environment is slow to read, and every request needs the prefix twice.
    const prefix = secretsPrefix();
    const principal = principalFromEvent(event, prefix);
    if (!principal) {
      throw new ApiError(HttpErrorCodes.NotAuthenticated, "The request did not come through the authorizer");
    }
    state.principal = principal;
    if (source === "path" && action) {
      const secretId = secretIdFromPath(event.pathParameters, prefix);
      state.secretId = secretId;
      assertAllowed(principal, action, secretId);
    }
  };
}

/**
 * Throws `ScopeDenied` (403), naming the action, unless `principal` may do `action` to `secretId`. Decided
 * on the name alone, before any call, so it never reveals whether the secret exists.
 *
 * @example
 * assertAllowed(principal, "write", body.name);
 */
export function assertAllowed(principal: Principal, action: Action, secretId: string): void {
  if (!isAllowed(principal, action, secretId)) {
    throw new ApiError(HttpErrorCodes.ScopeDenied, `This client has no ${action} scope for this name`);
  }
}
