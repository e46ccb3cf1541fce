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
   * Strategies log in through `checkedLogin` (connect.ts), never directly.
   */
  login(secret: DatabaseSecret, tls: TlsSettings): Promise<DatabaseSession | "refused">;
}

/**
 * Something that makes a user too powerful to be handed out by a rotation. `owner`: it owns a database,
 * allowed for a user the master lists by name; `power`: anything else (superuser, making or empowering
 * users, reading the server's files or every table), allowed only with `ROTATION_ALLOW_PRIVILEGED_USERS`
 * for a user the master lists by name.
 */
export interface Privilege {
  kind: "power" | "owner";
  /** What it is, for the refusal's message: `CREATEROLE (through the role admins)`, `SUPER on *.*`. */
  reason: string;
}

export interface DatabaseSession {
  /** Runs a query as the logged-in user and answers the user name the server sees. */
  currentUser(): Promise<string>;
  /** Changes the logged-in user's own password (single user). */
  setOwnPassword(username: string, password: string): Promise<void>;
  /** Changes another user's password (the master, alternating users). */
  setUserPassword(username: string, password: string): Promise<void>;
  /** Whether a user (any account of it) of that name exists. */
  userExists(username: string): Promise<boolean>;
  /**
   * Whether `clone` carries the mark `ensureUserLike` puts on a twin it makes for `base` (PostgreSQL: the
   * role's comment; MySQL/MariaDB: a marker role granted to each of its accounts). Only such a twin is
   * one this strategy made, rather than an unrelated user that happens to have the name.
   */
  isMarkedCloneOf(clone: string, base: string): Promise<boolean>;
  /**
   * Makes `username` exist with the same memberships and grants as `template` and marks it as its twin
   * (the master, alternating users); a user that already exists gets any that it lacks, and the mark.
   */
  ensureUserLike(template: string, username: string, password: string): Promise<void>;
  /**
   * What makes `username` too powerful to be handed out by a rotation, held or reachable through its
   * roles (see each driver). Empty when there is none or the user does not exist.
   */
  elevatedPrivileges(username: string): Promise<Privilege[]>;
  close(): Promise<void>;
}

/**
 * Runs `work` with the session, and always closes it.
 *
 * @example
 * const session = await checkedLogin(driver, secret);
 * if (session !== "refused") await withSession(session, (s) => s.currentUser());
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
