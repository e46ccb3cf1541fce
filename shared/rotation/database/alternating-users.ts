/**
 * Alternating users: each rotation changes the password of the user that is not current, `user` or
 * `user_clone` in turn, through the master user named by the secret's `masterarn`. The current user
 * is never touched, so everything using it keeps working throughout. The value is not trusted to pick
 * the master or its target: see ./alternating-policy.ts for what is refused.
 */
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { newPassword } from "../password-policy.js";
import { storePendingOnce } from "../pending.js";
import type { RotationStrategy, StepContext } from "../types.js";
import {
  type AlternatingPolicy,
  alternatingPolicy,
  assertMasterAllowed,
  assertNotMaster,
  assertNotPrivileged,
  assertUserAllowed,
} from "./alternating-policy.js";
import { type DatabaseSecret, parseDatabaseSecret, withFields } from "./credentials.js";
import { type DatabaseDriver, withSession } from "./driver.js";
import { testPendingLogin } from "./test-login.js";
import { tlsSettings } from "./tls.js";
import { assertSameServer, currentSecret, masterSecret, pendingSecret } from "./versions.js";

export const CLONE_SUFFIX = "_clone";

/** The user a rotation does not touch the other time: `app` ↔ `app_clone`. */
export function baseUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : username;
}

/**
 * @example
 * alternateUsername("app", 63) // "app_clone"; alternateUsername("app_clone", 63) // "app"
 */
export function alternateUsername(username: string, maxLength: number): string {
  if (username.endsWith(CLONE_SUFFIX)) return baseUsername(username);
  const clone = `${username}${CLONE_SUFFIX}`;
  if (clone.length > maxLength) {
    throw new StrategyError(
      RotationErrorCodes.InvalidSecret,
      `the user name is too long for a "${CLONE_SUFFIX}" twin (at most ${maxLength - CLONE_SUFFIX.length} characters)`,
    );
  }
  return clone;
}

/** The value's `masterarn`, refused unless it names a secret under the master prefix. */
function masterArnOf(secret: DatabaseSecret, policy: AlternatingPolicy): string {
  if (!secret.masterarn)
    throw new StrategyError(RotationErrorCodes.InvalidSecret, 'the value has no "masterarn"');
  assertMasterAllowed(secret.masterarn, policy);
  return secret.masterarn;
}

async function createSecret(context: StepContext, driver: DatabaseDriver): Promise<void> {
  const policy = alternatingPolicy();
  const current = await currentSecret(context, driver);
  masterArnOf(current, policy);
  assertUserAllowed(baseUsername(current.username), policy);
  const outcome = await storePendingOnce(context, async (text) => {
    const latest = parseDatabaseSecret(text, "current", driver.defaultPort);
    const username = alternateUsername(latest.username, driver.maxUsernameLength);
    return withFields(latest, { username, password: await newPassword(context) });
  });
  context.logger.info("pending value ready", { outcome });
}

async function setSecret(context: StepContext, driver: DatabaseDriver): Promise<void> {
  const policy = alternatingPolicy();
  const pending = await pendingSecret(context, driver);
  const current = await currentSecret(context, driver);
  if (baseUsername(pending.username) !== baseUsername(current.username)) {
    throw new StrategyError(
      RotationErrorCodes.InvalidSecret,
      "the pending user is not the current user's twin",
    );
  }
  assertSameServer(pending, current, "pending");
  const base = baseUsername(pending.username);
  assertUserAllowed(base, policy);
  const masterArn = masterArnOf(pending, policy);
  const tryPending = await driver.login(pending, tlsSettings(pending));
  if (tryPending !== "refused") {
    await tryPending.close();
    context.logger.info("pending credentials already work");
    return;
  }
  const master = await masterSecret(context, driver, masterArn);
  assertSameServer(master, pending, "master");
  // The value names the users; the master must not be one of them (its password, its memberships).
  assertNotMaster([base, pending.username], master.username);
  const session = await driver.login(master, tlsSettings(master));
  if (session === "refused") {
    throw new StrategyError(
      RotationErrorCodes.NoWorkingCredentials,
      "the server refused the master credentials",
    );
  }
  await withSession(session, async (s) => {
    // The original's privileges go to the twin, and the pending user's password to whoever reads the
    // secret: neither may be a user that can make or empower other users.
    for (const user of new Set([base, pending.username])) {
      assertNotPrivileged(user, await s.elevatedPrivileges(user), policy);
    }
    // The twin always gets the original's memberships again, so grants added since the last rotation carry over.
    if (pending.username !== base) await s.ensureUserLike(base, pending.username, pending.password);
    await s.setUserPassword(pending.username, pending.password);
  });
  context.logger.info("password changed", { user: pending.username });
}

/**
 * @example
 * export const handler = createRotationHandler(() => alternatingUsersStrategy("mysql-alternating-users", mysqlDriver()));
 */
export function alternatingUsersStrategy(name: string, driver: DatabaseDriver): RotationStrategy {
  return {
    name,
    createSecret: (context) => createSecret(context, driver),
    setSecret: (context) => setSecret(context, driver),
    testSecret: (context) => testPendingLogin(context, driver),
  };
}
