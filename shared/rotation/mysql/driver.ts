/**
 * MySQL and MariaDB for the database strategies, with `mysql2`. Every value goes in through `mysql2`'s
 * escaping (`?` placeholders) with backslash escapes on for the session, and an account's host part is
 * always kept: the single user changes its own account's password, the master looks the hosts up.
 */
import mysql from "mysql2/promise";
import type { DatabaseSecret } from "../database/credentials.js";
import type { DatabaseDriver, DatabaseSession } from "../database/driver.js";
import type { TlsSettings } from "../database/tls.js";
import { rewriteGrant } from "./grants.js";

/** ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR (MariaDB's other "denied"). */
const REFUSED = new Set([1045, 1044, 1698]);
const CONNECT_TIMEOUT_MS = 5_000;

function sslOption(tls: TlsSettings): mysql.ConnectionOptions["ssl"] {
  if (tls.mode === "off") return undefined;
  // mysql2 checks the certificate against the host it connects to; verifyIdentity turns that check on.
  return { rejectUnauthorized: true, verifyIdentity: true, ...(tls.ca ? { ca: tls.ca } : {}) };
}

type Row = Record<string, unknown>;

async function rows(connection: mysql.Connection, sql: string, values: unknown[] = []): Promise<Row[]> {
  const [result] = await connection.query(sql, values);
  return Array.isArray(result) ? (result as Row[]) : [];
}

async function hostsOf(connection: mysql.Connection, user: string): Promise<string[]> {
  const found = await rows(connection, "SELECT Host AS host FROM mysql.user WHERE User = ?", [user]);
  return found.map((row) => String(row.host));
}

function session(connection: mysql.Connection, isMariaDb: boolean): DatabaseSession {
  return {
    async currentUser() {
      const [row] = await rows(connection, "SELECT CURRENT_USER() AS account");
      return String(row?.account ?? "");
    },
    async setOwnPassword(_username, password) {
      // MariaDB lets a user change its own password with SET PASSWORD only; MySQL 8 with ALTER USER.
      if (isMariaDb) await connection.query("SET PASSWORD = PASSWORD(?)", [password]);
      else await connection.query("ALTER USER CURRENT_USER() IDENTIFIED BY ?", [password]);
    },
    async setUserPassword(username, password) {
      const hosts = await hostsOf(connection, username);
      if (hosts.length === 0) throw new Error("the user to change has no account on the server");
      for (const host of hosts) {
        await connection.query("ALTER USER ?@? IDENTIFIED BY ?", [username, host, password]);
      }
    },
    async ensureUserLike(template, username, password) {
      const hosts = await hostsOf(connection, template);
      if (hosts.length === 0) throw new Error("the original user has no account on the server");
      for (const host of hosts) {
        await connection.query("CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?", [username, host, password]);
        const clone = connection.format("?@?", [username, host]);
        for (const grant of await rows(connection, "SHOW GRANTS FOR ?@?", [template, host])) {
          const statement = rewriteGrant(String(Object.values(grant)[0] ?? ""), template, host, clone);
          if (statement) await connection.query(statement);
        }
      }
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
          host: secret.host,
          port: secret.port,
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
