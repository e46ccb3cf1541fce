import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  Context,
} from "aws-lambda";
import { writeAuditRecord } from "../../access/audit-record.js";
import { type Authentication, createAuthenticator, RefusalCodes } from "../../access/authenticate.js";
import {
  AUTHORIZER_OVERRIDE_HEADER,
  type AuthorizerContext,
  toAuthorizerContext,
} from "../../access/authorizer-context.js";
import { UnusableClientRecordError } from "../../access/client-record.js";
import { apiClientsSecretPrefix, apiTokenGraceMs } from "../../access/config.js";
import { createLogger } from "../../observability/logger.js";
import { secretsPrefix } from "../config.js";
import { bearerToken } from "./bearer.js";

export interface TokenAuthorizerOptions {
  /** The admin client's secret, `{"token": "..."}`. */
  secretId: string;
  /** How long what was read of a client's secret is trusted. */
  cacheMs: number;
  /** How long AWSPREVIOUS's token works after a scheduled rotation (default `API_TOKEN_GRACE_SECONDS`). */
  graceMs?: number;
  /** Where clients' secrets live (default `API_CLIENTS_SECRET_PREFIX`). */
  clientsPrefix?: string;
  /** The API's prefix, inside which every scope lies (default `SECRETS_PREFIX`). */
  secretsPrefix?: string;
  /** After a token that did not match, a client is read again at most this often (default 1,000 ms). */
  minRefreshIntervalMs?: number;
  /**
   * The authorizer gives up reading a client's secret this long before the function's own deadline
   * (`context.getRemainingTimeInMillis()`), so a slow or unreachable Secrets Manager ends in our own,
   * logged "Authorizer unavailable" and not in a Lambda timeout. Default 1,000 ms.
   */
  deadlineMarginMs?: number;
  /** The time allowed to read when the context has no deadline (tests, scripts). Default 5,000 ms. */
  defaultDeadlineMs?: number;
}

/** API Gateway answers 401 for this exact error message (any other error is a 500). */
export const UNAUTHORIZED = "Unauthorized";

/** The message of the error thrown when no verdict is possible: API Gateway answers it 500. */
const AUTHORIZER_UNAVAILABLE = "Authorizer unavailable";

/**
 * The client's secret could not be read (Secrets Manager failed, throttled, timed out) or holds no
 * usable record, so no verdict on the presented token is possible. Its message is not "Unauthorized":
 * API Gateway answers it 500, an outage, never the 401 of a wrong token.
 */
export class AuthorizerUnavailableError extends Error {
  constructor() {
    super(AUTHORIZER_UNAVAILABLE);
    this.name = "AuthorizerUnavailableError";
  }
}

class TokenReadTimeoutError extends Error {
  constructor(ms: number) {
    super(`The client's secret was not read within ${ms} ms`);
    this.name = "TokenReadTimeoutError";
  }
}

type AuthorizerResult = APIGatewaySimpleAuthorizerResult & { context?: AuthorizerContext };
type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
  context: Context,
) => Promise<AuthorizerResult>;

/**
 * The HTTP API's Lambda REQUEST authorizer (payload 2.0, simple responses, no identity source: it runs
 * for every request, with a header or without). `Authorization: Bearer <client-id>.<random>` is checked
 * against that client's secret (`shared/access/authenticate`); a token of another shape against the
 * admin token secret. One token reader serves every client and every stage.
 *
 * Its answers, and API Gateway's status for each:
 * - a valid token of an enabled client: `{isAuthorized: true, context: {clientId, scopes}}` (the route runs
 *   and writes the audit record);
 * - a request carrying `sls-offline-authorizer-override`: `{isAuthorized: false}` (403);
 * - no bearer token: throws "Unauthorized" (401) without reading Secrets Manager;
 * - a wrong, unknown or disabled client's token: throws "Unauthorized" (401, no detail);
 * - no verdict possible (Secrets Manager fails or throttles, no answer before the deadline, or the
 *   client's secret holds no usable record): throws "Authorizer unavailable" (500), logged with the
 *   error's name and code. (serverless offline answers every authorizer error 401.)
 * Every refusal writes the request's audit record here, with the refusal's code.
 *
 * @example
 * export const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 30_000 });
 */
export function createTokenAuthorizer(options: TokenAuthorizerOptions): AuthorizerHandler {
  const logger = createLogger({ service: "authorizer" });
  const deadlineMarginMs = options.deadlineMarginMs ?? 1_000;
  const defaultDeadlineMs = options.defaultDeadlineMs ?? 5_000;
  const authenticator = createAuthenticator({
    tokenSecretId: options.secretId,
    clientsPrefix: options.clientsPrefix ?? apiClientsSecretPrefix(),
    secretsPrefix: options.secretsPrefix ?? secretsPrefix(),
    cacheMs: options.cacheMs,
    graceMs: options.graceMs ?? apiTokenGraceMs(),
    minRefetchMs: options.minRefreshIntervalMs ?? 1_000,
  });

  return async (event, context) => {
    const startedAt = Date.now();
    const headers = lowerCaseHeaders(event.headers);
    const audit = (status: number, code: string, claimedClientId?: string) =>
      writeAuditRecord({
        service: "authorizer",
        requestId: context.awsRequestId,
        apiRequestId: event.requestContext?.requestId,
        claimedClientId,
        route: event.routeKey,
        status,
        code,
        sourceIp: event.requestContext?.http?.sourceIp,
        userAgent:
          (event.requestContext?.http as { userAgent?: string } | undefined)?.userAgent ??
          headers["user-agent"],
        authorization: headers.authorization,
        startedAt,
      });

    if (headers[AUTHORIZER_OVERRIDE_HEADER] !== undefined) {
      audit(403, RefusalCodes.AuthorizerOverrideRefused);
      return { isAuthorized: false };
    }
    const presented = bearerToken(event);
    if (presented === undefined) {
      audit(401, RefusalCodes.MissingToken);
      throw new Error(UNAUTHORIZED);
    }
    let verdict: Authentication;
    try {
      verdict = await withDeadline(
        authenticator.authenticate(presented),
        readDeadlineMs(context, deadlineMarginMs, defaultDeadlineMs),
      );
    } catch (error) {
      // No verdict: ours to see, never the caller's. Logged as name and code; answered opaquely.
      logger.error("authorizer failed", { requestId: context.awsRequestId, route: event.routeKey, error });
      audit(
        500,
        error instanceof UnusableClientRecordError ? "ClientRecordUnusable" : "AuthorizerUnavailable",
      );
      throw new AuthorizerUnavailableError();
    }
    if (!verdict.allowed) {
      audit(401, verdict.code, verdict.claimedClientId);
      throw new Error(UNAUTHORIZED);
    }
    return { isAuthorized: true, context: toAuthorizerContext(verdict.principal) };
  };
}

/** The headers with lower-case names (API Gateway sends them so; serverless offline keeps the client's case). */
function lowerCaseHeaders(
  headers: Record<string, string | undefined> | undefined,
): Record<string, string | undefined> {
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lower[name.toLowerCase()] = value;
  return lower;
}

/** The time left to read: the function's remaining time less a margin to answer in. */
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
