import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { Logger } from "../observability/logger.js";

/** The Lambda context as routes see it: with a logger that carries the request ids. */
export type RouteContext = Context & { logger: Logger };

/**
 * Gives each request a child logger with the Lambda and API Gateway request ids, and logs one line per
 * request with its route, status and duration (never headers or bodies).
 */
export function requestLogger(base: Logger): MiddlewareObj<APIGatewayProxyEventV2> {
  let startedAt = 0;
  const finish = (request: { context: Context; response?: unknown }): void => {
    const status = (request.response as { statusCode?: number } | undefined)?.statusCode;
    (request.context as RouteContext).logger.info("request done", {
      status,
      durationMs: Date.now() - startedAt,
    });
  };
  return {
    before: (request) => {
      startedAt = Date.now();
      (request.context as RouteContext).logger = base.child({
        requestId: request.context.awsRequestId,
        apiRequestId: request.event.requestContext?.requestId,
        route: request.event.routeKey,
      });
    },
    after: finish,
    onError: finish,
  };
}
