/**
 * PostgreSQL for the database strategies, with `pg`. Passwords are sent as SCRAM-SHA-256 verifiers,
 * identifiers and literals are quoted by `pg`'s own escaping, and every connection is either TLS with
 * the certificate verified or plain because the secret said so (see ../database/tls.ts).
 */
import pg from "pg";
import type { DatabaseSecret } from "../database/credentials.js";
import type { DatabaseDriver, DatabaseSession } from "../database/driver.js";
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

/** Predefined roles whose members reach the server's files or programs: as good as a superuser. */
const SERVER_ACCESS_ROLES = ["pg_execute_server_program", "pg_read_server_files", "pg_write_server_files"];

const ident = (name: string): string => pg.escapeIdentifier(name);
const literal = (text: string): string => pg.escapeLiteral(text);

function session(client: pg.Client): DatabaseSession {
  const setPassword = async (username: string, password: string) => {
    await client.query(
      `ALTER ROLE ${ident(username)} WITH PASSWORD ${literal(scramSha256Verifier(password))}`,
    );
  };
  return {
    async currentUser() {
      const result = await client.query<{ user: string }>("SELECT current_user AS user");
      return result.rows[0]?.user ?? "";
    },
    setOwnPassword: setPassword,
    setUserPassword: setPassword,
    async ensureUserLike(template, username, password) {
      // One transaction: the role never exists without its memberships, whatever dies half-way.
      await client.query("BEGIN");
      try {
        const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [username]);
        if (exists.rowCount === 0) {
          await client.query(
            `CREATE ROLE ${ident(username)} WITH LOGIN PASSWORD ${literal(scramSha256Verifier(password))}`,
          );
        }
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
    async elevatedPrivileges(username) {
      // The role itself and every role it is a member of (directly or not: it may SET ROLE to them).
      const found = await client.query<{
        rolname: string;
        rolsuper: boolean;
        rolcreaterole: boolean;
        rolreplication: boolean;
        rolbypassrls: boolean;
      }>(
        `SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolreplication, r.rolbypassrls
           FROM pg_roles r
          WHERE pg_has_role((SELECT oid FROM pg_roles WHERE rolname = $1), r.oid, 'MEMBER')
            AND (r.rolsuper OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls
                 OR r.rolname = ANY($2::text[]))
          ORDER BY r.rolname`,
        [username, SERVER_ACCESS_ROLES],
      );
      const reasons: string[] = [];
      for (const role of found.rows) {
        const via = role.rolname === username ? "" : ` (through the role ${role.rolname})`;
        if (role.rolsuper) reasons.push(`SUPERUSER${via}`);
        if (role.rolcreaterole) reasons.push(`CREATEROLE${via}`);
        if (role.rolreplication) reasons.push(`REPLICATION${via}`);
        if (role.rolbypassrls) reasons.push(`BYPASSRLS${via}`);
        if (SERVER_ACCESS_ROLES.includes(role.rolname)) reasons.push(`member of ${role.rolname}`);
      }
      return reasons;
    },
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
