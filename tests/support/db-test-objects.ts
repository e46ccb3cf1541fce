/**
 * Names of the database users, roles and databases tests make, so that none is ever left behind on a
 * shared server: every name carries the vitest run that made it (`sml<run>_…`, the run being the vitest
 * process id in base 36), so
 * - at the start of a run, objects of runs whose process is gone (a killed run) are swept away, and
 *   never those of a run still going (six engineers share one MariaDB);
 * - at the end of a run, anything of this run still there fails the run (db-leftovers-global-setup.ts).
 *
 * The alternating-users strategy marks a MariaDB clone with a role named after its base user
 * (`rotation_clone_of_<base>`): those of test users carry the run too and are swept the same way.
 */
import { randomBytes } from "node:crypto";

/** Published by the global setup to every worker; a worker started otherwise falls back to its parent. */
export const TEST_RUN_ENV = "SML_TEST_RUN";

/** What every test-made name starts with (capitals allowed: PostgreSQL names prove quoting). */
const NAME = /^(?:rotation_clone_of_)?sml([0-9a-z]{1,7})_/i;

/** The run id of process `pid`: its id in base 36. */
export const runIdOf = (pid: number): string => pid.toString(36);

/** This test process's run. */
export function testRunId(): string {
  return process.env[TEST_RUN_ENV] ?? runIdOf(process.ppid);
}

/**
 * A fresh name for a database object of this run: `sml<run>_<kind><8 hex>` (`Sml…` with `capital`), at
 * most 22 characters, so a MySQL user keeps room for `_clone` within 32.
 *
 * @example
 * testObjectName("u") // "sml1k2j3_u3f9c2a1b"
 */
export function testObjectName(kind: string, options: { capital?: boolean } = {}): string {
  if (!/^[a-z]{1,4}$/.test(kind)) throw new Error("a kind is 1-4 lower-case letters");
  return `${options.capital ? "Sml" : "sml"}${testRunId()}_${kind}${randomBytes(4).toString("hex")}`;
}

/** The run that made `name`, or undefined for a name no test made. */
export function runOfName(name: string): string | undefined {
  return NAME.exec(name)?.[1]?.toLowerCase();
}

/** Whether the run's process is still alive (its objects must not be swept). */
export function isRunAlive(run: string): boolean {
  const pid = Number.parseInt(run, 36);
  if (!Number.isSafeInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but is someone else's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** SQL LIKE pattern matching every test-made name (the run filtered in code; `_` escaped). */
export const TEST_NAME_LIKE = ["sml%", "rotation\\_clone\\_of\\_sml%"];
