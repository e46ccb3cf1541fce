import middy from "@middy/core";
import httpErrorHandler from "@middy/http-error-handler";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import httpSecurityHeaders from "@middy/http-security-headers";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import type { output } from "zod/v4/core";
import { createLogger, type Logger } from "../observability/logger.js";
import { errorMapper } from "./error-mapper.js";
import { jsonBody, type ParsedBodyEvent } from "./json-body.js";
import { type RouteContext, requestLogger } from "./request-logger.js";
import { type JsonResult, toGatewayResult } from "./responses.js";
import { parseInput, type RequestSchema } from "./validation.js";

/** What a route's code receives: the event (headers lower-cased), its parsed body and query, a logger. */
export interface RouteInput<Body, Query> {
  event: APIGatewayProxyEventV2;
  body: Body;
  query: Query;
  logger: Logger;
}

export interface RouteSpec<
  BodySchema extends RequestSchema | undefined,
  QuerySchema extends RequestSchema | undefined,
> {
  /** The function's name in logs. */
  service: string;
  /** The JSON body's schema; a route without one ignores any body. */
  body?: BodySchema;
  /** The query string's schema (values arrive as strings). */
  query?: QuerySchema;
  handle(input: RouteInput<OutputOf<BodySchema>, OutputOf<QuerySchema>>): Promise<JsonResult>;
}

type OutputOf<Schema> = Schema extends RequestSchema ? output<Schema> : undefined;

export type HttpHandler = middy.MiddyfiedHandler<
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Error,
  Context
>;

/**
 * Builds one route's Lambda handler on the shared middy stack: header normalizer, request logger, security
 * headers, `@middy/http-error-handler` (silent) fed by our error mapper, JSON body parser, then schema
 * validation and the route's own code.
 *
 * @example
 * export const handler = httpRoute({
 *   service: "describe-secret",
 *   handle: async ({ event }) => json(200, await describeSecret(secretIdFromPath(event.pathParameters))),
 * });
 */
export function httpRoute<
  BodySchema extends RequestSchema | undefined = undefined,
  QuerySchema extends RequestSchema | undefined = undefined,
>(spec: RouteSpec<BodySchema, QuerySchema>): HttpHandler {
  const logger = createLogger({ service: spec.service });
  const stack = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(requestLogger(logger))
    .use(httpSecurityHeaders())
    // Renders the HttpError the mapper made; its own console logging is off, ours redacts.
    .use(httpErrorHandler({ logger: false }))
    .use(errorMapper(logger));
  if (spec.body) stack.use(jsonBody() as middy.MiddlewareObj<APIGatewayProxyEventV2>);

  return stack.handler(async (event, context) => {
    const parsedBody = (event as ParsedBodyEvent).body;
    const body = (
      spec.body ? parseInput(spec.body, parsedBody ?? {}, "body") : undefined
    ) as OutputOf<BodySchema>;
    const query = (
      spec.query ? parseInput(spec.query, event.queryStringParameters ?? {}, "query") : undefined
    ) as OutputOf<QuerySchema>;
    const result = await spec.handle({ event, body, query, logger: (context as RouteContext).logger });
    return toGatewayResult(result);
  });
}
