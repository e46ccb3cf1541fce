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
  /**
   * The authorizer gives up reading the token secret this long before the function's own deadline
   * (`context.getRemainingTimeInMillis()`), so a slow or unreachable Secrets Manager ends in our own,
   * logged "Authorizer unavailable" and not in a Lambda timeout. Default 1,000 ms.
   */
  deadlineMarginMs?: number;
  /** The time allowed to read the tokens when the context has no deadline (tests, scripts). Default 5,000 ms. */
  defaultDeadlineMs?: number;
}

/** API Gateway answers 401 for this exact error message (any other error is a 500). */
export const UNAUTHORIZED = "Unauthorized";

/** The message of the error thrown when the tokens cannot be read: API Gateway answers it 500. */
const AUTHORIZER_UNAVAILABLE = "Authorizer unavailable";

/**
 * The tokens could not be read (Secrets Manager failed, throttled, timed out, or the secret holds no
 * token), so no verdict on the presented token is possible. Its message is not "Unauthorized": API
 * Gateway answers it 500, an outage, never the 401 of a wrong token.
 */
export class AuthorizerUnavailableError extends Error {
  constructor() {
    super(AUTHORIZER_UNAVAILABLE);
    this.name = "AuthorizerUnavailableError";
  }
}

/** The token secret was read but holds no usable `{"token": "..."}`: a configuration fault, not the caller's. */
class TokenSecretUnusableError extends Error {
  constructor() {
    super("The token secret's AWSCURRENT value holds no token");
    this.name = "TokenSecretUnusableError";
  }
}

class TokenReadTimeoutError extends Error {
  constructor(ms: number) {
    super(`The token secret was not read within ${ms} ms`);
    this.name = "TokenReadTimeoutError";
  }
}

type AuthorizerContext = Context & { apiToken?: unknown };
type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
  context: Context,
) => Promise<APIGatewaySimpleAuthorizerResult>;
type AuthorizerMiddleware = middy.MiddlewareObj<
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  Error,
  AuthorizerContext
>;

/**
 * The HTTP API's Lambda REQUEST authorizer (payload 2.0, simple responses): `Authorization: Bearer <token>`
 * must equal, in constant time, the token secret's AWSCURRENT or AWSPENDING token. AWSCURRENT comes from
 * `@middy/secrets-manager`, AWSPENDING from a reader with the same cache lifetime; concurrent requests
 * share one read of each. A miss refreshes both once (rate-limited), so a token made current a moment ago
 * is not refused for a whole cache lifetime.
 *
 * Its answers, and API Gateway's status for each:
 * - the token is AWSCURRENT or AWSPENDING: `{isAuthorized: true}` (the route runs);
 * - no bearer token: throws "Unauthorized" (401) without reading Secrets Manager;
 * - a token that matches neither, the tokens read: throws "Unauthorized" (401, no detail);
 * - the tokens cannot be read (Secrets Manager fails or throttles, no answer before the deadline, or the
 *   secret holds no token): throws "Authorizer unavailable" (500), logged with the cause. A valid token is
 *   then not refused as wrong; an outage shows as an outage. (serverless-offline answers every authorizer
 *   error 401, this one included: the log line "authorizer failed" tells them apart there.)
 *
 * @example
 * export const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 30_000 });
 */
