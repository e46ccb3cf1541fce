/**
 * MySQL and MariaDB for the database strategies, with `mysql2`. Every value goes in through `mysql2`'s
 * escaping (`?` placeholders) with backslash escapes on for the session, and an account's host part is
 * always kept: the single user changes its own account's password, the master looks the hosts up.
 */
import net from "node:net";
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

/** Global privileges that let an account make or empower other accounts. */
const POWERFUL_GLOBAL = [
  ["Super_priv", "SUPER"],
  ["Grant_priv", "GRANT OPTION"],
  ["Create_user_priv", "CREATE USER"],
] as const;

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
    async elevatedPrivileges(username) {
      const reasons = new Set<string>();
      // The user's accounts, then every role granted to them (roles can be switched to with SET ROLE).
      const queue: [string, string][] = (await hostsOf(connection, username)).map((host) => [username, host]);
      const seen = new Set<string>();
      while (queue.length > 0 && seen.size < 200) {
        const [user, host] = queue.shift() as [string, string];
        const key = JSON.stringify([user, host]);
        if (seen.has(key)) continue;
        seen.add(key);
        const via = user === username ? "" : ` (through the role ${user})`;
        const [account] = await rows(
          connection,
          "SELECT Super_priv, Grant_priv, Create_user_priv FROM mysql.user WHERE User = ? AND Host = ?",
          [user, host],
        );
        for (const [column, privilege] of POWERFUL_GLOBAL) {
          if (String(account?.[column] ?? "N").toUpperCase() === "Y") reasons.add(`${privilege}${via}`);
        }
        const databaseGrants = await rows(
          connection,
          "SELECT 1 AS found FROM mysql.db WHERE User = ? AND Host = ? AND Grant_priv = 'Y' LIMIT 1",
          [user, host],
        );
        if (databaseGrants.length > 0) reasons.add(`GRANT OPTION on a database${via}`);
        const roles = isMariaDb
          ? await rows(
              connection,
              "SELECT Role AS user, '' AS host FROM mysql.roles_mapping WHERE User = ? AND Host = ?",
              [user, host],
            )
          : await rows(
              connection,
              "SELECT FROM_USER AS user, FROM_HOST AS host FROM mysql.role_edges WHERE TO_USER = ? AND TO_HOST = ?",
              [user, host],
            );
        for (const role of roles) queue.push([String(role.user), String(role.host)]);
      }
      return [...reasons];
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
