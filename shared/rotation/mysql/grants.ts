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

/** One `SHOW GRANTS` line, read: what is granted, on what, and with which options. */
export interface ParsedGrant {
  /** Privilege names (`SELECT`, `CREATE USER`, `BINLOG ADMIN`, `PROXY`); empty for a role grant. */
  privileges: string[];
  /** `*.*`, `` `db`.* ``, `` `db`.`table` ``, or the proxied account; undefined for a role grant. */
  on?: string;
  /** The roles granted, for a role grant (`GRANT `r` TO …`); MySQL 8 names each with its host. */
  roles: { name: string; host?: string }[];
  grantOption: boolean;
  adminOption: boolean;
}

/**
 * Positions in `text` outside quotes, backticks and parentheses, where `keyword` starts; SHOW GRANTS
 * quotes every name, so a keyword inside a name or a column list is never taken for syntax.
 */
function topLevel(text: string, keyword: string): number[] {
  const found: number[] = [];
  let quote = "";
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote && text[i + 1] === quote) i++;
      else if (c === "\\" && quote === "'") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "`" || c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && text.startsWith(keyword, i)) found.push(i);
  }
  return found;
}

function splitTopLevel(text: string): string[] {
  const cuts = topLevel(text, ",");
  const parts: string[] = [];
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    parts.push(text.slice(start, cut).trim());
    start = cut + 1;
  }
  return parts.filter((part) => part !== "");
}

/** A backticked or quoted identifier's text. */
function unquote(name: string): string {
  const q = name[0];
  if ((q === "`" || q === "'") && name.endsWith(q)) return name.slice(1, -1).replaceAll(`${q}${q}`, q);
  return name;
}

/** A granted role: `` `r` `` (MariaDB) or `` `r`@`%` `` (MySQL 8). */
function roleOf(text: string): { name: string; host?: string } {
  const account = /^(`(?:[^`]|``)*`)@(`(?:[^`]|``)*`)$/.exec(text);
  if (!account) return { name: unquote(text) };
  return { name: unquote(account[1] as string), host: unquote(account[2] as string) };
}

/**
 * @example
 * parseGrant("GRANT SELECT (`User`), INSERT ON `mysql`.`user` TO `app`@`%` WITH GRANT OPTION")
 * // { privileges: ["SELECT", "INSERT"], on: "`mysql`.`user`", roles: [], grantOption: true, adminOption: false }
 */
export function parseGrant(line: string): ParsedGrant | undefined {
  if (!line.startsWith("GRANT ")) return undefined;
  const to = topLevel(line, " TO ")[0];
  if (to === undefined) return undefined;
  const on = topLevel(line.slice(0, to), " ON ")[0];
  const tail = line.slice(to + 4).replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
  const options = {
    grantOption: tail.includes(" WITH GRANT OPTION"),
    adminOption: tail.includes(" WITH ADMIN OPTION"),
  };
  if (on === undefined) {
    const roles = splitTopLevel(line.slice(6, to)).map(roleOf);
    return { privileges: [], roles, ...options };
  }
  const privileges = splitTopLevel(line.slice(6, on)).map((privilege) =>
    privilege.replace(/\s*\(.*\)$/, "").toUpperCase(),
  );
  return { privileges, on: line.slice(on + 4, to).trim(), roles: [], ...options };
}

/** Global privileges that reach neither other accounts nor the `mysql` schema's data. */
const HARMLESS_GLOBAL = new Set([
  "USAGE",
  "SHOW DATABASES",
  "PROCESS",
  "REPLICATION CLIENT",
  "BINLOG MONITOR",
  "SLAVE MONITOR",
  "REPLICA MONITOR",
]);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A database-level grant's name as MySQL matches it, like LIKE: `%` any run, `_` one character, `\` escapes. */
function likePattern(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (c === "%") source += ".*";
    else if (c === "_") source += ".";
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, "i");
}

/** Whether a grant's target covers the `mysql` schema (its database part may be a LIKE pattern). */
function coversMysqlSchema(target: string): boolean {
  const object = target.replace(/^(TABLE|FUNCTION|PROCEDURE|PACKAGE BODY|PACKAGE) /, "");
  const [database = ""] = splitOnDot(object);
  return likePattern(unquote(database)).test("mysql");
}

function splitOnDot(object: string): string[] {
  const dots = topLevel(object, ".");
  return dots.length === 0 ? [object] : [object.slice(0, dots[0]), object.slice((dots[0] as number) + 1)];
}

/**
 * What in one grant makes its holder able to make or empower accounts or read their credentials: a
 * global privilege other than the harmless few (SUPER, CREATE USER, ALL, MariaDB's split-up SUPER
 * privileges such as BINLOG ADMIN or SET USER, MySQL 8's dynamic privileges, and any data privilege on
 * `*.*`, which covers `mysql.*`), any privilege on the `mysql` schema, GRANT OPTION anywhere, PROXY,
 * and ADMIN OPTION on a role.
 *
 * @example
 * elevatedIn(parseGrant("GRANT SELECT ON *.* TO `app`@`%`")) // ["SELECT on *.*"]
 */
export function elevatedIn(grant: ParsedGrant): string[] {
  if (grant.on === undefined) {
    return grant.adminOption ? grant.roles.map((role) => `ADMIN OPTION on the role ${role.name}`) : [];
  }
  if (grant.privileges.includes("PROXY")) return ["PROXY"];
  const reasons: string[] = [];
  if (grant.on === "*.*") {
    for (const privilege of grant.privileges) {
      if (!HARMLESS_GLOBAL.has(privilege)) reasons.push(`${privilege} on *.*`);
    }
  } else if (coversMysqlSchema(grant.on)) {
    for (const privilege of grant.privileges) {
      if (privilege !== "USAGE") reasons.push(`${privilege} on ${grant.on}`);
    }
  }
  if (grant.grantOption) reasons.push(`GRANT OPTION on ${grant.on}`);
  return reasons;
}
