/** MariaDB (or MySQL) for rotation tests: the machine's server, its root, and disposable users. */
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { availableOrSkip, errorName } from "./db-availability";

export interface MariaDbServer {
  host: string;
  port: number;
  rootUser: string;
  rootPassword: string;
}

function serverFromEnvironment(): MariaDbServer {
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

/** A fresh user name no other test uses (short: MySQL allows 32 characters with `_clone`). */
export function uniqueMariaDbUser(prefix = "rot"): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

/** Creates `user`@`host` with `password`; grants are the caller's. */
export async function createMariaDbUser(
  server: MariaDbServer,
  user: string,
  password: string,
  host = "%",
): Promise<void> {
  await asMariaDbRoot(server, (c) => c.query("CREATE USER ?@? IDENTIFIED BY ?", [user, host, password]));
}

export async function dropMariaDbUsers(server: MariaDbServer, users: string[]): Promise<void> {
  await asMariaDbRoot(server, async (c) => {
    for (const user of users) {
      const [rows] = await c.query("SELECT Host AS host FROM mysql.user WHERE User = ?", [user]);
      for (const row of rows as { host: string }[]) await c.query("DROP USER ?@?", [user, row.host]);
    }
  });
}
