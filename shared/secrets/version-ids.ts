/**
 * Version ids (ClientRequestTokens) derived from a seed, so that every caller with the same seed asks
 * Secrets Manager for the same version: the idempotency its writes rest on.
 */

import { createHash } from "node:crypto";

/**
 * The SHA-256 of `seed` shaped as a UUID: the first 32 hex digits as 8-4-4-4-12, lower case, 36
 * characters (within AWS's 32-64 for a ClientRequestToken). Not an RFC 4122 UUID: no version or variant
 * bits are set.
 *
 * @example
 * uuidFromHash("if-match:v1") // "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", the same for the same seed
 */
export function uuidFromHash(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
