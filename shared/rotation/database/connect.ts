/**
 * The one way the database strategies log in. Before any connection: the host, port and TLS name must be
 * allowed (`ROTATION_ALLOWED_HOSTS`) and plain text must be allowed for the host (tls.ts). Then, right
 * before the real login, the server must refuse a fresh random wrong password for the same user: a server
 * that accepts it (PostgreSQL `trust`) checks no password, so "these credentials log in" would prove
 * nothing and a rotation could report success having changed nothing. Once, immediately before the real
 * login, so a server's failed-login counter is reset by that login at once.
 */
import { randomBytes } from "node:crypto";
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { rotationSettings } from "../settings.js";
import type { DatabaseSecret } from "./credentials.js";
import type { DatabaseDriver, DatabaseSession } from "./driver.js";
import { assertHostAllowed, parseAllowedHosts } from "./host-allowlist.js";
import { type TlsSettings, tlsSettings, verifiedName } from "./tls.js";

/**
 * How a connection to `secret`'s server would be made, refused when the deployment does not allow it:
 * host allowlist, plain-text rule. Connects to nothing (createSecret checks this before storing).
 *
 * @example
 * const tls = allowedConnection(secret, postgresDriver());
 */
export function allowedConnection(
  secret: DatabaseSecret,
  driver: Pick<DatabaseDriver, "defaultPort">,
  env: NodeJS.ProcessEnv = process.env,
): TlsSettings {
  const tls = tlsSettings(secret, env);
  const tlsName = verifiedName(secret, tls);
  assertHostAllowed(
    { host: secret.host, port: secret.port, ...(tlsName ? { tlsName } : {}) },
    driver.defaultPort,
    parseAllowedHosts(rotationSettings(env).allowedHosts),
  );
  return tls;
}

/** A password that is certainly not the user's: 32 random bytes, never stored or logged. */
function wrongPassword(real: string): string {
  let guess = randomBytes(32).toString("base64url");
  while (guess === real) guess = randomBytes(32).toString("base64url");
  return guess;
}

/**
 * Logs in with `secret`'s credentials after the checks above; "refused" when the server rejects them.
 *
 * @example
 * const session = await checkedLogin(driver, pending);
 * if (session !== "refused") await withSession(session, (s) => s.currentUser());
 */
export async function checkedLogin(
  driver: DatabaseDriver,
  secret: DatabaseSecret,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DatabaseSession | "refused"> {
  const tls = allowedConnection(secret, driver, env);
  const probe = await driver.login({ ...secret, password: wrongPassword(secret.password) }, tls);
  if (probe !== "refused") {
    await probe.close().catch(() => undefined);
    throw new StrategyError(
      RotationErrorCodes.PasswordsNotChecked,
      `the server accepted a wrong password for ${secret.username}: it does not check passwords, so no login can be trusted`,
    );
  }
  return driver.login(secret, tls);
}
