/** What a database engine must offer the single-user and alternating-users strategies. */
import type { DatabaseSecret } from "./credentials.js";
import type { TlsSettings } from "./tls.js";

export interface DatabaseDriver {
  /** `postgres` or `mysql`; the secret's `engine` is checked against the names in `engines`. */
  readonly engines: readonly string[];
  readonly defaultPort: number;
  /** The longest user name the engine accepts (alternating users add `_clone`). */
  readonly maxUsernameLength: number;
  /**
   * Logs in with the secret's credentials. Answers "refused" when the server rejects them, and throws
   * when it could not ask (server down, TLS failure): only a refusal means "try other credentials".
   */
  login(secret: DatabaseSecret, tls: TlsSettings): Promise<DatabaseSession | "refused">;
}

export interface DatabaseSession {
  /** Runs a query as the logged-in user and answers the user name the server sees. */
  currentUser(): Promise<string>;
  /** Changes the logged-in user's own password (single user). */
  setOwnPassword(username: string, password: string): Promise<void>;
  /** Changes another user's password (the master, alternating users). */
  setUserPassword(username: string, password: string): Promise<void>;
  /**
   * Makes `username` exist with the same memberships and grants as `template` (the master, alternating
   * users); a user that already exists gets any that it lacks.
   */
  ensureUserLike(template: string, username: string, password: string): Promise<void>;
  /**
   * What makes `username` too powerful to be handed out by a rotation (the master, alternating users):
   * PostgreSQL superuser, CREATEROLE, REPLICATION, BYPASSRLS or membership of the server-file roles,
   * held or reachable through its roles; MySQL/MariaDB SUPER, GRANT OPTION or CREATE USER, held or
   * through its roles. Empty when there is none or the user does not exist.
   */
  elevatedPrivileges(username: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Logs in, runs `work`, and always closes the session.
 *
 * @example
 * await withSession(driver, secret, tls, (session) => session.currentUser());
 */
export async function withSession<T>(
  session: DatabaseSession,
  work: (session: DatabaseSession) => Promise<T>,
): Promise<T> {
  try {
    return await work(session);
  } finally {
    await session.close().catch(() => undefined);
  }
}
