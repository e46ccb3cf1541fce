import type { SecretValue } from "../secrets/types.js";
import { MAX_SECRET_VALUE_BYTES } from "./config.js";
import { ApiError, HttpErrorCodes } from "./errors.js";

export interface ValueFields {
  value?: Record<string, unknown> | string;
  secretBinary?: string;
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
