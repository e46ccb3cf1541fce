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
