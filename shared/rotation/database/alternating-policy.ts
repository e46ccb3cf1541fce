/**
 * What the alternating-users strategies refuse. The managed secret's value (`masterarn`, `host`,
 * `username`) can be written by anyone who may write the secret, so none of it is trusted to choose which
 * master acts or on whom: the master secret must live under a prefix of its own (never one the secrets
 * API serves), the master never changes its own password or copies its own memberships, a user with
 * elevated privileges is refused unless explicitly allowed, and an optional allowlist names the only
 * user names that may be rotated.
 */
import { isWithinPrefix, secretNameFromId } from "../../secrets/names.js";
import { RotationErrorCodes, StrategyError } from "../errors.js";

/** Where master secrets live unless `ROTATION_MASTER_PREFIX` says otherwise: outside the API's prefix. */
export const DEFAULT_MASTER_PREFIX = "rotation-masters/";

export interface AlternatingPolicy {
  /** Master secrets' names must start with this (`ROTATION_MASTER_PREFIX`). */
  masterPrefix: string;
  /**
   * The secrets API's prefix (`SECRETS_PREFIX`), when known: masters under it are refused. Empty means
   * no prefix (as for the HTTP API): then the master-prefix check alone applies.
   */
  apiPrefix?: string;
  /** Base user names that may be rotated (`ROTATION_ALLOWED_USERS`); undefined allows every name. */
  allowedUsers?: readonly string[];
  /** `ROTATION_ALLOW_PRIVILEGED_USERS=true`: skip the privilege check. */
  allowPrivilegedUsers: boolean;
}

function notAllowed(why: string): StrategyError {
  return new StrategyError(RotationErrorCodes.NotAllowed, why);
}

/**
 * @example
 * alternatingPolicy({ ROTATION_MASTER_PREFIX: "db-masters/", ROTATION_ALLOWED_USERS: "app,reports_*" })
 */
export function alternatingPolicy(env: NodeJS.ProcessEnv = process.env): AlternatingPolicy {
  const allowed = (env.ROTATION_ALLOWED_USERS ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return {
    masterPrefix: env.ROTATION_MASTER_PREFIX || DEFAULT_MASTER_PREFIX,
    // An empty SECRETS_PREFIX is "no prefix" (shared/http/config.ts), not "every name is under it".
    ...(env.SECRETS_PREFIX ? { apiPrefix: env.SECRETS_PREFIX } : {}),
    ...(allowed.length > 0 ? { allowedUsers: allowed } : {}),
    allowPrivilegedUsers: env.ROTATION_ALLOW_PRIVILEGED_USERS === "true",
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

/** An allowlist entry is a user name, or a prefix ending in `*`. */
function listed(username: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) =>
    entry.endsWith("*") ? username.startsWith(entry.slice(0, -1)) : username === entry,
  );
}

/** Refuses a base user name that is not on the allowlist, when there is one. */
export function assertUserAllowed(baseUsername: string, policy: AlternatingPolicy): void {
  if (policy.allowedUsers && !listed(baseUsername, policy.allowedUsers)) {
    throw notAllowed(
      `the user "${baseUsername}" is not one this function may rotate (ROTATION_ALLOWED_USERS)`,
    );
  }
}

/** MySQL ignores trailing spaces when it compares user names; so does this, on both engines. */
const sameUser = (a: string, b: string) => a.replace(/ +$/, "") === b.replace(/ +$/, "");

/** Refuses when the master would act on itself: change its own password or copy its memberships. */
export function assertNotMaster(users: readonly string[], masterUsername: string): void {
  if (users.some((user) => sameUser(user, masterUsername))) {
    throw notAllowed("the user to rotate is the master user itself");
  }
}

/** Refuses a user with elevated privileges (see `DatabaseSession.elevatedPrivileges`) unless allowed. */
export function assertNotPrivileged(
  username: string,
  privileges: readonly string[],
  policy: AlternatingPolicy,
): void {
  if (privileges.length > 0 && !policy.allowPrivilegedUsers) {
    throw notAllowed(
      `the user "${username}" has elevated privileges (${privileges.join(", ")}); set ROTATION_ALLOW_PRIVILEGED_USERS=true to rotate it anyway`,
    );
  }
}
