/**
 * Sets environment variables for the rest of a suite: from the call on (and again as the suite starts,
 * after any sibling suite put its own back), until its `afterAll` puts the previous values back (or
 * removes what was not set).
 *
 * @example
 * // The secrets ask for TLS; the function verifies the server's certificate against the test CA.
 * useSuiteEnv({ DB_TLS_CA_FILE: cluster.caFile });
 */
import { afterAll, afterEach, beforeAll } from "vitest";

export function useSuiteEnv(vars: Record<string, string>): void {
  let previous = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  // Set again when the suite starts: a sibling suite of the same file may have put its values back since.
  beforeAll(() => {
    previous = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
    Object.assign(process.env, vars);
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

/**
 * Puts `keys` back as they were after each test of the suite, so a test may set them freely.
 *
 * @example
 * useEnvResetAfterEach(["ROTATION_ALLOWED_USERS"]);
 * it("...", () => { process.env.ROTATION_ALLOWED_USERS = "*"; ... });
 */
export function useEnvResetAfterEach(keys: readonly string[]): void {
  const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  afterEach(() => {
    for (const key of keys) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
}
