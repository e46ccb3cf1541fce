/**
 * Errors the HTTP layer raises itself. Each has a code; `status-table.ts` maps every code (ours and AWS's)
 * to a status in one place. Messages are fixed texts or name fields, never values.
 */

export const HttpErrorCodes = {
  InvalidInput: "InvalidInput",
  MalformedJson: "MalformedJson",
  UnsupportedMediaType: "UnsupportedMediaType",
  ValueTooLarge: "ValueTooLarge",
  OutsidePrefix: "OutsidePrefix",
  KeyNotFound: "KeyNotFound",
  ConcurrentModification: "ConcurrentModification",
  RotationFunctionNotAllowed: "RotationFunctionNotAllowed",
} as const;

export type HttpErrorCode = (typeof HttpErrorCodes)[keyof typeof HttpErrorCodes];

/** A client-facing failure whose code the status table knows. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: HttpErrorCode;

  constructor(code: HttpErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function invalidInput(message: string): ApiError {
  return new ApiError(HttpErrorCodes.InvalidInput, message);
}
