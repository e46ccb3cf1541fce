import { RotationErrorCodes, StrategyError } from "../errors.js";
import type { StepContext } from "../types.js";
import { checkedLogin } from "./connect.js";
import type { DatabaseDriver } from "./driver.js";
import { withSession } from "./driver.js";
import { pendingSecret } from "./versions.js";

/**
 * testSecret for both database strategies: logs in with the pending credentials (after checking that the
 * server refuses a wrong one) and runs a query that must answer the pending user.
 *
 * @example
 * await testPendingLogin(context, postgresDriver());
 */
export async function testPendingLogin(context: StepContext, driver: DatabaseDriver): Promise<void> {
  const pending = await pendingSecret(context, driver);
  const session = await checkedLogin(driver, pending);
  if (session === "refused") {
    throw new StrategyError(
      RotationErrorCodes.TestFailed,
      `the server refused the pending credentials of ${pending.username}`,
    );
  }
  const user = await withSession(session, (s) => s.currentUser());
  // MySQL answers user@host; PostgreSQL the role name.
  if (user !== pending.username && !user.startsWith(`${pending.username}@`)) {
    throw new StrategyError(RotationErrorCodes.TestFailed, "the pending login answered as another user");
  }
}
