import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether two tokens are equal, in time that depends on neither: both are hashed to equal-length SHA-256
 * digests first, because `timingSafeEqual` needs equal lengths and comparing lengths would leak them.
 */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}
