/**
 * Database tests skip loudly when their server is missing on a laptop, and fail under `REQUIRE_DB=1`
 * (set by `.ci/run`), so CI can never pass by skipping them.
 */

export const dbRequired = (): boolean => process.env.REQUIRE_DB === "1";

/**
 * Where the test databases are, as the rotation functions must be told (`ROTATION_ALLOWED_HOSTS`): on
 * loopback, any port (the PostgreSQL cluster's certificate is for `localhost`).
 */
export const TEST_ALLOWED_HOSTS = "127.0.0.1:*=localhost";

/**
 * Answers `found`, or undefined after a loud warning; throws instead when databases are required.
 *
 * @example
 * const pg = unlessMissing("PostgreSQL", await tryStartPostgres());
 */
export function availableOrSkip<T>(what: string, found: T | undefined, why: string): T | undefined {
  if (found !== undefined) return found;
  const message = `${what} is not available (${why}): its rotation tests are SKIPPED`;
  if (dbRequired()) throw new Error(`${message} — REQUIRE_DB=1 makes this a failure`);
  console.warn(`\n${"!".repeat(100)}\n!! ${message}\n${"!".repeat(100)}\n`);
  return undefined;
}

export function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
