import * as z from "zod/mini";
import type { SecretValue } from "../secrets/types.js";
import { MAX_SECRET_VALUE_BYTES } from "./config.js";
import { ApiError, HttpErrorCodes } from "./errors.js";
import "./zod-locale.js";

/**
 * A JSON object (not an array, not null) as the body parser made it, passed through unchanged. Not
 * `z.record`: that rebuilds the object by assignment, which drops a `__proto__` key (or sets the
 * prototype from it); JSON treats `__proto__` as an ordinary key, and so does this API.
 *
 * @example
 * jsonObject({ nonEmptyKeys: true }).parse(JSON.parse('{"__proto__": "x"}')) // keeps the "__proto__" key
 */
export function jsonObject(options: { nonEmptyKeys?: boolean } = {}) {
  return z
    .custom<Record<string, unknown>>(
      (input) => typeof input === "object" && input !== null && !Array.isArray(input),
      { message: "expected a JSON object" },
    )
    .check(
      z.refine((object) => !options.nonEmptyKeys || !Object.hasOwn(object, ""), {
        message: "keys must not be empty",
      }),
    );
}

/** A value as a request gives it: a JSON object or a string (`value`), or base64 bytes (`secretBinary`). */
export const valueFields = {
  value: z.optional(z.union([jsonObject(), z.string().check(z.minLength(1))])),
  secretBinary: z.optional(z.base64().check(z.minLength(1))),
};

export interface ValueFields {
  value?: Record<string, unknown> | string;
  secretBinary?: string;
}

/** Refinement: exactly one of `value` and `secretBinary`. */
export function hasOneValue(input: ValueFields): boolean {
  return (input.value === undefined) !== (input.secretBinary === undefined);
}

/**
 * The `SecretValue` a request's fields stand for. Throws `ValueTooLarge` (413) past Secrets Manager's
 * 65,536 bytes, so the limit answers with its own status instead of AWS's generic 400.
 */
export function toSecretValue(input: ValueFields): SecretValue {
  const value: SecretValue =
    input.secretBinary !== undefined
      ? { kind: "binary", bytes: new Uint8Array(Buffer.from(input.secretBinary, "base64")) }
      : { kind: "string", text: typeof input.value === "string" ? input.value : JSON.stringify(input.value) };
  assertValueSize(value);
  return value;
}

/** Throws `ValueTooLarge` (413) when the value exceeds 65,536 bytes. */
export function assertValueSize(value: SecretValue): void {
  const bytes = value.kind === "string" ? Buffer.byteLength(value.text) : value.bytes.byteLength;
  if (bytes > MAX_SECRET_VALUE_BYTES) {
    throw new ApiError(
      HttpErrorCodes.ValueTooLarge,
      `A secret value holds at most ${MAX_SECRET_VALUE_BYTES} bytes`,
    );
  }
}
