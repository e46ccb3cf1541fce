import { LocalErrorCodes } from "../secrets/errors.js";
import { HttpErrorCodes } from "./errors.js";

/**
 * The one table from error code to HTTP status. AWS's error names pass through as codes; anything not
 * listed that came from Secrets Manager is 502, anything else 500.
 */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  [HttpErrorCodes.InvalidInput]: 400,
  [HttpErrorCodes.UnexpectedBody]: 400,
  [HttpErrorCodes.UnknownField]: 400,
  [HttpErrorCodes.UnknownQueryParameter]: 400,
  [HttpErrorCodes.MalformedJson]: 400,
  [HttpErrorCodes.RotationFunctionNotAllowed]: 400,
  [HttpErrorCodes.JsonTooDeep]: 400,
  InvalidParameterException: 400,
  // The caller's own input, refused by Secrets Manager: a stale or forged nextToken, a filter value
  // outside AWS's allowed characters.
  InvalidNextTokenException: 400,
  ValidationException: 400,
  MalformedPolicyDocumentException: 400,
  LimitExceededException: 400,
  [HttpErrorCodes.NotAuthenticated]: 401,
  [HttpErrorCodes.OutsidePrefix]: 403,
  [HttpErrorCodes.ScopeDenied]: 403,
  [HttpErrorCodes.AuthorizerOverrideRefused]: 403,
  ResourceNotFoundException: 404,
  [HttpErrorCodes.KeyNotFound]: 404,
  ResourceExistsException: 409,
  // AWS: "a parameter value is not valid for the current state of the resource" (scheduled for
  // deletion, rotation in progress, ...).
  InvalidRequestException: 409,
  [LocalErrorCodes.NotJsonObject]: 409,
  [HttpErrorCodes.ConcurrentModification]: 409,
  [HttpErrorCodes.RotationInProgress]: 409,
  [HttpErrorCodes.SecretJsonTooDeep]: 409,
  [LocalErrorCodes.VersionConflict]: 412,
  [HttpErrorCodes.ValueTooLarge]: 413,
  [HttpErrorCodes.RotationTestFailed]: 422,
  [HttpErrorCodes.UnsupportedMediaType]: 415,
  ThrottlingException: 429,
  TooManyRequestsException: 429,
  InternalServiceError: 502,
  DecryptionFailure: 502,
  EncryptionFailure: 502,
  [LocalErrorCodes.Unavailable]: 502,
};

/** Seconds a throttled client is told to wait (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 1;

/** The status for `code`; `fromSecretsManager` picks 502 over 500 for codes the table does not list. */
export function statusForCode(code: string, fromSecretsManager: boolean): number {
  return STATUS_BY_CODE[code] ?? (fromSecretsManager ? 502 : 500);
}
