import type { APIGatewayRequestAuthorizerEventV2, Context } from "aws-lambda";
import { createTokenAuthorizer } from "../../shared/http/auth/token-authorizer.js";
import { apiTokenCacheMs, apiTokenSecretId } from "../../shared/http/config.js";

let authorizer: ReturnType<typeof createTokenAuthorizer> | undefined;

/**
 * The Lambda REQUEST authorizer in front of every route: `Authorization: Bearer <token>` against the
 * token secret (`API_TOKEN_SECRET_ID`), AWSCURRENT or, during its rotation, AWSPENDING.
 *
 * Built on the first call, not at import: `serverless invoke local` and tests set `API_TOKEN_SECRET_ID`
 * and `API_TOKEN_CACHE_SECONDS` after the module is loaded. Later changes to them are not seen.
 */
export function handler(event: APIGatewayRequestAuthorizerEventV2, context: Context) {
  authorizer ??= createTokenAuthorizer({ secretId: apiTokenSecretId(), cacheMs: apiTokenCacheMs() });
  return authorizer(event, context);
}
