import type { SecretValue } from "../secrets/types.js";
import { parseJsonObject } from "../secrets/values.js";
import { ApiError, HttpErrorCodes } from "./errors.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";

/**
 * A stored JSON-object value's keys, for the routes that work on keys (PATCH, GET `?key=`). A value
 * nested deeper than 64 levels (stored by another writer; this API refuses such bodies) answers 409
 * `SecretJsonTooDeep` instead of overflowing the stack; anything but a JSON object, 409
 * `SecretNotJsonObject`.
 *
 * @example
 * const keys = storedJsonObject(version.value);
 */
export function storedJsonObject(value: SecretValue): Record<string, unknown> {
  if (value.kind === "string" && nestsDeeperThan(value.text)) {
    throw new ApiError(
      HttpErrorCodes.SecretJsonTooDeep,
      `The secret's value nests deeper than ${MAX_JSON_DEPTH} levels; read it whole`,
    );
  }
  return parseJsonObject(value);
}
