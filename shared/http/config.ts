/** The HTTP API's settings, read from the environment on each call so tests can change them. */

/** Names the API may manage start with this (env `SECRETS_PREFIX`, default `app/`). */
export function secretsPrefix(): string {
  return process.env.SECRETS_PREFIX ?? "app/";
}

/**
 * The Lambda functions a caller may name as `rotationLambdaArn` (env `ROTATION_FUNCTION_ARNS`, ARNs
 * separated by commas): this service's rotation functions. Unset or empty allows none.
 */
export function rotationFunctionArns(): ReadonlySet<string> {
  const arns = (process.env.ROTATION_FUNCTION_ARNS ?? "").split(",").map((arn) => arn.trim());
  return new Set(arns.filter((arn) => arn !== ""));
}

/** Secrets Manager's own limit on a value: 65,536 bytes. */
export const MAX_SECRET_VALUE_BYTES = 65_536;

/**
 * The customer-managed KMS keys a created or updated secret may name as `kmsKeyId` (env
 * `SECRETS_KMS_KEY_ARNS`, key ARNs separated by commas): the keys this deployment's roles may use. Unset
 * or empty allows none (the secret then uses Secrets Manager's own key, aws/secretsmanager).
 */
export function allowedKmsKeyArns(): ReadonlySet<string> {
  const arns = (process.env.SECRETS_KMS_KEY_ARNS ?? "").split(",").map((arn) => arn.trim());
  return new Set(arns.filter((arn) => arn !== ""));
}
