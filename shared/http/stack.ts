import middy from "@middy/core";
import httpErrorHandler from "@middy/http-error-handler";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import httpSecurityHeaders from "@middy/http-security-headers";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import type { output } from "zod/v4/core";
import type { Action } from "../access/actions.js";
import type { Principal } from "../access/principal.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { auditRecordWriter } from "./audit-writer.js";
import { assertAllowed, callerAccess, type SecretSource } from "./caller-access.js";
import { errorMapper } from "./error-mapper.js";
import { jsonBody, type ParsedBodyEvent } from "./json-body.js";
import { beginRequest, type RouteContext } from "./request-logger.js";
import { type JsonResult, toGatewayResult } from "./responses.js";
import { assertOnlyDeclaredInputs } from "./route-inputs.js";
import { assertInScope } from "./scope.js";
import { parseInput, type RequestSchema } from "./validation.js";

/** What a route's code receives: the event (headers lower-cased), its parsed body and query, a logger, the caller. */
export interface RouteInput<Body, Query> {
  event: APIGatewayProxyEventV2;
  body: Body;
  query: Query;
  logger: Logger;
  /** The client the authorizer proved, with its scopes. */
  principal: Principal;
  /** The route's secret id (name or ARN), checked against the prefix and the client's scopes; "" for a route without one. */
  secretId: string;
}

export interface RouteSpec<
  BodySchema extends RequestSchema | undefined,
  QuerySchema extends RequestSchema | undefined,
> {
  /** The function's name in logs and audit records. */
  service: string;
  /**
   * What the route does to its secret; the caller needs a scope granting it on the secret's name. `"none"`:
   * the route touches no secret (`GET /me`), any authenticated client may call it.
   */
  action: Action | "none";
  /**
   * Where the secret's id comes from: the `{id}` path parameter (the default), the parsed body (`secretIn`),
   * or nowhere (a list, which filters by the caller's scopes itself).
   */
  secretIn?: ((body: OutputOf<BodySchema>) => string) | "none";
  /** The JSON body's schema; a route without one refuses any body (400 UnexpectedBody). */
  body?: BodySchema;
  /** The query string's schema (values arrive as strings); a route without one refuses any parameter. */
  query?: QuerySchema;
  handle(input: RouteInput<OutputOf<BodySchema>, OutputOf<QuerySchema>>): Promise<JsonResult>;
}

type OutputOf<Schema> = Schema extends RequestSchema ? output<Schema> : undefined;

export type HttpHandler = middy.MiddyfiedHandler<
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Error,
  Context
> & {
  /** The action the route declared (openapi.yaml's `x-action`, checked by a test). */
  readonly action: Action | "none";
};

/**
 * Builds one route's Lambda handler on the shared middy stack: header normalizer, the request's
 * lifecycle (logger, the caller's access, the audit record), security headers, `@middy/http-error-handler`
 * (silent) fed by our error mapper, JSON body parser, then schema validation, the scope of a secret named
 * in the body, and the route's own code. Declaring the route's action is one line; the stack does every
 * check.
 *
 * @example
 * export const handler = httpRoute({
 *   service: "describe-secret",
 *   action: "read",
 *   handle: async ({ secretId }) => json(200, await describeSecret(secretId)),
 * });
 */
export function httpRoute<
  BodySchema extends RequestSchema | undefined = undefined,
  QuerySchema extends RequestSchema | undefined = undefined,
>(spec: RouteSpec<BodySchema, QuerySchema>): HttpHandler {
  const logger = createLogger({ service: spec.service });
  const action = spec.action === "none" ? undefined : spec.action;
  const source: SecretSource =
    spec.action === "none" || spec.secretIn === "none" ? "none" : spec.secretIn ? "body" : "path";
  const stack = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(requestLifecycle(logger, spec.service, action, source))
    .use(httpSecurityHeaders())
    // Renders the HttpError the mapper made; its own console logging is off, ours redacts.
    .use(httpErrorHandler({ logger: false }))
    .use(errorMapper(logger));
  if (spec.body) stack.use(jsonBody() as middy.MiddlewareObj<APIGatewayProxyEventV2>);

  const handler = stack.handler(async (event, context) => {
    const { logger: requestLog, request } = context as RouteContext;
    assertOnlyDeclaredInputs(event, spec);
    const parsedBody = (event as ParsedBodyEvent).body;
    const body = (
      spec.body ? parseInput(spec.body, parsedBody ?? {}, "body") : undefined
    ) as OutputOf<BodySchema>;
    const query = (
      spec.query ? parseInput(spec.query, event.queryStringParameters ?? {}, "query") : undefined
    ) as OutputOf<QuerySchema>;
    // callerAccess has set the principal (or refused); a body's secret is checked once the body is read.
    const principal = request.principal as Principal;
    if (typeof spec.secretIn === "function" && action) {
      const secretId = spec.secretIn(body);
      request.secretId = secretId;
      assertInScope(secretId);
      assertAllowed(principal, action, secretId);
    }
    const secretId = source === "none" ? "" : (request.secretId ?? "");
    const result = await spec.handle({ event, body, query, logger: requestLog, principal, secretId });
    return toGatewayResult(result);
  });
  return Object.assign(handler, { action: spec.action });
}

/**
 * One middleware for what every request does at its start and its end (one, not three: each middleware
 * costs every request a little, and the warm path is measured). Before: the request's logger and state,
 * then the caller's access (authorizer context, override header, prefix and scope of a `{id}`), refused
 * before the body is parsed or Secrets Manager is called. After, or on error: the audit record. Used
 * second in the stack, its `after` and `onError` run last (middy runs them in reverse), so the record sees
 * the answer the error handler made.
 */
function requestLifecycle(
  logger: Logger,
  service: string,
  action: Action | undefined,
  source: SecretSource,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context> {
  const begin = beginRequest(logger);
  const checkAccess = callerAccess(action, source);
  const audit = auditRecordWriter(service, action);
  return {
    before: (request) => {
      begin(request);
      checkAccess(request);
    },
    after: audit,
    onError: audit,
  };
}
