import type { MiddlewareObj } from "@middy/core";
import { createError } from "@middy/util";
import type { Logger } from "../observability/logger.js";
import { isSecretsError } from "../secrets/errors.js";
import { ApiError } from "./errors.js";
import type { RouteContext } from "./request-logger.js";
import type { ErrorBody } from "./responses.js";
import { RETRY_AFTER_SECONDS, statusForCode } from "./status-table.js";

/** A failure as the client sees it. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/**
 * Turns any thrown value into the client's answer: status from the one table, `{"error": {code, message}}`,
 * `Retry-After` on 429 and where the error asks for it. Unknown errors say nothing about themselves; no
 * answer carries a stack. Messages are passed on as written: ours are fixed texts naming fields, AWS's
 * name secrets, never values, and nothing a caller stores can change them.
 */
function toErrorAnswer(error: unknown): ErrorAnswer {
  let code = "InternalError";
  let message = "Internal error";
  let status = 500;
  let retryAfter: number | undefined;
  if (error instanceof ApiError) {
    ({ code, message } = error);
    status = statusForCode(code, false);
    retryAfter = error.retryAfterSeconds;
  } else if (isSecretsError(error)) {
    code = error.code;
    message = error.message;
    status = statusForCode(code, true);
  }
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (status === 429) retryAfter ??= RETRY_AFTER_SECONDS;
  if (retryAfter !== undefined) headers["Retry-After"] = String(retryAfter);
  return { status, body: { error: { code, message } }, headers };
}

/**
 * Maps the request's error to a middy `HttpError` that `@middy/http-error-handler` (used with
 * `logger: false`) renders, and hands its code to the request's audit record. A failure of ours (5xx) is
 * also logged, with the error's name and code only; a refusal (4xx) is the audit record alone.
 */
export function errorMapper(fallbackLogger: Logger): MiddlewareObj {
  return {
    onError: (request) => {
      const answer = toErrorAnswer(request.error);
      const context = request.context as Partial<RouteContext>;
      const logger = context.logger ?? fallbackLogger;
      if (context.request) context.request.errorCode = answer.body.error.code;
      if (answer.status >= 500) {
        logger.error("request failed", {
          status: answer.status,
          code: answer.body.error.code,
          error: request.error,
        });
      }
      const httpError = createError(answer.status, JSON.stringify(answer.body), { expose: true });
      // createError keeps only `expose` from its options; http-error-handler reads `headers` off the error.
      request.error = Object.assign(httpError, { headers: answer.headers });
    },
  };
}
