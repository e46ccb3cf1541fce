/**
 * Secrets Manager's wire protocol (AWS JSON 1.1) as the local endpoint speaks it: reading a bounded
 * body, naming the operation, finding the region, and writing answers and errors the way the AWS SDK v3,
 * the AWS CLI v2 and boto3 parse them.
 *
 * Choices where AWS is not documented (each matches what AWS's JSON services answer in practice):
 * - no `X-Amz-Target` header, or one not of the form `secretsmanager.<Operation>`, or an operation
 *   Secrets Manager does not have: 400 `UnknownOperationException` (`MissingAction` belongs to the
 *   query protocol, not to JSON services);
 * - Content-Type: `application/x-amz-json-1.1` (what every SDK sends, parameters allowed); anything else,
 *   or none, is 400 `SerializationException`. A web page cannot send that type (nor `X-Amz-Target`)
 *   without a CORS preflight, which the endpoint never grants (see request-guard.ts);
 * - a body that is not JSON, or JSON that is not an object, is 400 `SerializationException`; an empty
 *   body is `{}`;
 * - a body over 1 MiB is 400 `SerializationException` without reading the rest into memory.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AwsError } from "./core/errors";
import type { AwsErrorShape } from "./core/types";

export const MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_REGION = "us-east-1";
const TARGET_PREFIX = "secretsmanager.";
const CONTENT_TYPE = "application/x-amz-json-1.1";

/** True for anything shaped like `AwsError` from the core (duck-typed so the shell needs no import). */
export function isAwsErrorShape(error: unknown): error is AwsErrorShape {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as Partial<AwsErrorShape>;
  return typeof candidate.code === "string" && typeof candidate.statusCode === "number";
}

/**
 * Reads the body up to `limit` bytes. Beyond it, rejects with a AwsError at once and discards what
 * still arrives (so the 400 can reach the client) until `limit * DISCARD_FACTOR` bytes, then drops the
 * connection: memory never holds more than `limit` bytes.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) fail(tooLarge(limit));
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit * DISCARD_FACTOR) req.destroy();
      if (settled) return;
      if (size > limit) fail(tooLarge(limit));
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    req.on("error", fail);
    // Every request closes; only one closed before its end is cut short (the error is made only then).
    req.on("close", () => {
      if (!settled) fail(new AwsError("SerializationException", "Request body was cut short"));
    });
  });
}

const DISCARD_FACTOR = 8;

function tooLarge(limit: number): AwsError {
  return new AwsError("SerializationException", `Request body exceeds the limit of ${limit} bytes`);
}

/** `secretsmanager.GetSecretValue` -> `GetSecretValue`; throws UnknownOperationException otherwise. */
export function operationFromTarget(target: string | string[] | undefined): string {
  const value = Array.isArray(target) ? target[0] : target;
  if (!value) throw new AwsError("UnknownOperationException", "Missing X-Amz-Target header");
  if (!value.startsWith(TARGET_PREFIX) || value.length === TARGET_PREFIX.length) {
    throw new AwsError("UnknownOperationException", "Unknown operation");
  }
  return value.slice(TARGET_PREFIX.length);
}

/** Checks the Content-Type header (see the module comment for what is accepted). */
export function checkContentType(contentType: string | undefined): void {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType !== CONTENT_TYPE) {
    throw new AwsError(
      "SerializationException",
      "Unsupported Content-Type; expected application/x-amz-json-1.1",
    );
  }
}

/** Parses the request body as a JSON object; an empty body is `{}`. */
export function parseRequestObject(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsError("SerializationException", "Request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AwsError("SerializationException", "Request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

/** The region from a SigV4 `Authorization` header's credential scope; `us-east-1` when absent. */
export function regionFromAuthorization(authorization: string | undefined): string {
  if (!authorization) return DEFAULT_REGION;
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/[^/,\s]+\/aws4_request/.exec(authorization);
  return match?.[1] ?? DEFAULT_REGION;
}

/** Writes a 200 (or `status`) answer with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = "application/x-amz-json-1.1",
) {
  const payload = Buffer.from(JSON.stringify(body ?? {}), "utf8");
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": payload.length,
    "x-amzn-requestid": randomUUID(),
  });
  res.end(payload);
}

/**
 * Writes an AWS JSON error: `{"__type": code, "Message": message}` (capital M, as Secrets Manager sends it:
 * boto3 and the SDK v3 then also show a top-level `Message` beside the error's message) plus the
 * `x-amzn-errortype` header.
 */
export function sendError(res: ServerResponse, error: AwsErrorShape, closeConnection = false): void {
  const payload = Buffer.from(JSON.stringify({ __type: error.code, Message: error.message }), "utf8");
  const headers: Record<string, string | number> = {
    "content-type": "application/x-amz-json-1.1",
    "content-length": payload.length,
    "x-amzn-requestid": randomUUID(),
    "x-amzn-errortype": error.code,
  };
  if (closeConnection) headers.connection = "close";
  res.writeHead(error.statusCode, headers);
  res.end(payload);
}
