/**
 * Rotation failures. Every message names the step, the secret and the cause, and never a value: causes
 * from drivers are reduced to their code and a redacted, shortened message.
 */
import { redactText } from "../observability/redaction.js";
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
  /** The TLS settings ask for something impossible (TLS required but the secret turns it off). */
  TlsPolicy: "TlsPolicyViolation",
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

/** A loggable description of a cause: its code and its message, masked and cut short. */
export function describeCause(error: unknown): string {
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
