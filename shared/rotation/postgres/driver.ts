/**
 * PostgreSQL for the database strategies, with `pg`. Passwords are sent as SCRAM-SHA-256 verifiers,
 * identifiers and literals are quoted by `pg`'s own escaping, and every connection is either TLS with
 * the certificate verified or plain because the secret said so (see ../database/tls.ts).
 */
import pg from "pg";
import type { DatabaseSecret } from "../database/credentials.js";
import type { DatabaseDriver, DatabaseSession, Privilege } from "../database/driver.js";
import type { TlsSettings } from "../database/tls.js";
import { scramSha256Verifier } from "./scram.js";

/** SQLSTATEs of a refused login: invalid_password, invalid_authorization_specification. */
const REFUSED = new Set(["28P01", "28000"]);
const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 10_000;

function sslOption(tls: TlsSettings): pg.ClientConfig["ssl"] {
  if (tls.mode === "off") return false;
  return {
    rejectUnauthorized: true,
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
  };
}

const ident = (name: string): string => pg.escapeIdentifier(name);
const literal = (text: string): string => pg.escapeLiteral(text);

/** The comment `ensureUserLike` puts on a twin it made for `base`: the mark `isMarkedCloneOf` checks. */
export function cloneMark(base: string): string {
  return `secrets-manager-lambdas alternating-users clone of ${JSON.stringify(base)}`;
}

/**
 * Cluster-level powers, held by the role or by any role it is a member of (directly or through a
 * chain: it can SET ROLE to them): SUPERUSER, CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS, membership
 * of any predefined `pg_*` role (they read every table, the server's files, other sessions...) except
 * `pg_database_owner` (which only stands for a database's owner), and owning a database.
 */
async function privilegesOf(client: pg.Client, username: string): Promise<Privilege[]> {
  const roles = await client.query<{
    rolname: string;
    rolsuper: boolean;
    rolcreaterole: boolean;
    rolcreatedb: boolean;
    rolreplication: boolean;
    rolbypassrls: boolean;
  }>(
    `SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls
       FROM pg_roles u JOIN pg_roles r ON pg_has_role(u.oid, r.oid, 'MEMBER')
      WHERE u.rolname = $1
      ORDER BY r.rolname`,
    [username],
  );
  const found: Privilege[] = [];
  for (const role of roles.rows) {
    const via = role.rolname === username ? "" : ` (through the role ${role.rolname})`;
    const attributes: [boolean, string][] = [
      [role.rolsuper, "SUPERUSER"],
      [role.rolcreaterole, "CREATEROLE"],
      [role.rolcreatedb, "CREATEDB"],
      [role.rolreplication, "REPLICATION"],
      [role.rolbypassrls, "BYPASSRLS"],
    ];
    for (const [held, name] of attributes) if (held) found.push({ kind: "power", reason: `${name}${via}` });
    if (role.rolname.startsWith("pg_") && role.rolname !== "pg_database_owner") {
      found.push({ kind: "power", reason: `member of ${role.rolname}` });
    }
  }
  const databases = await client.query<{ datname: string; owner: string }>(
    `SELECT d.datname, o.rolname AS owner
       FROM pg_database d JOIN pg_roles o ON o.oid = d.datdba JOIN pg_roles u ON u.rolname = $1
      WHERE pg_has_role(u.oid, d.datdba, 'MEMBER')
      ORDER BY d.datname`,
    [username],
  );
  for (const database of databases.rows) {
    const via = database.owner === username ? "" : ` (through the role ${database.owner})`;
    found.push({ kind: "owner", reason: `owns the database ${database.datname}${via}` });
  }
  return found;
}

function session(client: pg.Client): DatabaseSession {
  const setPassword = async (username: string, password: string) => {
    await client.query(
      `ALTER ROLE ${ident(username)} WITH PASSWORD ${literal(scramSha256Verifier(password))}`,
    );
  };
  const exists = async (username: string) =>
    ((await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [username])).rowCount ?? 0) > 0;
  return {
    async currentUser() {
      const result = await client.query<{ user: string }>("SELECT current_user AS user");
      return result.rows[0]?.user ?? "";
    },
    setOwnPassword: setPassword,
    setUserPassword: setPassword,
    userExists: exists,
    async isMarkedCloneOf(clone, base) {
      const result = await client.query<{ mark: string | null }>(
        "SELECT shobj_description(oid, 'pg_authid') AS mark FROM pg_roles WHERE rolname = $1",
        [clone],
      );
      return result.rows[0]?.mark === cloneMark(base);
    },
    async ensureUserLike(template, username, password) {
      // One transaction: the role never exists without its memberships and its mark, whatever dies half-way.
      await client.query("BEGIN");
      try {
        if (!(await exists(username))) {
          await client.query(
            `CREATE ROLE ${ident(username)} WITH LOGIN PASSWORD ${literal(scramSha256Verifier(password))}`,
          );
        }
        await client.query(`COMMENT ON ROLE ${ident(username)} IS ${literal(cloneMark(template))}`);
        const memberships = await client.query<{ rolname: string }>(
          `SELECT r.rolname FROM pg_auth_members m
             JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
           WHERE u.rolname = $1`,
          [template],
        );
        // The original's roles, and the original itself so that grants made to it directly carry over.
        for (const role of [...memberships.rows.map((row) => row.rolname), template]) {
          await client.query(`GRANT ${ident(role)} TO ${ident(username)}`);
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
    elevatedPrivileges: (username) => privilegesOf(client, username),
    close: () => client.end(),
  };
}

function isRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && REFUSED.has(code);
}

/**
 * @example
 * const session = await postgresDriver().login(secret, tlsSettings(secret));
 */
export function postgresDriver(): DatabaseDriver {
  return {
    engines: ["postgres", "postgresql", "aurora-postgresql"],
    defaultPort: 5432,
    maxUsernameLength: 63,
    async login(secret: DatabaseSecret, tls: TlsSettings) {
      const client = new pg.Client({
        host: secret.host,
        port: secret.port,
        user: secret.username,
        password: secret.password,
        database: secret.dbname ?? "postgres",
        ssl: sslOption(tls),
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        statement_timeout: STATEMENT_TIMEOUT_MS,
        application_name: "secrets-rotation",
      });
      // A dropped connection must not crash the process through an unhandled 'error' event.
      client.on("error", () => undefined);
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        if (isRefusal(error)) return "refused";
        throw error;
      }
      return session(client);
    },
  };
}
