import { createTokenAuthorizer } from "../../shared/http/auth/token-authorizer.js";
import { apiTokenCacheMs, apiTokenSecretId } from "../../shared/http/config.js";

/**
 * The Lambda REQUEST authorizer in front of every route: `Authorization: Bearer <token>` against the
 * token secret (`API_TOKEN_SECRET_ID`), AWSCURRENT or, during its rotation, AWSPENDING.
 */
export const handler = createTokenAuthorizer({ secretId: apiTokenSecretId(), cacheMs: apiTokenCacheMs() });
