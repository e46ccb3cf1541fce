/**
 * The rotation tests clean up after themselves, on servers six engineers share: the sweep at the start
 * of a run drops what killed runs left (their process is gone), never what a run still going made; the
 * end-of-run check (db-leftovers-global-setup.ts) fails a run that left anything of its own.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mariadbTestObjects, sweepKilledRuns } from "../../support/db-leftovers";
import {
  asMariaDbRoot,
  createMariaDbUser,
  dropMariaDbUsers,
  mariadbForTests,
} from "../../support/db-mariadb";
import { isRunAlive, runIdOf, runOfName, testObjectName, testRunId } from "../../support/db-test-objects";

describe("test-made database objects", () => {
  it("carry the run that made them, and only a gone process's run is dead", () => {
    const name = testObjectName("u");
    expect(name).toMatch(/^sml[0-9a-z]+_u[0-9a-f]{8}$/);
    expect(name.length).toBeLessThanOrEqual(26);
    expect(runOfName(name)).toBe(testRunId());
    expect(runOfName(`Sml${testRunId()}_a00000000`)).toBe(testRunId());
    expect(runOfName(`rotation_clone_of_sml${testRunId()}_a00000000`)).toBe(testRunId());
    expect(runOfName("billing")).toBeUndefined();
    expect(isRunAlive(testRunId())).toBe(true);
    expect(isRunAlive(runIdOf(process.pid))).toBe(true);
    // Above Linux's largest pid: no such process.
    expect(isRunAlive(runIdOf(4_194_305))).toBe(false);
  });
});

describe("the sweep of killed runs on the shared MariaDB", async () => {
  const server = await mariadbForTests();
  if (!server) return void it.skip("needs MariaDB (see the warning above)", () => {});
  // A run that was killed (its process is gone), and one still going (this worker, not the vitest run).
  const dead = `sml${runIdOf(4_194_305)}_u${Date.now().toString(16).slice(-8)}`;
  const deadDatabase = `sml${runIdOf(4_194_305)}_db${Date.now().toString(16).slice(-8)}`;
  const alive = `sml${runIdOf(process.pid)}_u${Date.now().toString(16).slice(-8)}`;
  afterAll(async () => {
    await dropMariaDbUsers(server, [dead, alive]);
    await asMariaDbRoot(server, (c) => c.query(`DROP DATABASE IF EXISTS ${deadDatabase}`));
  });

  it("drops a killed run's users and databases, and keeps a live run's", async () => {
    await createMariaDbUser(server, dead, "unused-password-1");
    await createMariaDbUser(server, alive, "unused-password-2");
    await asMariaDbRoot(server, (c) => c.query(`CREATE DATABASE ${deadDatabase}`));
    await sweepKilledRuns(testRunId());
    const left = (
      await mariadbTestObjects({
        host: server.host,
        port: server.port,
        user: server.rootUser,
        password: server.rootPassword,
      })
    ).map((object) => object.name);
    expect([left.includes(dead), left.includes(deadDatabase), left.includes(alive)]).toEqual([
      false,
      false,
      true,
    ]);
  });
});
