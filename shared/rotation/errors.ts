/**
 * Rotation failures. Every message names the step, the secret and the cause, and never a value: causes
 * from database drivers are reduced to their codes and a fixed description (a driver's message can quote
 * SQL holding an escaped password); other causes to their code and a redacted, shortened message.
 */
import { LOGGABLE_MESSAGE, redactText } from "../observability/redaction.js";
import type { RotationStep } from "./types.js";

/** Why a rotation step refused or failed; `code` is stable for tests and alarms. */
export const RotationErrorCodes = {
  /** The event is not a rotation event (missing field, unknown step). */
  InvalidEvent: "InvalidRotationEvent",
  /** DescribeSecret says rotation is off for the secret. */
  RotationNotEnabled: "RotationNotEnabled",
  /** The token is not a version of the secret. */
  UnknownVersion: "UnknownRotationVersion",
  /** The token's version is neither AWSCURRENT nor AWSPENDING. */
  NotPending: "VersionNotPending",
  /** The secret's value does not have the shape the strategy needs. */
  InvalidSecret: "InvalidSecretShape",
  /** None of the pending, current or previous credentials logged in. */
  NoWorkingCredentials: "NoWorkingCredentials",
  /** The pending credentials failed the test. */
  TestFailed: "PendingCredentialsTestFailed",
  /**
   * The secret says `"ssl": false` for a host that is neither loopback nor listed in
   * `DB_ALLOW_PLAINTEXT_HOSTS`: TLS with certificate and name verification is required there.
   */
  TlsPolicy: "TlsPolicyViolation",
  /** The secret's host, port or TLS server name is not allowed by `ROTATION_ALLOWED_HOSTS`. */
  HostNotAllowed: "HostNotAllowed",
  /**
   * The server accepted a wrong password for the user: it does not check passwords (`trust`), so no
   * login proves anything and the rotation refuses to report a success it cannot know.
   */
  PasswordsNotChecked: "PasswordsNotChecked",
  /**
   * The secret asks for something this function refuses to do: a user the master does not list (or
   * `ROTATION_ALLOWED_USERS` leaves out), a `_clone` this strategy did not make, the master's own user,
   * a privileged user, a master secret outside the master prefix, or a tag weaker than the floors.
   */
  NotAllowed: "RotationNotAllowed",
  /**
   * finishSecret found AWSCURRENT moved onto a version made after this rotation began (a write around
   * the API): it moves no label, since moving AWSCURRENT back would lose that write.
   */
  Conflict: "RotationConflict",
  /** The MySQL/MariaDB account authenticates with a plugin other than mysql_native_password. */
  UnsupportedAuthPlugin: "UnsupportedAuthPlugin",
  /** Anything else a step ran into (database unreachable, Secrets Manager error). */
  StepFailed: "RotationStepFailed",
} as const;
export type RotationErrorCode = (typeof RotationErrorCodes)[keyof typeof RotationErrorCodes];

