/**
 * Every failure of a Secrets Manager call becomes a `SecretsError` whose `code` is AWS's error name
 * (`ResourceNotFoundException`, ...), so the HTTP layer maps codes to statuses in one table. AWS's
 * messages name secrets, never values; errors this project raises itself follow the same rule.
 */

import { SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";

/** Codes this project raises itself, beside AWS's own. */
export const LocalErrorCodes = {
  /** The call never got an answer from Secrets Manager (network, DNS, timeout). */
  Unavailable: "SecretsManagerUnavailable",
  /** A JSON-key operation on a value that is not a JSON object. */
  NotJsonObject: "SecretNotJsonObject",
  /** The caller's expected version (If-Match) is no longer AWSCURRENT. */
  VersionConflict: "VersionConflict",
} as const;

export class SecretsError extends Error {
  override readonly name = "SecretsError";
  readonly code: string;
  /** Whether trying again later may succeed (throttling, service faults). */
  readonly retryable: boolean;
  /** HTTP status AWS answered with, when it answered. */
  readonly awsStatus?: number;

  constructor(code: string, message: string, options: { retryable?: boolean; awsStatus?: number } = {}) {
    super(message);
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.awsStatus = options.awsStatus;
  }
}

const RETRYABLE_CODES = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "InternalServiceError",
  "ServiceUnavailable",
  LocalErrorCodes.Unavailable,
]);

/**
 * Turns whatever the SDK threw into a `SecretsError`, keeping AWS's code and message.
 *
 * @example
 * try { await client.send(command) } catch (error) { throw toSecretsError(error) }
 */
export function toSecretsError(error: unknown): SecretsError {
  if (error instanceof SecretsError) return error;
  if (error instanceof SecretsManagerServiceException) {
    const status = error.$metadata?.httpStatusCode;
    const retryable = RETRYABLE_CODES.has(error.name) || (status !== undefined && status >= 500);
    return new SecretsError(error.name, error.message, { retryable, awsStatus: status });
  }
  const name = error instanceof Error ? error.name : "Error";
  return new SecretsError(LocalErrorCodes.Unavailable, `Secrets Manager could not be reached (${name})`, {
    retryable: true,
  });
}

export function isSecretsError(error: unknown, code?: string): error is SecretsError {
  return error instanceof SecretsError && (code === undefined || error.code === code);
}
