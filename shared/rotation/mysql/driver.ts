/**
 * MySQL and MariaDB for the database strategies, with `mysql2`. Every value goes in through `mysql2`'s
 * escaping (`?` placeholders) with backslash escapes on for the session, and an account's host part is
 * always kept: the single user changes its own account's password, the master looks the hosts up.
 * Passwords are sent as the mysql_native_password hash the server stores (native-password.ts); an
 * account with another authentication plugin is refused (`UnsupportedAuthPlugin`).
 */
import { createHash } from "node:crypto";
import net from "node:net";
import mysql from "mysql2/promise";
import type { DatabaseSecret } from "../database/credentials.js";
import type { DatabaseDriver, DatabaseSession } from "../database/driver.js";
import type { TlsSettings } from "../database/tls.js";
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { elevatedIn, parseGrant, rewriteGrant } from "./grants.js";
import { mysqlNativeHash, NATIVE_PASSWORD_PLUGIN, pluginOf } from "./native-password.js";

/** ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR (MariaDB's other "denied"). */
const REFUSED = new Set([1045, 1044, 1698]);
const CONNECT_TIMEOUT_MS = 5_000;

function sslOption(tls: TlsSettings): mysql.ConnectionOptions["ssl"] {
  if (tls.mode === "off") return undefined;
  // verifyIdentity: mysql2 checks the certificate's name (against its `host`, see endpointOptions).
  return { rejectUnauthorized: true, verifyIdentity: true, ...(tls.ca ? { ca: tls.ca } : {}) };
}

/**
 * Where to connect. mysql2 checks the certificate against its `host` option only (it takes no
 * `servername` or `checkServerIdentity`), and for an IP `host` it checks nothing itself: Node then falls
 * back to the socket's `_host`, which `net.connect` leaves unset for an IP, and so to "localhost". So
 * with TLS the TCP connection is opened here, to the secret's host: mysql2 is given the configured
 * server name as `host` (SNI and the name check), or, with none, the socket carries the IP as `_host`
 * for Node's check. Either way the certificate is verified against the right name before any credential
 * is sent.
 */
function endpointOptions(
  secret: Pick<DatabaseSecret, "host" | "port">,
  tls: TlsSettings,
): Pick<mysql.ConnectionOptions, "host" | "port" | "stream"> {
  if (tls.mode !== "verify") return { host: secret.host, port: secret.port };
  const name = tls.servername ?? secret.host;
  return {
    host: name,
    port: secret.port,
    stream: () => {
      const socket = net.connect(secret.port, secret.host);
      // Read by Node's TLS client when neither `servername` nor `host` is given to tls.connect.
      (socket as net.Socket & { _host?: string })._host = name;
      socket.setNoDelay(true);
      return socket;
    },
  };
}

type Row = Record<string, unknown>;

async function rows(connection: mysql.Connection, sql: string, values: unknown[] = []): Promise<Row[]> {
  const [result] = await connection.query(sql, values);
  return Array.isArray(result) ? (result as Row[]) : [];
}

/** The hosts of a user's accounts (a MariaDB role is a row with an empty host, never one of them). */
async function hostsOf(connection: mysql.Connection, user: string, isMariaDb: boolean): Promise<string[]> {
  // is_role is compared here, not in SQL: MariaDB's mysql.user view mixes collations.
  const found = await rows(
    connection,
    `SELECT Host AS host${isMariaDb ? ", is_role AS isRole" : ""} FROM mysql.user WHERE User = ?`,
    [user],
  );
  return found
    .filter((row) => String(row.isRole ?? "N").toUpperCase() !== "Y")
    .map((row) => String(row.host));
}

/** The lines `SHOW GRANTS` answers for an account (`host` given) or a MariaDB role (no host). */
async function grantsOf(connection: mysql.Connection, user: string, host?: string): Promise<string[]> {
  const found =
    host === undefined
      ? await rows(connection, "SHOW GRANTS FOR ?", [user])
      : await rows(connection, "SHOW GRANTS FOR ?@?", [user, host]);
  return found.map((row) => String(Object.values(row)[0] ?? ""));
}

/**
 * The role `ensureUserLike` grants each account of a twin it made for `base`: the mark
 * `isMarkedCloneOf` checks (MariaDB has no comment or attribute on a user). MySQL 8 allows 32 characters
 * for a role, so there the name is a digest of the base user's.
 */
export function cloneMarkRole(base: string, isMariaDb: boolean): string {
  if (isMariaDb) return `rotation_clone_of_${base}`;
  return `rotclone_${createHash("sha256").update(base).digest("hex").slice(0, 20)}`;
}

function unsupportedPlugin(account: string, plugin: string): StrategyError {
  return new StrategyError(
    RotationErrorCodes.UnsupportedAuthPlugin,
    `the account ${account} authenticates with ${plugin}: only ${NATIVE_PASSWORD_PLUGIN} accounts are rotated, since only their stored hash can be sent instead of the password`,
  );
}

/** Refuses an account whose password the function cannot set as a hash (see native-password.ts). */
async function assertNativePassword(
  connection: mysql.Connection,
  account: string,
  createUserSql: string,
  values: unknown[],
): Promise<void> {
  const [row] = await rows(connection, createUserSql, values);
  const plugin = pluginOf(String(Object.values(row ?? {})[0] ?? ""));
  // "none": a MariaDB account without a password, which is a mysql_native_password one.
  if (plugin !== NATIVE_PASSWORD_PLUGIN && plugin !== "none") throw unsupportedPlugin(account, plugin);
}

