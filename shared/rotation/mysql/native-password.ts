/**
 * `mysql_native_password`, the one MySQL/MariaDB authentication plugin whose stored form the function can
 * compute: `*` and the upper-case hex of SHA1(SHA1(password)). The rotation sends that hash
 * (`IDENTIFIED BY PASSWORD '*…'`), never the password, so the password stays out of the server's
 * general log and binary log (which record statements as sent) as it stays out of PostgreSQL's.
 */
import { createHash } from "node:crypto";

export const NATIVE_PASSWORD_PLUGIN = "mysql_native_password";

const sha1 = (data: Buffer | string): Buffer => createHash("sha1").update(data).digest();

/**
 * @example
 * mysqlNativeHash("x") // "*B69027D44F6E5EDC07F1AEAD1477967B16F28227"
 */
export function mysqlNativeHash(password: string): string {
  return `*${sha1(sha1(Buffer.from(password, "utf8")))
    .toString("hex")
    .toUpperCase()}`;
}

/**
 * The authentication plugin of an account as `SHOW CREATE USER` prints it: MariaDB
 * `IDENTIFIED BY PASSWORD '*…'` (native), `IDENTIFIED VIA <plugin> …`, MySQL 8
 * `IDENTIFIED WITH '<plugin>' AS …`. An account with several methods (`… OR …`) answers "several".
 *
 * @example
 * pluginOf("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*B690…'") // "mysql_native_password"
 */
export function pluginOf(createUser: string): string {
  // Only the authentication clause matters; REQUIRE, WITH limits and PASSWORD EXPIRE follow it.
  const identified = / IDENTIFIED (BY PASSWORD|VIA|WITH) ['`]?([A-Za-z0-9_]+)?/.exec(createUser);
  if (!identified) return "none";
  if (/ IDENTIFIED VIA .* OR /.test(createUser)) return "several";
  if (identified[1] === "BY PASSWORD") return NATIVE_PASSWORD_PLUGIN;
  return identified[2] ?? "unknown";
}
