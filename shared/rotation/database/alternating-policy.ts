/**
 * Who the alternating-users strategies may rotate: the operator's decision, never the caller's. The
 * managed secret's value (`masterarn`, `host`, `username`) is written by anyone who may write the secret,
 * so none of it chooses which master acts or on whom. Deny by default:
 * - the master secret lives under a prefix of its own (never one the secrets API serves), and its value,
 *   written by the operator, lists the base users it may rotate: `rotatableUsers`, names or `prefix*`;
 * - `ROTATION_ALLOWED_USERS`, when set, narrows every master's list (empty: none; `*`: no narrowing);
 * - the master never rotates itself;
 * - a user with cluster-level powers is refused; owning a database is allowed for a user the master lists
 *   by name, other powers only with `ROTATION_ALLOW_PRIVILEGED_USERS=true` and a listing by name.
 * (The database checks, a twin's mark and a working login of the current user, are in
 * alternating-users.ts.)
 */
import { isWithinPrefix, secretNameFromId } from "../../secrets/names.js";
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { DEFAULT_MASTER_PREFIX, rotationSettings } from "../settings.js";
import type { Privilege } from "./driver.js";

export { DEFAULT_MASTER_PREFIX };

export interface AlternatingPolicy {
  /** Master secrets' names must start with this (`ROTATION_MASTER_PREFIX`). */
  masterPrefix: string;
  /**
   * The secrets API's prefix (`SECRETS_PREFIX`), when known: masters under it are refused. Empty means
   * no prefix (as for the HTTP API): then the master-prefix check alone applies.
   */
  apiPrefix?: string;
  /** `ROTATION_ALLOWED_USERS`: narrows every master's list; undefined (unset) narrows nothing. */
  allowedUsers?: readonly string[];
  /** `ROTATION_ALLOW_PRIVILEGED_USERS=true`: a privileged user the master lists by name may rotate. */
  allowPrivilegedUsers: boolean;
}

/** How the master lists a base user: by its exact name (which waives what a pattern does not), or not. */
export interface Listing {
  byName: boolean;
}

function notAllowed(why: string): StrategyError {
  return new StrategyError(RotationErrorCodes.NotAllowed, why);
}

/**
 * @example
 * alternatingPolicy({ ROTATION_MASTER_PREFIX: "db-masters/", ROTATION_ALLOWED_USERS: "app,reports_*" })
 */
export function alternatingPolicy(env: NodeJS.ProcessEnv = process.env): AlternatingPolicy {
  const settings = rotationSettings(env);
  return {
    masterPrefix: settings.masterPrefix,
    ...(settings.apiPrefix ? { apiPrefix: settings.apiPrefix } : {}),
    ...(settings.allowedUsers ? { allowedUsers: settings.allowedUsers } : {}),
    allowPrivilegedUsers: settings.allowPrivilegedUsers,
  };
}

/** Refuses a `masterarn` outside the master prefix, or one the secrets API could hand out. */
export function assertMasterAllowed(masterArn: string, policy: AlternatingPolicy): void {
  const name = secretNameFromId(masterArn);
  if (!isWithinPrefix(masterArn, policy.masterPrefix)) {
    throw notAllowed(
      `the master secret "${name}" is not under the master prefix "${policy.masterPrefix}" (ROTATION_MASTER_PREFIX)`,
    );
  }
  if (policy.apiPrefix && isWithinPrefix(masterArn, policy.apiPrefix)) {
    throw notAllowed(
      `the master secret "${name}" is under the secrets API's prefix "${policy.apiPrefix}" (SECRETS_PREFIX), so the API could hand it out`,
    );
  }
}

/**
 * The master secret's `rotatableUsers`: user names, or prefixes ending in `*`. Anything else (absent, not
 * a list, an entry that is not a non-empty string) lists nobody.
 *
 * @example
 * rotatableUsersOf({ rotatableUsers: ["app", "reports_*"] }) // ["app", "reports_*"]
 */
export function rotatableUsersOf(masterFields: Record<string, unknown>): string[] {
  const listed = masterFields.rotatableUsers;
  if (!Array.isArray(listed)) return [];
  if (!listed.every((entry) => typeof entry === "string" && entry !== "")) return [];
  return listed as string[];
}

/** Whether `username` is one of `entries` (names, or prefixes ending in `*`). */
function matches(username: string, entries: readonly string[]): boolean {
  return entries.some((entry) =>
    entry.endsWith("*") ? username.startsWith(entry.slice(0, -1)) : username === entry,
  );
}

/**
 * Refuses a base user the master does not list, or that `ROTATION_ALLOWED_USERS` leaves out; answers how
 * the master lists it.
 *
 * @example
 * assertUserListed("app", ["app", "reports_*"], policy) // { byName: true }
 */
export function assertUserListed(
  baseUsername: string,
  masterList: readonly string[],
  policy: AlternatingPolicy,
): Listing {
  if (!matches(baseUsername, masterList)) {
    throw notAllowed(
      masterList.length === 0
        ? `the master secret lists no rotatableUsers, so it rotates nobody ("${baseUsername}" included)`
        : `the user "${baseUsername}" is not in the master secret's rotatableUsers`,
    );
  }
  if (policy.allowedUsers && !matches(baseUsername, policy.allowedUsers)) {
    throw notAllowed(
      `the user "${baseUsername}" is not one this function may rotate (ROTATION_ALLOWED_USERS${policy.allowedUsers.length === 0 ? " is empty" : ""})`,
    );
  }
  return { byName: masterList.includes(baseUsername) };
}

/** MySQL ignores trailing spaces when it compares user names; so does this, on both engines. */
const sameUser = (a: string, b: string) => a.replace(/ +$/, "") === b.replace(/ +$/, "");

/** Refuses when the master would act on itself: change its own password or copy its memberships. */
export function assertNotMaster(users: readonly string[], masterUsername: string): void {
  if (users.some((user) => sameUser(user, masterUsername))) {
    throw notAllowed("the user to rotate is the master user itself");
  }
}

/**
 * Refuses a user with cluster-level powers (see `DatabaseSession.elevatedPrivileges`): owning a database
 * only when the master does not list the base user by name, anything else unless the deployment allows
 * privileged users (`ROTATION_ALLOW_PRIVILEGED_USERS`) and the master lists it by name.
 */
export function assertNotPrivileged(
  username: string,
  privileges: readonly Privilege[],
  listing: Listing,
  policy: AlternatingPolicy,
): void {
  const refused = privileges.filter((privilege) =>
    privilege.kind === "owner" ? !listing.byName : !(listing.byName && policy.allowPrivilegedUsers),
  );
  if (refused.length === 0) return;
  const hint = refused.some((privilege) => privilege.kind === "power")
    ? "list it by name in the master's rotatableUsers and set ROTATION_ALLOW_PRIVILEGED_USERS=true to rotate it anyway"
    : "list it by name in the master's rotatableUsers to rotate it anyway";
  throw notAllowed(
    `the user "${username}" has elevated privileges (${refused.map((p) => p.reason).join(", ")}); ${hint}`,
  );
}
