import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Action } from "../access/actions.js";
import { writeAuditRecord } from "../access/audit-record.js";
import type { RouteContext } from "./request-logger.js";

/**
 * Writes the request's one audit record when its answer is made (`after` for an answer, `onError` once
 * the error handler has made one): client, route, secret name, action, status and code, source IP and
 * user agent. Runs last of the stack's `after` and `onError` phases (`requestLifecycle` in stack.ts), so
 * it sees the final answer; a flag keeps it to one record even if both phases run.
 */
export function auditRecordWriter(
  service: string,
  action: Action | undefined,
): (request: AuditedRequest) => void {
  return (request) => {
    if (request.internal.audited) return;
    request.internal.audited = true;
    const context = request.context as Partial<RouteContext> & { awsRequestId: string };
    const state = context.request;
    const { event } = request;
    const status = (request.response as { statusCode?: number } | undefined)?.statusCode ?? 500;
    writeAuditRecord({
      service,
      requestId: context.awsRequestId,
      apiRequestId: event.requestContext?.requestId,
      clientId: state?.principal?.clientId,
      route: event.routeKey,
      secretId: state?.secretId,
      action,
      status,
      code: status >= 400 ? (state?.errorCode ?? "InternalError") : undefined,
      sourceIp: event.requestContext?.http?.sourceIp,
      userAgent: event.requestContext?.http?.userAgent ?? event.headers?.["user-agent"],
      authorization: event.headers?.authorization,
      startedAt: state?.startedAt ?? Date.now(),
    });
  };
}

/** What the writer reads of a middy request. */
interface AuditedRequest {
  event: APIGatewayProxyEventV2;
  context: unknown;
  response?: unknown;
  internal: Record<string, unknown>;
}
