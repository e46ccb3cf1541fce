/**
 * The database subjects of the rotation contract: how each strategy's secret is made on a real server,
 * and how a test tells whether a secret's credentials log in. Initial passwords are full of the
 * characters that break naive quoting, and user names have capitals (PostgreSQL) to prove quoting.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { DEFAULT_MASTER_PREFIX } from "../../shared/rotation/database/alternating-policy";
import { alternatingUsersStrategy } from "../../shared/rotation/database/alternating-users";
import { singleUserStrategy } from "../../shared/rotation/database/single-user";
import { mysqlDriver } from "../../shared/rotation/mysql/driver";
import { postgresDriver } from "../../shared/rotation/postgres/driver";
import { createSecret } from "../../shared/secrets";
import {
  asMariaDbRoot,
  createMariaDbUser,
  dropMariaDbDatabases,
  dropMariaDbUsers,
  type MariaDbServer,
  mariadbLogsIn,
  uniqueMariaDbUser,
} from "./db-mariadb";
import {
  asPostgresAdmin,
  createPostgresRole,
  dropPostgresRoles,
  type PostgresCluster,
  postgresLogsIn,
  postgresSecretValue,
  scramblePostgresPassword,
  uniqueRoleName,
} from "./db-postgres";
import type { RotationSubject, SubjectContext } from "./rotation-contract";

/**
 * The subject, its cleanup registered for the end of the describe block that made it (whatever happened
 * in it), so users made by any test of that block, inside a contract suite or after it, are dropped.
 */
function cleanedUp<S extends RotationSubject>(subject: S): S {
  afterAll(async () => {
    await subject.cleanup?.();
  });
  return subject;
}

/** A password made of everything that breaks quoting: quotes, backslash, dollar, semicolon, comment, percent, spaces. */
export function nastyPassword(): string {
  return `it's "q" \\ $1 ; -- 100% ${randomBytes(6).toString("hex")} `;
}

interface DbValue {
  host: string;
  username: string;
  password: string;
  port: number;
}

const parse = (value: string) => JSON.parse(value) as DbValue;

/** The secret's `host` as the context asks (another address of the machine), else as it is. */
function withHost(value: Record<string, unknown>, context: SubjectContext): Record<string, unknown> {
  return context.host ? { ...value, host: context.host } : value;
}

/**
 * Master secrets live under the alternating functions' default master prefix, outside the API's; the
 * value lists the users the master may rotate (`rotatableUsers`).
 */
export async function masterSecretArn(
  context: SubjectContext,
  value: Record<string, unknown>,
): Promise<string> {
  const created = await createSecret(
    {
      name: `${DEFAULT_MASTER_PREFIX}${randomBytes(4).toString("hex")}`,
      value: { kind: "string", text: JSON.stringify(value) },
    },
    { client: context.client },
  );
  return created.arn;
}

/** PostgreSQL single user; the secret asks for verified TLS (`ssl: true`, the test CA, server name localhost). */
export function postgresSingleUser(cluster: PostgresCluster): RotationSubject {
  const roles: string[] = [];
  return cleanedUp({
    functionName: "postgres-single-user",
    strategy: () => singleUserStrategy("postgres-single-user", postgresDriver()),
    databasePort: cluster.port,
    async newSecretValue(context) {
      const username = uniqueRoleName("r");
      const password = nastyPassword();
      roles.push(username);
      await createPostgresRole(cluster, username, password);
      return JSON.stringify(
        withHost(postgresSecretValue(cluster, username, password, context.port ?? cluster.port), context),
      );
    },
    logsIn: async (value) => {
      const { host, username, password, port } = parse(value);
      return postgresLogsIn({ ...cluster, host }, username, password, port);
    },
    sabotage: async (value) => scramblePostgresPassword(cluster, parse(value).username),
    cleanup: () => dropPostgresRoles(cluster, roles.splice(0)),
  });
}

