/**
 * Errors the HTTP layer raises itself. Each has a code; `status-table.ts` maps every code (ours and AWS's)
 * to a status in one place. Messages are fixed texts or name fields, never values.
 */

export const HttpErrorCodes = {
  InvalidInput: "InvalidInput",
  /** A body sent to a route that takes none. */
  UnexpectedBody: "UnexpectedBody",
  /** A body field the route does not take. */
  UnknownField: "UnknownField",
  /** A query parameter the route does not take. */
  UnknownQueryParameter: "UnknownQueryParameter",
  MalformedJson: "MalformedJson",
  UnsupportedMediaType: "UnsupportedMediaType",
  ValueTooLarge: "ValueTooLarge",
  OutsidePrefix: "OutsidePrefix",
  KeyNotFound: "KeyNotFound",
  ConcurrentModification: "ConcurrentModification",
  RotationFunctionNotAllowed: "RotationFunctionNotAllowed",
  /** A write while a rotation is in progress (shared/secrets/pending-rotation.ts): 409, Retry-After. */
  RotationInProgress: "RotationInProgress",
  /** RotateImmediately=false: Secrets Manager's test run of the rotation function failed. */
  RotationTestFailed: "RotationTestFailed",
  /** A request body nested deeper than 64 levels. */
  JsonTooDeep: "JsonTooDeep",
  /** A stored value nested too deep to be edited or read by key. */
  SecretJsonTooDeep: "SecretJsonTooDeep",
  /** The route ran without a well-formed authorizer context: it refuses (fails closed). */
  NotAuthenticated: "NotAuthenticated",
  /** The request carries `sls-offline-authorizer-override`, which would replace the authorizer's answer. */
  AuthorizerOverrideRefused: "AuthorizerOverrideRefused",
  /** The client's scopes do not grant the route's action on the name. */
  ScopeDenied: "ScopeDenied",
} as const;

export type HttpErrorCode = (typeof HttpErrorCodes)[keyof typeof HttpErrorCodes];

/** A client-facing failure whose code the status table knows. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: HttpErrorCode;
  /** Sent as `Retry-After` when set: the client may try again after this many seconds. */
  readonly retryAfterSeconds?: number;

  constructor(code: HttpErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function invalidInput(message: string): ApiError {
  return new ApiError(HttpErrorCodes.InvalidInput, message);
}