function session(connection: mysql.Connection, isMariaDb: boolean): DatabaseSession {
  // The hash the server stores, never the password: statements reach the general and binary logs.
  const identifiedBy = isMariaDb ? "IDENTIFIED BY PASSWORD ?" : "IDENTIFIED WITH mysql_native_password AS ?";
  const account = (user: string, host: string) => connection.format("?@?", [user, host]);
  return {
    async currentUser() {
      const [row] = await rows(connection, "SELECT CURRENT_USER() AS account");
      return String(row?.account ?? "");
    },
    async setOwnPassword(username, password) {
      await assertNativePassword(connection, username, "SHOW CREATE USER CURRENT_USER()", []);
      // MariaDB lets a user change its own password with SET PASSWORD only; MySQL 8 with ALTER USER.
      if (isMariaDb) await connection.query("SET PASSWORD = ?", [mysqlNativeHash(password)]);
      else await connection.query(`ALTER USER CURRENT_USER() ${identifiedBy}`, [mysqlNativeHash(password)]);
    },
    async setUserPassword(username, password) {
      const hosts = await hostsOf(connection, username, isMariaDb);
      if (hosts.length === 0) throw new Error("the user to change has no account on the server");
      for (const host of hosts) {
        await assertNativePassword(connection, account(username, host), "SHOW CREATE USER ?@?", [
          username,
          host,
        ]);
      }
      for (const host of hosts) {
        await connection.query(`ALTER USER ?@? ${identifiedBy}`, [username, host, mysqlNativeHash(password)]);
      }
    },
    userExists: async (username) => (await hostsOf(connection, username, isMariaDb)).length > 0,
    async isMarkedCloneOf(clone, base) {
      const hosts = await hostsOf(connection, clone, isMariaDb);
      const mark = cloneMarkRole(base, isMariaDb);
      for (const host of hosts) {
        const marked = isMariaDb
          ? await rows(
              connection,
              "SELECT 1 FROM mysql.roles_mapping WHERE User = ? AND Host = ? AND Role = ?",
              [clone, host, mark],
            )
          : await rows(
              connection,
              "SELECT 1 FROM mysql.role_edges WHERE TO_USER = ? AND TO_HOST = ? AND FROM_USER = ?",
              [clone, host, mark],
            );
        if (marked.length === 0) return false;
      }
      return hosts.length > 0;
    },
    async ensureUserLike(template, username, password) {
      const hosts = await hostsOf(connection, template, isMariaDb);
      if (hosts.length === 0) throw new Error("the original user has no account on the server");
      const mark = connection.escapeId(cloneMarkRole(template, isMariaDb));
      await connection.query(`CREATE ROLE IF NOT EXISTS ${mark}`);
      for (const host of hosts) {
        await connection.query(`CREATE USER IF NOT EXISTS ?@? ${identifiedBy}`, [
          username,
          host,
          mysqlNativeHash(password),
        ]);
        const clone = account(username, host);
        for (const grant of await grantsOf(connection, template, host)) {
          const statement = rewriteGrant(grant, template, host, clone);
          if (statement) await connection.query(statement);
        }
        await connection.query(`GRANT ${mark} TO ${clone}`);
      }
    },
    async elevatedPrivileges(username) {
      const found = new Set<string>();
      // The user's accounts, then every role granted to them (roles can be switched to with SET ROLE).
      const queue: { user: string; host?: string; via: string }[] = (
        await hostsOf(connection, username, isMariaDb)
      ).map((host) => ({ user: username, host, via: "" }));
      const seen = new Set<string>();
      while (queue.length > 0 && seen.size < 200) {
        const next = queue.shift() as (typeof queue)[number];
        const key = JSON.stringify([next.user, next.host]);
        if (seen.has(key)) continue;
        seen.add(key);
        for (const line of await grantsOf(connection, next.user, next.host)) {
          const grant = parseGrant(line);
          if (!grant) continue;
          for (const reason of elevatedIn(grant)) found.add(`${reason}${next.via}`);
          for (const role of grant.roles) {
            // MariaDB roles have no host; MySQL 8 roles are accounts (`r`@`%`).
            const host = role.host ?? (isMariaDb ? undefined : "%");
            queue.push({
              user: role.name,
              ...(host !== undefined ? { host } : {}),
              via: ` (through the role ${role.name})`,
            });
          }
        }
      }
      return [...found].map((reason) => ({ kind: "power" as const, reason }));
    },
    close: () => connection.end(),
  };
}

function isRefusal(error: unknown): boolean {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === "number" && REFUSED.has(errno);
}

/**
 * @example
 * const session = await mysqlDriver().login(secret, tlsSettings(secret));
 */
export function mysqlDriver(): DatabaseDriver {
  return {
    engines: ["mysql", "mariadb", "aurora-mysql", "aurora"],
    defaultPort: 3306,
    // MySQL 8 accepts 32 characters, MariaDB 80: the smaller keeps one secret valid on both.
    maxUsernameLength: 32,
    async login(secret: DatabaseSecret, tls: TlsSettings) {
      let connection: mysql.Connection;
      try {
        connection = await mysql.createConnection({
          ...endpointOptions(secret, tls),
          user: secret.username,
          password: secret.password,
          ...(secret.dbname ? { database: secret.dbname } : {}),
          ssl: sslOption(tls),
          connectTimeout: CONNECT_TIMEOUT_MS,
          multipleStatements: false,
        });
      } catch (error) {
        if (isRefusal(error)) return "refused";
        throw error;
      }
      connection.on("error", () => undefined);
      try {
        await connection.query("SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
        const [row] = await rows(connection, "SELECT VERSION() AS version");
        return session(connection, String(row?.version ?? "").includes("MariaDB"));
      } catch (error) {
        await connection.end().catch(() => undefined);
        throw error;
      }
    },
  };
}
