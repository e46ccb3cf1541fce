/**
 * Finds and drops the database objects tests made (names from db-test-objects.ts) on a MariaDB/MySQL
 * server or a PostgreSQL cluster: users, roles and databases.
 */
import mysql from "mysql2/promise";
import pg from "pg";
import { serverFromEnvironment } from "./db-mariadb";
import { isRunAlive, runOfName, TEST_NAME_LIKE } from "./db-test-objects";

export interface TestObject {
  server: string;
  kind: "user" | "role" | "database";
  name: string;
  /** MySQL accounts: the host part. */
  host?: string;
  run: string;
}

export interface MariaDbAdmin {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface PostgresAdmin {
  host: string;
  port: number;
  user: string;
  password?: string;
}

type Row = Record<string, unknown>;

async function withMysql<T>(admin: MariaDbAdmin, work: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({ ...admin, connectTimeout: 3_000 });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

async function withPostgres<T>(admin: PostgresAdmin, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...admin, database: "postgres", connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function tagged(server: string, objects: Omit<TestObject, "server" | "run">[]): TestObject[] {
  return objects.flatMap((object) => {
    const run = runOfName(object.name);
    return run ? [{ ...object, server, run }] : [];
  });
}

/** Every test-made user, role and database on the server. */
export async function mariadbTestObjects(admin: MariaDbAdmin): Promise<TestObject[]> {
  return withMysql(admin, async (c) => {
    const likes = TEST_NAME_LIKE.map(() => "User LIKE ?").join(" OR ");
    const [accounts] = await c.query(
      `SELECT User AS name, Host AS host, is_role AS isRole FROM mysql.user WHERE ${likes}`,
      TEST_NAME_LIKE,
    );
    const [databases] = await c.query("SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA");
    return tagged(`mariadb ${admin.host}:${admin.port}`, [
      ...(accounts as Row[]).map((row) => ({
        kind: String(row.isRole).toUpperCase() === "Y" ? ("role" as const) : ("user" as const),
        name: String(row.name),
        host: String(row.host),
      })),
      ...(databases as Row[]).map((row) => ({ kind: "database" as const, name: String(row.name) })),
    ]);
  });
}

export async function dropMariaDbObjects(admin: MariaDbAdmin, objects: TestObject[]): Promise<void> {
  if (objects.length === 0) return;
  await withMysql(admin, async (c) => {
    for (const object of objects) {
      if (object.kind === "user") await c.query("DROP USER IF EXISTS ?@?", [object.name, object.host]);
      else if (object.kind === "role") await c.query(`DROP ROLE IF EXISTS ${c.escapeId(object.name)}`);
      else await c.query(`DROP DATABASE IF EXISTS ${c.escapeId(object.name)}`);
    }
  });
}

/** Every test-made role and database of the cluster. */
export async function postgresTestObjects(admin: PostgresAdmin): Promise<TestObject[]> {
  return withPostgres(admin, async (c) => {
    const roles = await c.query<{ name: string }>(
      "SELECT rolname AS name FROM pg_roles WHERE rolname ILIKE ANY($1::text[])",
      [TEST_NAME_LIKE],
    );
    const databases = await c.query<{ name: string }>(
      "SELECT datname AS name FROM pg_database WHERE datname ILIKE ANY($1::text[])",
      [TEST_NAME_LIKE],
    );
    return tagged(`postgresql ${admin.host}:${admin.port}`, [
      ...roles.rows.map((row) => ({ kind: "role" as const, name: row.name })),
      ...databases.rows.map((row) => ({ kind: "database" as const, name: row.name })),
    ]);
  });
}

export async function dropPostgresObjects(admin: PostgresAdmin, objects: TestObject[]): Promise<void> {
  if (objects.length === 0) return;
  await withPostgres(admin, async (c) => {
    for (const object of objects.filter((o) => o.kind === "database")) {
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(object.name)} WITH (FORCE)`);
    }
    for (const object of objects.filter((o) => o.kind === "role")) {
      const role = pg.escapeIdentifier(object.name);
      const exists = await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [object.name]);
      if (exists.rowCount === 0) continue;
      await c.query(`DROP OWNED BY ${role}`);
      await c.query(`DROP ROLE ${role}`);
    }
  });
}

export interface Server {
  name: string;
  list(): Promise<TestObject[]>;
  drop(objects: TestObject[]): Promise<void>;
}

export function mariadb(admin: MariaDbAdmin): Server {
  return {
    name: `MariaDB ${admin.host}:${admin.port}`,
    list: () => mariadbTestObjects(admin),
    drop: (objects) => dropMariaDbObjects(admin, objects),
  };
}

export function postgres(admin: PostgresAdmin): Server {
  return {
    name: `PostgreSQL ${admin.host}:${admin.port}`,
    list: () => postgresTestObjects(admin),
    drop: (objects) => dropPostgresObjects(admin, objects),
  };
}

/** The machine's servers every run shares. */
export function sharedServers(): Server[] {
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
export async function objectsOn(
  server: Server,
  keep: (object: TestObject) => boolean,
): Promise<TestObject[]> {
  try {
    return (await server.list()).filter(keep);
  } catch {
    return [];
  }
}

/**
 * Drops, from the shared servers, the objects of runs whose process is gone (not `currentRun`'s, nor
 * those of any run still going); answers how many per server.
 *
 * @example
 * await sweepKilledRuns(runIdOf(process.pid)); // [["MariaDB 127.0.0.1:3306", 3]]
 */
export async function sweepKilledRuns(currentRun: string): Promise<[string, number][]> {
  const swept: [string, number][] = [];
  for (const server of sharedServers()) {
    const dead = await objectsOn(server, (object) => object.run !== currentRun && !isRunAlive(object.run));
    await server.drop(dead).catch(() => undefined);
    if (dead.length > 0) swept.push([server.name, dead.length]);
  }
  return swept;
}
