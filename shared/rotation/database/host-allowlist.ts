/**
 * Where the database functions may connect: `ROTATION_ALLOWED_HOSTS`, a comma-separated list written by
 * the deployment, never by a secret (whose `host`, `port` and `tlsServerName` any caller of the secrets
 * API can write, and which would otherwise aim a function inside the VPC at any address). Empty allows
 * nothing. One entry is
 *
 *     HOST[:PORT][=TLSNAME]
 *
 * - `HOST`: an exact host (`db.internal`, `10.0.0.5`, `[fd00::5]`) or a suffix starting with a dot that
 *   includes the account's own part (`.abc123xyz.us-east-1.rds.amazonaws.com`): at least three labels,
 *   five under `amazonaws.com`, so `.rds.amazonaws.com` (every account's databases) is refused.
 * - `PORT`: a port, or `*` for any; without it only the engine's default port (5432, 3306).
 * - `TLSNAME`: the name the server's certificate must carry. Without it the name checked (the secret's
 *   `tlsServerName`, else `DB_TLS_SERVERNAME`, else the host) must itself match `HOST`.
 *
 * @example
 * ROTATION_ALLOWED_HOSTS=.abc123xyz.us-east-1.rds.amazonaws.com:5432,10.0.0.5:3306=db.internal
 */
import { isIP } from "node:net";
import { RotationErrorCodes, StrategyError } from "../errors.js";

export interface HostRule {
  /** Lower case, without brackets; a suffix starts with a dot. */
  host: string;
  suffix: boolean;
  port: number | "any" | "default";
  tlsName?: string;
  /** The entry as written, for messages. */
  entry: string;
}

/** Where a step is about to connect. */
export interface ConnectTarget {
  host: string;
  port: number;
  /** The name the certificate is checked against; undefined for a plain-text connection. */
  tlsName?: string;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function refuse(why: string): StrategyError {
  return new StrategyError(RotationErrorCodes.HostNotAllowed, why);
}

const normal = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^\[(.*)\]$/, "$1");

function isHostName(name: string): boolean {
  return name.length <= 253 && name.split(".").every((label) => LABEL.test(label));
}

function parseHost(text: string, entry: string): { host: string; suffix: boolean } {
  const host = normal(text);
  if (host.startsWith(".")) {
    const labels = host.slice(1).split(".");
    const needed = host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") ? 5 : 3;
    if (!isHostName(host.slice(1)) || labels.length < needed) {
      throw refuse(
        `ROTATION_ALLOWED_HOSTS entry "${entry}" is too broad: a suffix needs at least ${needed} labels, the account's own part included`,
      );
    }
    return { host, suffix: true };
  }
  if (isIP(host) || isHostName(host)) return { host, suffix: false };
  throw refuse(`ROTATION_ALLOWED_HOSTS entry "${entry}" is not a host, a .suffix or an IP address`);
}

function parseEntry(entry: string): HostRule {
  const [where = "", tlsName, extra] = entry.split("=");
  if (extra !== undefined || tlsName === "")
    throw refuse(`ROTATION_ALLOWED_HOSTS entry "${entry}" is malformed`);
  let hostText = where;
  let portText: string | undefined;
  if (where.startsWith("[")) {
    const close = where.indexOf("]");
    hostText = where.slice(0, close + 1);
    const rest = where.slice(close + 1);
    if (close === -1 || (rest !== "" && !rest.startsWith(":"))) {
      throw refuse(`ROTATION_ALLOWED_HOSTS entry "${entry}" is malformed`);
    }
    portText = rest === "" ? undefined : rest.slice(1);
  } else if (where.includes(":")) {
    if (where.indexOf(":") !== where.lastIndexOf(":")) {
      throw refuse(`ROTATION_ALLOWED_HOSTS entry "${entry}": write an IPv6 address in brackets`);
    }
    [hostText, portText] = where.split(":") as [string, string];
  }
  let port: HostRule["port"] = "default";
  if (portText === "*") port = "any";
  else if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65_535) {
      throw refuse(`ROTATION_ALLOWED_HOSTS entry "${entry}" has no valid port`);
    }
  }
  const name = tlsName === undefined ? undefined : normal(tlsName);
  if (name !== undefined && !isHostName(name) && !isIP(name)) {
    throw refuse(`ROTATION_ALLOWED_HOSTS entry "${entry}" names no valid TLS server name`);
  }
  return { ...parseHost(hostText, entry), port, ...(name ? { tlsName: name } : {}), entry };
}

/**
 * The allowlist; a malformed or too broad entry refuses every connection (the deployment must be fixed).
 *
 * @example
 * parseAllowedHosts("127.0.0.1:*=localhost") // [{ host: "127.0.0.1", suffix: false, port: "any", tlsName: "localhost", … }]
 */
export function parseAllowedHosts(text: string): HostRule[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map(parseEntry);
}

function hostMatches(rule: Pick<HostRule, "host" | "suffix">, host: string): boolean {
  return rule.suffix ? host.endsWith(rule.host) && host.length > rule.host.length : host === rule.host;
}

function portMatches(rule: HostRule, port: number, defaultPort: number): boolean {
  if (rule.port === "any") return true;
  return port === (rule.port === "default" ? defaultPort : rule.port);
}

/**
 * Refuses (`HostNotAllowed`) a connection no entry allows: the host, the port, and with TLS the name
 * checked in the certificate, all against one entry.
 *
 * @example
 * assertHostAllowed({ host: "db.abc123xyz.us-east-1.rds.amazonaws.com", port: 5432, tlsName: "db.abc123xyz.us-east-1.rds.amazonaws.com" }, 5432, rules);
 */
export function assertHostAllowed(
  target: ConnectTarget,
  defaultPort: number,
  rules: readonly HostRule[],
): void {
  const host = normal(target.host);
  const tlsName = target.tlsName === undefined ? undefined : normal(target.tlsName);
  const forHost = rules.filter(
    (rule) => hostMatches(rule, host) && portMatches(rule, target.port, defaultPort),
  );
  if (forHost.length === 0) {
    throw refuse(
      rules.length === 0
        ? "ROTATION_ALLOWED_HOSTS is empty: this function may connect nowhere"
        : `the host "${host}" port ${target.port} is not allowed by ROTATION_ALLOWED_HOSTS`,
    );
  }
  if (tlsName === undefined) return;
  const named = forHost.some((rule) =>
    rule.tlsName !== undefined ? rule.tlsName === tlsName : hostMatches(rule, tlsName),
  );
  if (!named) {
    throw refuse(
      `the TLS server name "${tlsName}" is not allowed for the host "${host}" by ROTATION_ALLOWED_HOSTS`,
    );
  }
}

/** Loopback: `localhost`, 127.0.0.0/8, `::1`. Plain text to these never leaves the machine. */
export function isLoopback(host: string): boolean {
  const name = normal(host);
  return name === "localhost" || name === "::1" || (isIP(name) === 4 && name.startsWith("127."));
}