export function createTokenAuthorizer(options: TokenAuthorizerOptions): AuthorizerHandler {
  const logger = createLogger({ service: "authorizer" });
  const cacheKey = `api-token:${options.secretId}`;
  const minRefreshIntervalMs = options.minRefreshIntervalMs ?? 1_000;
  const deadlineMarginMs = options.deadlineMarginMs ?? 1_000;
  const defaultDeadlineMs = options.defaultDeadlineMs ?? 5_000;
  const currentToken = secretsManager({
    fetchData: { apiToken: options.secretId },
    cacheKey,
    // Kept until cleared below (-1), never refreshed by middy's own timer: a background refresh that fails
    // while no request waits on it is an unhandled rejection, which ends a Lambda runtime and, in-process,
    // serverless-offline itself. 0 (no cache) when cacheMs is 0.
    cacheExpiry: options.cacheMs > 0 ? -1 : 0,
    // Fetch on the first request, not at import: invoke-local and tests set the endpoint after import.
    disablePrefetch: true,
    setToContext: true,
  }) as AuthorizerMiddleware;
  const pendingToken = createPendingTokenReader(options.secretId, options.cacheMs);
  let currentExpiresAt = 0;
  let lastRefreshAt = 0;

  const refuseWithoutToken: AuthorizerMiddleware = {
    before: (request) => {
      if (bearerToken(request.event) === undefined) {
        logger.warn("request refused", {
          requestId: request.context.awsRequestId,
          route: request.event.routeKey,
          reason: "no bearer token",
        });
        throw new Error(UNAUTHORIZED);
      }
    },
  };
  // The cache lifetime of AWSCURRENT, kept here (see cacheExpiry above).
  const expireCurrentToken: AuthorizerMiddleware = {
    before: () => {
      if (options.cacheMs > 0 && Date.now() >= currentExpiresAt) {
        clearCache([cacheKey]);
        currentExpiresAt = Date.now() + options.cacheMs;
      }
    },
  };

  const isValid = async (presented: string, context: AuthorizerContext): Promise<boolean> => {
    const current = tokenFromSecretValue(context.apiToken);
    if (current === undefined) throw new TokenSecretUnusableError();
    return acceptsToken(presented, { current, pending: await pendingToken.read() });
  };

  const refresh = async (event: APIGatewayRequestAuthorizerEventV2, context: AuthorizerContext) => {
    lastRefreshAt = Date.now();
    clearCache([cacheKey]);
    currentExpiresAt = Date.now() + options.cacheMs;
    pendingToken.forget();
    await currentToken.before?.({ event, context, internal: {}, response: undefined, error: null } as never);
  };

  const authorize = middy<
    APIGatewayRequestAuthorizerEventV2,
    APIGatewaySimpleAuthorizerResult,
    Error,
    AuthorizerContext
  >()
    .use(refuseWithoutToken)
    .use(expireCurrentToken)
    .use(currentToken)
    .handler(async (event, context) => {
      const presented = bearerToken(event) ?? "";
      if (await isValid(presented, context)) return { isAuthorized: true };
      if (Date.now() - lastRefreshAt >= minRefreshIntervalMs) {
        await refresh(event, context);
        if (await isValid(presented, context)) return { isAuthorized: true };
      }
      logger.warn("request refused", {
        requestId: context.awsRequestId,
        route: event.routeKey,
        reason: "token not valid",
      });
      throw new Error(UNAUTHORIZED);
    });

  return async (event, context) => {
    const deadlineMs = readDeadlineMs(context, deadlineMarginMs, defaultDeadlineMs);
    try {
      return await withDeadline(authorize(event, context), deadlineMs);
    } catch (error) {
      if (error instanceof Error && error.message === UNAUTHORIZED) throw error;
      // Failing to read the token secret is ours to see, never the caller's: log redacted, answer opaquely.
      logger.error("authorizer failed", { requestId: context.awsRequestId, route: event.routeKey, error });
      throw new AuthorizerUnavailableError();
    }
  };
}

/** The time left to read the tokens: the function's remaining time less a margin to answer in. */
function readDeadlineMs(context: Context, marginMs: number, defaultMs: number): number {
  const remaining = context.getRemainingTimeInMillis?.();
  if (typeof remaining !== "number" || !Number.isFinite(remaining) || remaining <= 0) return defaultMs;
  return Math.max(remaining - marginMs, Math.floor(remaining / 2));
}

/** `work`, or a TokenReadTimeoutError after `ms`; `work` may settle later, unobserved but never unhandled. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TokenReadTimeoutError(ms)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
