import middy from "@middy/core";
import secretsManager from "@middy/secrets-manager";
import { clearCache } from "@middy/util";
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  Context,
} from "aws-lambda";
import { createLogger } from "../../observability/logger.js";
import { acceptsToken, tokenFromSecretValue } from "./api-token.js";
import { bearerToken } from "./bearer.js";
import { createPendingTokenReader } from "./pending-token.js";

export interface TokenAuthorizerOptions {
  /** The secret holding `{"token": "..."}`. */
  secretId: string;
  /** How long fetched tokens are trusted. */
  cacheMs: number;
  /** After a miss the tokens are fetched again, at most this often (bounds calls made by bad tokens). */
  minRefreshIntervalMs?: number;
}

/** API Gateway answers 401 for this exact error message (any other error is a 500). */
export const UNAUTHORIZED = "Unauthorized";

type AuthorizerContext = Context & { apiToken?: unknown };
type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
  context: Context,
) => Promise<APIGatewaySimpleAuthorizerResult>;

/**
 * The HTTP API's Lambda REQUEST authorizer (payload 2.0, simple responses): `Authorization: Bearer <token>`
 * must equal, in constant time, the token secret's AWSCURRENT or AWSPENDING token. AWSCURRENT comes from
 * `@middy/secrets-manager` (cached), AWSPENDING from a reader with the same cache lifetime. A miss
 * refreshes both once (rate-limited), so a token made current a moment ago is not refused for a whole
 * cache lifetime. A missing or wrong token throws "Unauthorized" (401, no detail).
 *
 * @example
 * export const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 30_000 });
 */
export function createTokenAuthorizer(options: TokenAuthorizerOptions): AuthorizerHandler {
  const logger = createLogger({ service: "authorizer" });
  const cacheKey = `api-token:${options.secretId}`;
  const minRefreshIntervalMs = options.minRefreshIntervalMs ?? 1_000;
  const currentToken = secretsManager({
    fetchData: { apiToken: options.secretId },
    cacheKey,
    cacheExpiry: options.cacheMs,
    // Fetch on the first request, not at import: invoke-local and tests set the endpoint after import.
    disablePrefetch: true,
    setToContext: true,
  });
  const pendingToken = createPendingTokenReader(options.secretId, options.cacheMs);
  let lastRefreshAt = 0;

  const isValid = async (presented: string, context: AuthorizerContext): Promise<boolean> =>
    acceptsToken(presented, {
      current: tokenFromSecretValue(context.apiToken),
      pending: await pendingToken.read(),
    });

  const refresh = async (event: APIGatewayRequestAuthorizerEventV2, context: AuthorizerContext) => {
    lastRefreshAt = Date.now();
    clearCache([cacheKey]);
    pendingToken.forget();
    await currentToken.before?.({ event, context, internal: {}, response: undefined, error: null } as never);
  };

  return middy<
    APIGatewayRequestAuthorizerEventV2,
    APIGatewaySimpleAuthorizerResult,
    Error,
    AuthorizerContext
  >()
    .use(
      currentToken as middy.MiddlewareObj<
        APIGatewayRequestAuthorizerEventV2,
        APIGatewaySimpleAuthorizerResult,
        Error,
        AuthorizerContext
      >,
    )
    .use({
      onError: (request) => {
        if (request.error?.message === UNAUTHORIZED) return;
        // Failing to read the token secret is ours to see, never the caller's: log redacted, answer opaquely.
        logger.error("authorizer failed", { requestId: request.context.awsRequestId, error: request.error });
        request.error = new Error("Authorizer unavailable");
      },
    })
    .handler(async (event, context) => {
      const log = logger.child({ requestId: context.awsRequestId, route: event.routeKey });
      const presented = bearerToken(event);
      if (presented !== undefined) {
        if (await isValid(presented, context)) return { isAuthorized: true };
        if (Date.now() - lastRefreshAt >= minRefreshIntervalMs) {
          await refresh(event, context);
          if (await isValid(presented, context)) return { isAuthorized: true };
        }
      }
      log.warn("request refused", {
        reason: presented === undefined ? "no bearer token" : "token not valid",
      });
      throw new Error(UNAUTHORIZED);
    });
}
