/**
 * Copying one MySQL/MariaDB account's grants to another: `SHOW GRANTS FOR template` answers complete
 * GRANT statements; each is replayed with the grantee replaced and any authentication clause removed
 * (MariaDB prints the password hash in the USAGE grant; the twin has its own password).
 */

/** How the server prints an account: `user`@`host` (MariaDB, MySQL 8) or 'user'@'host' (MySQL 5.7). */
export function accountForms(user: string, host: string): string[] {
  const backtick = (part: string) => `\`${part.replaceAll("`", "``")}\``;
  const quote = (part: string) => `'${part.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  return [`${backtick(user)}@${backtick(host)}`, `${quote(user)}@${quote(host)}`];
}

const AUTH_CLAUSE = / IDENTIFIED (?:BY PASSWORD|VIA|WITH|BY) .*?(?= WITH GRANT OPTION|$)/;

/**
 * The grant statement for `cloneAccount`, or undefined for grants that are not the template's to copy
 * (PROXY grants, or statements whose grantee is not the template).
 *
 * @example
 * rewriteGrant("GRANT SELECT ON `shop`.* TO `app`@`%`", "app", "%", "`app_clone`@`%`")
 * // "GRANT SELECT ON `shop`.* TO `app_clone`@`%`"
 */
export function rewriteGrant(
  grant: string,
  templateUser: string,
  host: string,
  cloneAccount: string,
): string | undefined {
  if (/^GRANT PROXY /i.test(grant)) return undefined;
  for (const form of accountForms(templateUser, host)) {
    const marker = ` TO ${form}`;
    const at = grant.lastIndexOf(marker);
    if (at === -1) continue;
    const rest = grant.slice(at + marker.length).replace(AUTH_CLAUSE, "");
    return `${grant.slice(0, at)} TO ${cloneAccount}${rest}`;
  }
  return undefined;
}