/** A failure inside a strategy before the engine adds step and secret (see `RotationError`). */
export class StrategyError extends Error {
  override readonly name = "StrategyError";
  constructor(
    readonly code: RotationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class RotationError extends Error {
  override readonly name = "RotationError";
  /** Its message is built here from the step, the secret's name and `describeCause`: the logger writes it. */
  readonly [LOGGABLE_MESSAGE] = true;
  readonly code: RotationErrorCode;
  readonly step: RotationStep | "unknown";
  readonly secret: string;
  /** The cause's code (AWS error name, driver code such as `28P01` or `ECONNREFUSED`), when it had one. */
  readonly causeCode?: string;

  constructor(input: {
    code: RotationErrorCode;
    step: RotationStep | "unknown";
    secret: string;
    cause: string;
    causeCode?: string;
  }) {
    super(`${input.step} failed for secret ${input.secret}: ${input.cause}`);
    this.code = input.code;
    this.step = input.step;
    this.secret = input.secret;
    this.causeCode = input.causeCode;
  }
}

const MAX_CAUSE_LENGTH = 300;

/** The code of whatever was thrown: `code` of driver and SecretsError objects, else the error's name. */
export function causeCodeOf(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string" || typeof code === "number") return String(code);
  }
  return error instanceof Error ? error.name : undefined;
}

/**
 * What a database driver error is allowed to say: fixed text per known code. A driver's own message may
 * quote the SQL it choked on, and with it a password in its escaped (so not exactly redactable) form,
 * possibly cut short; so it is never used.
 */
const DRIVER_ERROR_TEXT: Record<string, string> = {
  // PostgreSQL SQLSTATEs
  "28P01": "password authentication failed",
  "28000": "invalid authorization specification",
  "42501": "insufficient privilege",
  "42601": "syntax error",
  "42704": "undefined object",
  "42710": "duplicate object",
  "0LP01": "invalid grant operation",
  "3D000": "the database does not exist",
  "53300": "too many connections",
  "57014": "statement canceled (timeout)",
  "57P01": "the server is shutting down",
  "25P02": "the transaction was aborted",
  "40001": "serialization failure",
  "22023": "invalid parameter value",
  // MySQL / MariaDB error numbers
  "1044": "access to the database denied",
  "1045": "access denied",
  "1049": "unknown database",
  "1064": "SQL syntax error",
  "1133": "no such user",
  "1142": "command denied on a table",
  "1205": "lock wait timeout",
  "1213": "deadlock",
  "1227": "access denied: a privilege is missing",
  "1040": "too many connections",
  "1396": "the user operation failed",
  "1410": "not allowed to create a user with GRANT",
  "1470": "the user name is too long",
  "1698": "access denied",
  "1819": "the password does not satisfy the server's policy",
};

const SAFE_CODE = /^[A-Z0-9_]{1,64}$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The codes of a PostgreSQL (`severity` + SQLSTATE `code`) or MySQL (`errno`, `sqlState`) error, else undefined. */
function driverErrorCodes(error: unknown): { code?: string; errno?: number; sqlState?: string } | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  const code = typeof e.code === "string" && SAFE_CODE.test(e.code) ? e.code : undefined;
  const mysql =
    typeof e.sqlState === "string" ||
    typeof e.sqlMessage === "string" ||
    (typeof e.errno === "number" && typeof e.code === "string" && e.code.startsWith("ER_"));
  if (mysql) {
    return {
      ...(code ? { code } : {}),
      ...(typeof e.errno === "number" && Number.isInteger(e.errno) ? { errno: e.errno } : {}),
      ...(typeof e.sqlState === "string" && SQLSTATE.test(e.sqlState) ? { sqlState: e.sqlState } : {}),
    };
  }
  const postgres = typeof e.severity === "string" && typeof e.code === "string" && SQLSTATE.test(e.code);
  return postgres ? { sqlState: e.code as string } : undefined;
}

/**
 * A database driver error as fixed text and its codes only, never the driver's message; undefined for
 * anything that is not a driver error.
 *
 * @example
 * describeDriverError(mysqlParseError) // "database error: SQL syntax error (ER_PARSE_ERROR, errno 1064, SQLSTATE 42000)"
 */
function describeDriverError(error: unknown): string | undefined {
  const codes = driverErrorCodes(error);
  if (!codes) return undefined;
  const known =
    (codes.errno !== undefined ? DRIVER_ERROR_TEXT[String(codes.errno)] : undefined) ??
    (codes.errno === undefined && codes.sqlState ? DRIVER_ERROR_TEXT[codes.sqlState] : undefined);
  const parts = [
    ...(codes.code && codes.code !== codes.sqlState ? [codes.code] : []),
    ...(codes.errno !== undefined ? [`errno ${codes.errno}`] : []),
    ...(codes.sqlState ? [`SQLSTATE ${codes.sqlState}`] : []),
  ];
  return `database error${known ? `: ${known}` : ""}${parts.length ? ` (${parts.join(", ")})` : ""}`;
}

/**
 * A loggable description of a cause: a database driver's error as fixed text and codes; anything else
 * as its code and its message, masked and cut short.
 */
export function describeCause(error: unknown): string {
  const driver = describeDriverError(error);
  if (driver) return driver;
  const message = error instanceof Error ? error.message : "unknown error";
  const code = causeCodeOf(error);
  const text = redactText(message).slice(0, MAX_CAUSE_LENGTH);
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

/**
 * Wraps whatever a step threw into a `RotationError` naming the step and the secret.
 *
 * @example
 * try { await step(context) } catch (error) { throw toRotationError(error, "setSecret", "app/db") }
 */
export function toRotationError(
  error: unknown,
  step: RotationStep | "unknown",
  secret: string,
): RotationError {
  if (error instanceof RotationError) return error;
  const code = error instanceof StrategyError ? error.code : RotationErrorCodes.StepFailed;
  const causeCode = error instanceof StrategyError ? undefined : causeCodeOf(error);
  return new RotationError({ code, step, secret, cause: describeCause(error), causeCode });
}
