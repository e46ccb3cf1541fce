/**
 * Sets environment variables for the rest of a suite: from the call on, until its `afterAll` puts the
 * previous values back (or removes what was not set).
 *
 * @example
 * // The secrets ask for TLS; the function verifies the server's certificate against the test CA.
 * useSuiteEnv({ DB_TLS_CA_FILE: cluster.caFile });
 */
import { afterAll } from "vitest";

export function useSuiteEnv(vars: Record<string, string>): void {
  const previous = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  afterAll(() => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}
