/**
 * vitest globalSetup: no database user, role or database made by a test outlives the run.
 * - At the start, objects of earlier runs whose vitest process is gone (killed half-way) are dropped
 *   from the shared servers (the machine's MariaDB and PostgreSQL); a run still going keeps its own.
 * - At the end, anything this run made that is still on the shared servers or on the run's own
 *   PostgreSQL clusters fails the run (after it is dropped, so the next run starts clean).
 * A server that is not reachable is left out (the database tests themselves say so loudly).
 */
import { dbRequired } from "./db-availability";
import { objectsOn, postgres, sharedServers, sweepKilledRuns, type TestObject } from "./db-leftovers";
import { runningClusters } from "./db-postgres-cluster";
import { runIdOf, TEST_RUN_ENV } from "./db-test-objects";

const describeObject = (o: TestObject) => `${o.server} ${o.kind} ${o.name}${o.host ? `@${o.host}` : ""}`;

export default async function setup(): Promise<() => Promise<void>> {
  const run = runIdOf(process.pid);
  process.env[TEST_RUN_ENV] = run;
  for (const [server, dropped] of await sweepKilledRuns(run)) {
    process.stdout.write(`database sweep: dropped ${dropped} objects of killed runs on ${server}\n`);
  }
  return async () => {
    const clusters = runningClusters(process.pid).map((cluster) =>
      postgres({
        host: cluster.host,
        port: cluster.port,
        user: cluster.adminUser,
        password: cluster.adminPassword,
      }),
    );
    const left: TestObject[] = [];
    for (const server of [...sharedServers(), ...clusters]) {
      const mine = await objectsOn(server, (object) => object.run === run);
      left.push(...mine);
      await server.drop(mine).catch(() => undefined);
    }
    if (left.length > 0) {
      process.exitCode = 1;
      throw new Error(
        `database check: ${left.length} users, roles or databases made by tests were left behind (now dropped):\n` +
          left.map((o) => `  ${describeObject(o)}`).join("\n"),
      );
    }
    process.stdout.write(
      `database check: nothing left behind${dbRequired() ? "" : " (reachable servers)"}\n`,
    );
  };
}
