/**
 * AWS's JSON shape for a database secret: `engine`, `host`, `port`, `username`, `password`, `dbname`,
 * optional `ssl`, and `masterarn` for the alternating-users strategies. Other keys are kept as they are.
 */
import { RotationErrorCodes, StrategyError } from "../errors.js";

/** What the secret says about TLS: `required` (true, "true", "required"), `disabled` (false, "false", "disabled"), or nothing. */
export type SslSetting = "required" | "disabled" | "unset";

export interface DatabaseSecret {
  engine: string;
  host: string;
  port: number;
  username: string;
  password: string;
  dbname?: string;
  ssl: SslSetting;
  /** The name the server's certificate must carry, when it is not `host` (for example an IP in `host`). */
  tlsServerName?: string;
  /** The ARN of the secret of a user that may change other users' passwords (alternating users). */
  masterarn?: string;
  /** Every key of the JSON, for writing the value back with other keys untouched. */
  fields: Record<string, unknown>;
}

function invalid(why: string): StrategyError {
  return new StrategyError(RotationErrorCodes.InvalidSecret, why);
}

function parseSsl(value: unknown): SslSetting {
  if (value === undefined || value === null) return "unset";
  const text = String(value).toLowerCase();
  if (text === "true" || text === "required" || text === "require" || text === "verify-full")
    return "required";
  if (text === "false" || text === "disabled" || text === "disable") return "disabled";
  throw invalid('"ssl" must be true, false, "required" or "disabled"');
}

function requireString(fields: Record<string, unknown>, key: string, which: string): string {
  const value = fields[key];
  if (typeof value !== "string" || value.length === 0) throw invalid(`the ${which} value has no "${key}"`);
  return value;
}

function optionalString(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Parses one version's text; `which` ("current", "pending", "master") names it in errors, which never
 * repeat the text itself.
 *
 * @example
 * parseDatabaseSecret('{"engine":"postgres","host":"db","username":"app","password":"…"}', "current", 5432)
 */
export function parseDatabaseSecret(text: string, which: string, defaultPort: number): DatabaseSecret {
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new TypeError();
    fields = parsed as Record<string, unknown>;
  } catch {
    throw invalid(`the ${which} value is not a JSON object`);
  }
  const port = fields.port === undefined ? defaultPort : Number(fields.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw invalid(`the ${which} value's "port" is not a port`);
  const dbname = optionalString(fields, "dbname");
  const masterarn = optionalString(fields, "masterarn");
  const tlsServerName = optionalString(fields, "tlsServerName");
  return {
    engine: optionalString(fields, "engine") ?? "",
    host: requireString(fields, "host", which),
    port,
    username: requireString(fields, "username", which),
    password: requireString(fields, "password", which),
    ...(dbname ? { dbname } : {}),
    ssl: parseSsl(fields.ssl),
    ...(tlsServerName ? { tlsServerName } : {}),
    ...(masterarn ? { masterarn } : {}),
    fields,
  };
}

/** The secret's JSON with `changes` applied and every other key as it was. */
export function withFields(secret: DatabaseSecret, changes: Record<string, string>): string {
  return JSON.stringify({ ...secret.fields, ...changes });
}
