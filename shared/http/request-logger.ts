import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { LogFields, Logger } from "../observability/logger.js";

/** The Lambda context as routes see it: with a logger that carries the request ids. */
export type RouteContext = Context & { logger: Logger };

/**
 * A request's logger: every line goes through the function's logger (so through its redaction) with the
 * request's ids added. One small object per request instead of `base.child(ids)`, which builds a whole
 * logger (closures, options, the level read from the environment) for every invocation.
 */
class RequestScopedLogger implements Logger {
  readonly startedAt = Date.now();

  constructor(
    private readonly base: Logger,
    private readonly ids: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.base.debug(message, fields ? { ...this.ids, ...fields } : this.ids);
  }
  info(message: string, fields?: LogFields): void {
    this.base.info(message, fields ? { ...this.ids, ...fields } : this.ids);
  }
  warn(message: string, fields?: LogFields): void {
    this.base.warn(message, fields ? { ...this.ids, ...fields } : this.ids);
  }
  error(message: string, fields?: LogFields): void {
    this.base.error(message, fields ? { ...this.ids, ...fields } : this.ids);
  }
  child(fields: LogFields): Logger {
    return this.base.child({ ...this.ids, ...fields });
  }
}

/**
 * Gives each request a logger with the Lambda and API Gateway request ids, and logs one line per request
 * with its route, status and duration (never headers or bodies): at info for a 4xx or 5xx answer, at
 * debug for a success (`LOG_LEVEL=debug` shows those too).
 */
export function requestLogger(base: Logger): MiddlewareObj<APIGatewayProxyEventV2> {
  const finish = (request: { context: Context; response?: unknown }): void => {
    const logger = (request.context as Partial<RouteContext>).logger;
    if (!(logger instanceof RequestScopedLogger)) return;
    const status = (request.response as { statusCode?: number } | undefined)?.statusCode;
    const fields = { status, durationMs: Date.now() - logger.startedAt };
    // Answers the client got wrong or we failed at are logged; a success is a debug line (API Gateway's
    // access log counts every request), which keeps the warm path and the log bill small.
    if (status === undefined || status >= 400) logger.info("request done", fields);
    else logger.debug("request done", fields);
  };
  return {
    before: (request) => {
      (request.context as RouteContext).logger = new RequestScopedLogger(base, {
        requestId: request.context.awsRequestId,
        apiRequestId: request.event.requestContext?.requestId,
        route: request.event.routeKey,
      });
    },
    after: finish,
    onError: finish,
  };
}
