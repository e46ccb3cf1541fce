/**
 * Alternating users: each rotation changes the password of the user that is not current, `user` or
 * `user_clone` in turn, through the master user named by the secret's `masterarn`. The current user
 * is never touched, so everything using it keeps working throughout.
 *
 * The value is not trusted to pick the master or its target (alternating-policy.ts). Before anything is
 * stored (createSecret) and again before the master acts (setSecret), the rotation is authorized:
 * 1. the master under its prefix, the base user on the master's `rotatableUsers` (and on
 *    `ROTATION_ALLOWED_USERS`), neither user the master itself, every host allowed;
 * 2. in the database, as the master: an existing `_clone` must carry the mark this strategy puts on a
 *    twin it makes for that base user (or be listed by name, which adopts it), and neither user may hold
 *    cluster-level powers;
 * 3. the current credentials must log in: only whoever holds a working login of one twin gets the other.
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
  assertUserListed,
  type Listing,
  rotatableUsersOf,
} from "./alternating-policy.js";
import { allowedConnection, checkedLogin } from "./connect.js";
import { type DatabaseSecret, parseDatabaseSecret, withFields } from "./credentials.js";
import { type DatabaseDriver, type DatabaseSession, withSession } from "./driver.js";
import { testPendingLogin } from "./test-login.js";
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

/** What step 1 of the authorization found, for steps 2 and 3 and for setSecret. */
interface Authorization {
  master: DatabaseSecret;
  base: string;
  clone: string;
  /** The user whose password this rotation sets: the current user's twin. */
  pendingUser: string;
  masterList: string[];
  listing: Listing;
}

/** Step 1: what can be decided from the secrets and the configuration alone. */
async function authorize(
  context: StepContext,
  driver: DatabaseDriver,
  current: DatabaseSecret,
  policy: AlternatingPolicy,
): Promise<Authorization> {
  if (!current.masterarn) {
    throw new StrategyError(RotationErrorCodes.InvalidSecret, 'the value has no "masterarn"');
  }
  assertMasterAllowed(current.masterarn, policy);
  const base = baseUsername(current.username);
  const pendingUser = alternateUsername(current.username, driver.maxUsernameLength);
  const master = await masterSecret(context, driver, current.masterarn);
  assertSameServer(master, current, "master");
  const masterList = rotatableUsersOf(master.fields);
  const listing = assertUserListed(base, masterList, policy);
  // The value names the users; the master must not be one of them (its password, its memberships).
  assertNotMaster([base, pendingUser], master.username);
  allowedConnection(current, driver);
  allowedConnection(master, driver);
  return { master, base, clone: `${base}${CLONE_SUFFIX}`, pendingUser, masterList, listing };
}

/** Steps 2 and 3, with the master's session. */
async function authorizeInDatabase(
  s: DatabaseSession,
  driver: DatabaseDriver,
  current: DatabaseSecret,
  auth: Authorization,
  policy: AlternatingPolicy,
): Promise<void> {
  const { base, clone } = auth;
  const cloneExists = await s.userExists(clone);
  if (cloneExists || current.username === clone) {
    const ours = cloneExists && (await s.isMarkedCloneOf(clone, base));
    if (!ours && !(cloneExists && auth.masterList.includes(clone))) {
      throw new StrategyError(
        RotationErrorCodes.NotAllowed,
        `the user "${clone}" is not a clone this rotation made for "${base}"; list "${clone}" by name in the master's rotatableUsers to adopt it`,
      );
    }
  }
  // The original's privileges go to the twin, and the pending user's password to whoever reads the
  // secret: neither may be a user that can make or empower other users.
  for (const user of new Set([base, clone])) {
    assertNotPrivileged(user, await s.elevatedPrivileges(user), auth.listing, policy);
  }
  const proof = await checkedLogin(driver, current);
  if (proof === "refused") {
    throw new StrategyError(
      RotationErrorCodes.NoWorkingCredentials,
      `the current credentials of ${current.username} do not log in: only a working login of one twin gets the other a new password`,
    );
  }
  await proof.close().catch(() => undefined);
}

/** Logs in as the master (refused: NoWorkingCredentials) and runs `work` with its session. */
async function asMaster<T>(
  driver: DatabaseDriver,
  master: DatabaseSecret,
  work: (session: DatabaseSession) => Promise<T>,
): Promise<T> {
  const session = await checkedLogin(driver, master);
  if (session === "refused") {
    throw new StrategyError(
      RotationErrorCodes.NoWorkingCredentials,
      "the server refused the master credentials",
    );
  }
  return withSession(session, work);
}

async function createSecret(context: StepContext, driver: DatabaseDriver): Promise<void> {
  const policy = alternatingPolicy();
  const current = await currentSecret(context, driver);
  const auth = await authorize(context, driver, current, policy);
  await asMaster(driver, auth.master, (s) => authorizeInDatabase(s, driver, current, auth, policy));
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
  const auth = await authorize(context, driver, current, policy);
  if (pending.username !== auth.pendingUser || pending.masterarn !== current.masterarn) {
    throw new StrategyError(
      RotationErrorCodes.InvalidSecret,
      "the pending user is not the current user's twin under the same master",
    );
  }
  assertSameServer(pending, current, "pending");
  allowedConnection(pending, driver);
  const tryPending = await checkedLogin(driver, pending);
  if (tryPending !== "refused") {
    await tryPending.close();
    context.logger.info("pending credentials already work");
    return;
  }
  await asMaster(driver, auth.master, async (s) => {
    await authorizeInDatabase(s, driver, current, auth, policy);
    // The twin always gets the original's memberships (and its mark) again, so grants added since the
    // last rotation carry over.
    if (pending.username === auth.clone) await s.ensureUserLike(auth.base, auth.clone, pending.password);
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
