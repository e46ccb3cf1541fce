import type { APIGatewayRequestAuthorizerEventV2, Context } from "aws-lambda";
import { apiTokenCacheMs, apiTokenSecretId } from "../../shared/access/config.js";
import { createTokenAuthorizer } from "../../shared/http/auth/token-authorizer.js";

let authorizer: ReturnType<typeof createTokenAuthorizer> | undefined;

/**
 * The Lambda REQUEST authorizer in front of every route: `Authorization: Bearer <client-id>.<random>`
 * against that client's secret (`API_CLIENTS_SECRET_PREFIX<client-id>`), or against the admin token
 * secret (`API_TOKEN_SECRET_ID`); hands the client's id and scopes to the route.
 *
 * Built on the first call, not at import: `serverless invoke local` and tests set the settings
 * (`API_TOKEN_SECRET_ID`, `API_CLIENTS_SECRET_PREFIX`, `API_TOKEN_CACHE_SECONDS`,
 * `API_TOKEN_GRACE_SECONDS`, `SECRETS_PREFIX`) after the module is loaded. Later changes are not seen.
 */
export function handler(event: APIGatewayRequestAuthorizerEventV2, context: Context) {
  authorizer ??= createTokenAuthorizer({ secretId: apiTokenSecretId(), cacheMs: apiTokenCacheMs() });
  return authorizer(event, context);
}
