/**
 * The errors the local endpoint answers, named and worded as AWS Secrets Manager answers them (see the
 * rules in docs/local-endpoint.md). Messages never contain a secret value: factories take only names,
 * ids, field names and fixed texts.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
  }
}

export const SECRET_NOT_FOUND = "Secrets Manager can't find the specified secret.";
export const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion.";
/** AWS's text for a name (or a SecretId that is not an ARN) outside the allowed characters. */
export const INVALID_NAME =
  "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!";
/** A raw request (the SDKs and CLIs fill the token in) without ClientRequestToken where a version is made. */
export const TOKEN_REQUIRED = "You must provide a ClientRequestToken value. We recommend a UUID-type value.";
export const TOKEN_LENGTH = "ClientRequestToken must be 32-64 characters long.";

export const resourceNotFound = (message = SECRET_NOT_FOUND) =>
  new AwsError("ResourceNotFoundException", message);
export const invalidParameter = (message: string) => new AwsError("InvalidParameterException", message);
export const invalidRequest = (message: string) => new AwsError("InvalidRequestException", message);
export const resourceExists = (message: string) => new AwsError("ResourceExistsException", message);
export const limitExceeded = (message: string) => new AwsError("LimitExceededException", message);
export const accessDenied = (message: string) => new AwsError("AccessDeniedException", message);
export const invalidNextToken = () =>
  new AwsError("InvalidNextTokenException", "The NextToken value is invalid.");
export const malformedPolicy = (message: string) => new AwsError("MalformedPolicyDocumentException", message);
export const publicPolicy = () =>
  new AwsError(
    "PublicPolicyException",
    "The BlockPublicPolicy parameter is set, and the policy grants public access.",
  );
/** A ClientRequestToken that names a version holding another value (or, for UpdateSecret, any version). */
export const tokenInUse = (token: string, secretArn: string) =>
  resourceExists(
    `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${secretArn}.`,
  );
/** A field with the wrong JSON type; the real service answers SerializationException for those. */
export const serialization = (field: string, expected: string) =>
  new AwsError("SerializationException", `Expected ${expected} for field ${field}.`);
/** A constraint (length, range, pattern) broken; worded like the Smithy validation AWS runs first. */
export const validation = (field: string, constraint: string) =>
  new AwsError(
    "ValidationException",
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
  );
/** The ValidationException for a secret name or a non-ARN SecretId outside the allowed characters. */
export const invalidName = () => new AwsError("ValidationException", INVALID_NAME);
export const markedForDeletion = () => invalidRequest(MARKED_FOR_DELETION);
export const internalFailure = () =>
  new AwsError("InternalServiceError", "An error occurred on the server side.", 500);
