/** MariaDB (or MySQL) for rotation tests: the machine's server, its root, and disposable users. */
import mysql from "mysql2/promise";
import { mysqlNativeHash } from "../../shared/rotation/mysql/native-password";
import { availableOrSkip, errorName } from "./db-availability";
import { testObjectName } from "./db-test-objects";

export interface MariaDbServer {
  host: string;
  port: number;
  rootUser: string;
  rootPassword: string;
}

/** The machine's server, shared by every test run (`MYSQL_HOST`, `MYSQL_PORT`, `MYSQL_ROOT_USER`, ...). */
export function serverFromEnvironment(): MariaDbServer {
  return {
    host: process.env.MYSQL_HOST ?? "127.0.0.1",
    port: Number(process.env.MYSQL_PORT ?? 3306),
    rootUser: process.env.MYSQL_ROOT_USER ?? "root",
    rootPassword: process.env.MYSQL_ROOT_PASSWORD ?? "",
  };
}

export async function asMariaDbRoot<T>(
  server: MariaDbServer,
  work: (c: mysql.Connection) => Promise<T>,
): Promise<T> {
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.rootUser,
    password: server.rootPassword,
    connectTimeout: 5_000,
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/**
 * The server, or undefined (skipped loudly, or a failure under REQUIRE_DB=1).
 *
 * @example
 * const server = await mariadbForTests();
 */
export async function mariadbForTests(): Promise<MariaDbServer | undefined> {
  const server = serverFromEnvironment();
  try {
    await asMariaDbRoot(server, (c) => c.query("SELECT 1"));
    return server;
  } catch (error) {
    return availableOrSkip(`MariaDB/MySQL on ${server.host}:${server.port}`, undefined, errorName(error));
  }
}

/** Whether `user` logs in with `password` (false when refused; other failures throw). */
export async function mariadbLogsIn(
  server: MariaDbServer,
  user: string,
  password: string,
  port = server.port,
): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({
      host: server.host,
      port,
      user,
      password,
      connectTimeout: 5_000,
    });
    await connection.query("SELECT 1");
    await connection.end();
    return true;
  } catch (error) {
    if ((error as { errno?: number }).errno === 1045) return false;
    throw error;
  }
}

/**
 * A fresh name of this run no other test uses, for a user, role or database (22 characters: MySQL allows
 * 32 with `_clone`; the end-of-run check finds any left behind: db-test-objects.ts).
 */
export function uniqueMariaDbUser(kind = "u"): string {
  return testObjectName(kind);
}

/**
 * Creates `user`@`host` with `password` (sent as the hash the server stores, so the password itself never
 * reaches the server's logs, which a test searches); grants are the caller's.
 */
export async function createMariaDbUser(
  server: MariaDbServer,
  user: string,
  password: string,
  host = "%",
): Promise<void> {
  await asMariaDbRoot(server, (c) =>
    c.query("CREATE USER ?@? IDENTIFIED BY PASSWORD ?", [user, host, mysqlNativeHash(password)]),
  );
}

/**
 * Drops every account of each user name (any host), each role of that name, and the role that marks a
 * clone of it (`rotation_clone_of_<name>`), ignoring names that do not exist.
 */
export async function dropMariaDbUsers(server: MariaDbServer, users: string[]): Promise<void> {
  if (users.length === 0) return;
  await asMariaDbRoot(server, async (c) => {
    for (const user of users) {
      for (const name of [user, `rotation_clone_of_${user}`]) {
        const [rows] = await c.query(
          "SELECT Host AS host, is_role AS isRole FROM mysql.user WHERE User = ?",
          [name],
        );
        for (const row of rows as { host: string; isRole: string }[]) {
          if (row.isRole === "Y") await c.query(`DROP ROLE ${c.escapeId(name)}`);
          else await c.query("DROP USER ?@?", [name, row.host]);
        }
      }
    }
  });
}

/** Drops databases that exist, ignoring those that do not. */
export async function dropMariaDbDatabases(server: MariaDbServer, databases: string[]): Promise<void> {
  if (databases.length === 0) return;
  await asMariaDbRoot(server, async (c) => {
    for (const database of databases) await c.query(`DROP DATABASE IF EXISTS ${c.escapeId(database)}`);
  });
}
