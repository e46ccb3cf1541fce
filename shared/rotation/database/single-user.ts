/**
 * Single user: the secret's own user changes its own password. setSecret first checks whether the
 * pending credentials already work (a retry), else logs in with AWSCURRENT, then AWSPREVIOUS. Every login
 * goes through `checkedLogin` (allowed host, TLS, a server that checks passwords).
 */
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { newPassword } from "../password-policy.js";
import { storePendingOnce } from "../pending.js";
import type { RotationStrategy, StepContext } from "../types.js";
import { allowedConnection, checkedLogin } from "./connect.js";
import { parseDatabaseSecret, withFields } from "./credentials.js";
import { type DatabaseDriver, withSession } from "./driver.js";
import { testPendingLogin } from "./test-login.js";
import { assertSameServer, currentSecret, pendingSecret, previousSecret } from "./versions.js";

async function createSecret(context: StepContext, driver: DatabaseDriver): Promise<void> {
  // Refused before anything is stored: a host the deployment does not allow, plain text where TLS is due.
  allowedConnection(await currentSecret(context, driver), driver);
  const outcome = await storePendingOnce(context, async (text) => {
    const current = parseDatabaseSecret(text, "current", driver.defaultPort);
    return withFields(current, { password: await newPassword(context) });
  });
  context.logger.info("pending value ready", { outcome });
}

async function setSecret(context: StepContext, driver: DatabaseDriver): Promise<void> {
  const pending = await pendingSecret(context, driver);
  const current = await currentSecret(context, driver);
  if (pending.username !== current.username) {
    throw new StrategyError(RotationErrorCodes.InvalidSecret, "the pending value names another user");
  }
  assertSameServer(pending, current, "pending");
  const tryPending = await checkedLogin(driver, pending);
  if (tryPending !== "refused") {
    await tryPending.close();
    context.logger.info("pending credentials already work");
    return;
  }
  const previous = await previousSecret(context, driver);
  const candidates = [current, ...(previous && previous.username === current.username ? [previous] : [])];
  for (const candidate of candidates) {
    assertSameServer(candidate, current, "previous");
    const session = await checkedLogin(driver, candidate);
    if (session === "refused") continue;
    await withSession(session, (s) => s.setOwnPassword(pending.username, pending.password));
    context.logger.info("password changed", {
      loggedInWith: candidate === current ? "AWSCURRENT" : "AWSPREVIOUS",
    });
    return;
  }
  throw new StrategyError(
    RotationErrorCodes.NoWorkingCredentials,
    `the server refused the pending, current and previous credentials of ${current.username}`,
  );
}

/**
 * @example
 * export const handler = createRotationHandler(() => singleUserStrategy("postgres-single-user", postgresDriver()));
 */
export function singleUserStrategy(name: string, driver: DatabaseDriver): RotationStrategy {
  return {
    name,
    createSecret: (context) => createSecret(context, driver),
    setSecret: (context) => setSecret(context, driver),
    testSecret: (context) => testPendingLogin(context, driver),
  };
}