/** PostgreSQL alternating users: the app role reads a table through a group role; the master has CREATEROLE. */
export function postgresAlternatingUsers(
  cluster: PostgresCluster,
): RotationSubject & { tableOf(username: string): string } {
  const roles: string[] = [];
  const tables = new Map<string, string>();
  return cleanedUp({
    functionName: "postgres-alternating-users",
    strategy: () => alternatingUsersStrategy("postgres-alternating-users", postgresDriver()),
    databasePort: cluster.port,
    tableOf: (username) => tables.get(username.replace(/_clone$/, "")) ?? "",
    async newSecretValue(context) {
      const [username, master, readers] = [uniqueRoleName("a"), uniqueRoleName("m"), uniqueRoleName("g")];
      const table = `rot_t_${randomBytes(4).toString("hex")}`;
      roles.push(`${username}_clone`, username, readers, master);
      tables.set(username, table);
      const masterPassword = nastyPassword();
      const password = nastyPassword();
      await createPostgresRole(cluster, master, masterPassword, "CREATEROLE");
      await createPostgresRole(cluster, username, password);
      await asPostgresAdmin(cluster, async (client) => {
        await client.query(`CREATE ROLE ${pg.escapeIdentifier(readers)} NOLOGIN`);
        await client.query(`CREATE TABLE ${table} (n int)`);
        await client.query(`INSERT INTO ${table} VALUES (42)`);
        await client.query(`GRANT SELECT ON ${table} TO ${pg.escapeIdentifier(readers)}`);
        await client.query(`GRANT ${pg.escapeIdentifier(readers)} TO ${pg.escapeIdentifier(username)}`);
        // PostgreSQL 15: a CREATEROLE master grants any non-superuser role, and sets any such role's password.
      });
      const port = context.port ?? cluster.port;
      const masterarn = await masterSecretArn(context, {
        ...withHost(postgresSecretValue(cluster, master, masterPassword, port), context),
        rotatableUsers: [username],
      });
      return JSON.stringify({
        ...withHost(postgresSecretValue(cluster, username, password, port), context),
        masterarn,
      });
    },
    logsIn: async (value) => {
      const { host, username, password, port } = parse(value);
      return postgresLogsIn({ ...cluster, host }, username, password, port);
    },
    sabotage: async (value) => scramblePostgresPassword(cluster, parse(value).username),
    async cleanup() {
      await asPostgresAdmin(cluster, async (client) => {
        for (const table of tables.values()) await client.query(`DROP TABLE IF EXISTS ${table}`);
      });
      tables.clear();
      await dropPostgresRoles(cluster, roles.splice(0));
    },
  });
}

/** MySQL/MariaDB single user, an account whose host part is 127.0.0.1 (kept by the rotation). */
export function mysqlSingleUser(server: MariaDbServer): RotationSubject {
  const users: string[] = [];
  return cleanedUp({
    functionName: "mysql-single-user",
    strategy: () => singleUserStrategy("mysql-single-user", mysqlDriver()),
    databasePort: server.port,
    async newSecretValue(context) {
      const username = uniqueMariaDbUser("s");
      const password = nastyPassword();
      users.push(username);
      await createMariaDbUser(server, username, password, "127.0.0.1");
      return JSON.stringify({
        engine: "mariadb",
        host: context.host ?? server.host,
        port: context.port ?? server.port,
        username,
        password,
        ssl: false,
      });
    },
    logsIn: async (value) => {
      const { host, username, password, port } = parse(value);
      return mariadbLogsIn({ ...server, host }, username, password, port);
    },
    sabotage: async (value) => {
      await asMariaDbRoot(server, (c) =>
        c.query("ALTER USER ?@'127.0.0.1' IDENTIFIED BY ?", [
          parse(value).username,
          randomBytes(16).toString("hex"),
        ]),
      );
    },
    cleanup: () => dropMariaDbUsers(server, users.splice(0)),
  });
}

/** MySQL/MariaDB alternating users: the app user reads a database; the master may create users and grant. */
export function mysqlAlternatingUsers(
  server: MariaDbServer,
): RotationSubject & { databaseOf(username: string): string } {
  const users: string[] = [];
  const databases = new Map<string, string>();
  return cleanedUp({
    functionName: "mysql-alternating-users",
    strategy: () => alternatingUsersStrategy("mysql-alternating-users", mysqlDriver()),
    databasePort: server.port,
    databaseOf: (username) => databases.get(username.replace(/_clone$/, "")) ?? "",
    async newSecretValue(context) {
      const [username, master, database] = [
        uniqueMariaDbUser("a"),
        uniqueMariaDbUser("m"),
        uniqueMariaDbUser("db"),
      ];
      users.push(username, `${username}_clone`, master);
      databases.set(username, database);
      const [password, masterPassword] = [nastyPassword(), nastyPassword()];
      await createMariaDbUser(server, master, masterPassword, "%");
      await createMariaDbUser(server, username, password, "%");
      await asMariaDbRoot(server, async (c) => {
        await c.query(`GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION`, [master]);
        await c.query(`CREATE DATABASE ${database}`);
        await c.query(`CREATE TABLE ${database}.t (n int)`);
        await c.query(`INSERT INTO ${database}.t VALUES (42)`);
        await c.query(`GRANT SELECT ON ${database}.* TO ?@'%'`, [username]);
      });
      const port = context.port ?? server.port;
      const base = { engine: "mariadb", host: context.host ?? server.host, port, ssl: false };
      const masterarn = await masterSecretArn(context, {
        ...base,
        username: master,
        password: masterPassword,
        rotatableUsers: [username],
      });
      return JSON.stringify({ ...base, username, password, masterarn });
    },
    logsIn: async (value) => {
      const { host, username, password, port } = parse(value);
      return mariadbLogsIn({ ...server, host }, username, password, port);
    },
    sabotage: async (value) => {
      await asMariaDbRoot(server, (c) =>
        c.query("ALTER USER ?@'%' IDENTIFIED BY ?", [parse(value).username, randomBytes(16).toString("hex")]),
      );
    },
    async cleanup() {
      await dropMariaDbDatabases(server, [...databases.values()]);
      databases.clear();
      await dropMariaDbUsers(server, users.splice(0));
    },
  });
}
