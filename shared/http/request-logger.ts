import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { Principal } from "../access/principal.js";
import type { LogFields, Logger } from "../observability/logger.js";

/** What the stack learns about a request as it goes, for the route and for its audit record. */
export interface RequestState {
  readonly startedAt: number;
  /** The caller, once the authorizer's context was read. */
  principal?: Principal;
  /** The secret the request names, as given (name or ARN), once known. */
  secretId?: string;
  /** The error code of the answer, when it is an error. */
  errorCode?: string;
}

/** The Lambda context as routes see it: a logger that carries the request ids, and the request's state. */
export type RouteContext = Context & { logger: Logger; request: RequestState };

/**
 * A request's logger: every line goes through the function's logger (so through its redaction) with the
 * request's ids added. One small object per request instead of `base.child(ids)`, which builds a whole
 * logger (closures, options, the level read from the environment) for every invocation.
 */
class RequestScopedLogger implements Logger {
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
 * Gives each request a logger with the Lambda and API Gateway request ids and the route, and a fresh
 * `RequestState`: the first thing a request does in the stack (`requestLifecycle` in stack.ts). The one
 * line per request is the audit record (`audit-writer.ts`), not a log line.
 */
export function beginRequest(
  base: Logger,
): (request: { event: APIGatewayProxyEventV2; context: Context }) => void {
  return (request) => {
    const context = request.context as RouteContext;
    context.request = { startedAt: Date.now() };
    context.logger = new RequestScopedLogger(base, {
      requestId: request.context.awsRequestId,
      apiRequestId: request.event.requestContext?.requestId,
      route: request.event.routeKey,
    });
  };
}
