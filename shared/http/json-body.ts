/**
 * Parses a JSON request body in place of `@middy/http-json-body-parser`, which answers 415 for malformed
 * JSON; here malformed JSON is 400, JSON nested deeper than 64 levels is 400 `JsonTooDeep` (found before
 * parsing), and only a wrong Content-Type is 415. An absent body stays undefined so
 * the route's schema decides whether one was needed.
 */

import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ApiError, HttpErrorCodes } from "./errors.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";

/** `application/json` and `application/*+json`, with or without parameters. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;.*)?$/i;
/** A body larger than this cannot hold a valid request (values are at most 64 KiB, 88 KiB as base64). */
const MAX_BODY_BYTES = 256 * 1024;

export type ParsedBodyEvent = Omit<APIGatewayProxyEventV2, "body"> & { body?: unknown };

export function jsonBody(): MiddlewareObj<ParsedBodyEvent> {
  return {
    before: (request) => {
      const { event } = request;
      const raw = event.body;
      if (raw === undefined || raw === null || raw === "") {
        event.body = undefined;
        return;
      }
      if (typeof raw !== "string") return;
      const contentType = event.headers?.["content-type"] ?? "";
      if (!JSON_MEDIA_TYPE.test(contentType)) {
        throw new ApiError(HttpErrorCodes.UnsupportedMediaType, "The request body must be application/json");
      }
      const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
      if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
        throw new ApiError(HttpErrorCodes.ValueTooLarge, "The request body is too large");
      }
      // Before the parser: a deeper body would parse, then overflow the stack in every step after it.
      if (nestsDeeperThan(text)) {
        throw new ApiError(
          HttpErrorCodes.JsonTooDeep,
          `The request body nests deeper than ${MAX_JSON_DEPTH} levels`,
        );
      }
      try {
        event.body = JSON.parse(text);
      } catch {
        // The parser's message quotes the input, which may be a secret: answer a fixed text.
        throw new ApiError(HttpErrorCodes.MalformedJson, "The request body is not valid JSON");
      }
    },
  };
}
