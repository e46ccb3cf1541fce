import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** What a route answers: a status, a JSON body, and extra headers. */
export interface JsonResult {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A JSON answer. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): JsonResult {
  return { statusCode, body, headers };
}

/** The API Gateway form of a `JsonResult`. `Cache-Control: no-store` because answers may hold secrets. */
export function toGatewayResult(result: JsonResult): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.statusCode,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...result.headers },
    body: JSON.stringify(result.body),
  };
}

/** The body every error answer has. */
export interface ErrorBody {
  error: { code: string; message: string };
}
