/**
 * Secret names and ids. A SecretId is a name, a full ARN, or a partial ARN (one without the six random
 * characters AWS appends to the name).
 */

import { SecretsError } from "./errors.js";

/** AWS: 1-512 characters of letters, digits and `/_+=.@-`. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

const ARN_PREFIX = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:/;
/** The `-XXXXXX` suffix AWS adds to a name inside a full ARN. */
const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

function isSecretArn(id: string): boolean {
  return ARN_PREFIX.test(id);
}

/** Throws `InvalidParameterException` unless `name` is a valid secret name. */
export function assertValidSecretName(name: string): void {
  if (!SECRET_NAME_PATTERN.test(name)) {
    throw new SecretsError(
      "InvalidParameterException",
      "The secret name must be 1-512 characters of letters, digits and /_+=.@-",
    );
  }
}

/**
 * The secret's name as the id says it: a name as it is; the name part of a full ARN (without the six
 * random characters); the name part of a partial ARN.
 *
 * @example
 * secretNameFromId("arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbC123") // "app/db"
 */
export function secretNameFromId(id: string): string {
  if (!isSecretArn(id)) return id;
  const rest = id.replace(ARN_PREFIX, "");
  return ARN_SUFFIX.test(rest) ? rest.replace(ARN_SUFFIX, "") : rest;
}

/**
 * Whether `id` names a secret under `prefix`. A full ARN's last `-XXXXXX` is taken as AWS's suffix; an ARN
 * given without it is judged on its whole name, so the check never widens the scope.
 */
export function isWithinPrefix(id: string, prefix: string): boolean {
  if (prefix === "") return true;
  return (
    secretNameFromId(id).startsWith(prefix) &&
    (!isSecretArn(id) || id.replace(ARN_PREFIX, "").startsWith(prefix))
  );
}
