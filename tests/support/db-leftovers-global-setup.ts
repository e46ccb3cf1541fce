/**
 * vitest globalSetup: no database user, role or database made by a test outlives the run.
 * - At the start, objects of earlier runs whose vitest process is gone (killed half-way) are dropped
 *   from the shared servers (the machine's MariaDB and PostgreSQL); a run still going keeps its own.
 * - At the end, anything this run made that is still on the shared servers or on the run's own
 *   PostgreSQL clusters fails the run (after it is dropped, so the next run starts clean).
 * A server that is not reachable is left out (the database tests themselves say so loudly).
 */
import { dbRequired } from "./db-availability";
import {
  dropMariaDbObjects,
  dropPostgresObjects,
  type MariaDbAdmin,
  mariadbTestObjects,
  type PostgresAdmin,
  postgresTestObjects,
  type TestObject,
} from "./db-leftovers";
import { serverFromEnvironment } from "./db-mariadb";
import { runningClusters } from "./db-postgres-cluster";
import { isRunAlive, runIdOf, TEST_RUN_ENV } from "./db-test-objects";

interface Server {
  name: string;
  list(): Promise<TestObject[]>;
  drop(objects: TestObject[]): Promise<void>;
}

function mariadb(admin: MariaDbAdmin): Server {
  return {
    name: `MariaDB ${admin.host}:${admin.port}`,
    list: () => mariadbTestObjects(admin),
    drop: (objects) => dropMariaDbObjects(admin, objects),
  };
}

function postgres(admin: PostgresAdmin): Server {
  return {
    name: `PostgreSQL ${admin.host}:${admin.port}`,
    list: () => postgresTestObjects(admin),
    drop: (objects) => dropPostgresObjects(admin, objects),
  };
}

/** The machine's servers every run shares. */
function sharedServers(): Server[] {
  const shared = serverFromEnvironment();
  return [
    mariadb({ host: shared.host, port: shared.port, user: shared.rootUser, password: shared.rootPassword }),
    postgres({
      host: process.env.PGHOST ?? "127.0.0.1",
      port: Number(process.env.PGPORT ?? 5432),
      user: process.env.PGUSER ?? "postgres",
      ...(process.env.PGPASSWORD ? { password: process.env.PGPASSWORD } : {}),
    }),
  ];
}

/** The objects on `server` that `keep` selects; an unreachable server has none. */
async function objectsOn(server: Server, keep: (object: TestObject) => boolean): Promise<TestObject[]> {
  try {
    return (await server.list()).filter(keep);
  } catch {
    return [];
  }
}

const describeObject = (o: TestObject) => `${o.server} ${o.kind} ${o.name}${o.host ? `@${o.host}` : ""}`;

export default async function setup(): Promise<() => Promise<void>> {
  const run = runIdOf(process.pid);
  process.env[TEST_RUN_ENV] = run;
  for (const server of sharedServers()) {
    const dead = await objectsOn(server, (object) => object.run !== run && !isRunAlive(object.run));
    await server.drop(dead).catch(() => undefined);
    if (dead.length > 0) {
      process.stdout.write(
        `database sweep: dropped ${dead.length} objects of killed runs on ${server.name}\n`,
      );
    }
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
