/**
 * SCRAM-SHA-256 verifiers (RFC 5802, RFC 7677) as PostgreSQL stores them, so that `ALTER ROLE … PASSWORD`
 * carries the verifier and the password itself never reaches the server, its logs or pg_stat_statements.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** PostgreSQL's default; the server accepts any count written in the verifier. */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;

const hmac = (key: Buffer, text: string): Buffer => createHmac("sha256", key).update(text).digest();

/** SASLprep is the identity on printable ASCII, which is all GetRandomPassword makes; other text is refused. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * @example
 * scramSha256Verifier("correct horse") // "SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>"
 */
export function scramSha256Verifier(
  password: string,
  salt: Buffer = randomBytes(SALT_BYTES),
  iterations: number = SCRAM_ITERATIONS,
): string {
  if (!PRINTABLE_ASCII.test(password)) {
    throw new RangeError("SCRAM verifiers are made for printable ASCII passwords only");
  }
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  const storedKey = createHash("sha256").update(hmac(salted, "Client Key")).digest();
  const serverKey = hmac(salted, "Server Key");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
