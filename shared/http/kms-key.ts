import { allowedKmsKeyArns } from "./config.js";
import { invalidInput } from "./errors.js";

/**
 * Refuses (400 `InvalidInput`) a `kmsKeyId` that is not one of the deployment's keys
 * (`SECRETS_KMS_KEY_ARNS`), before anything is sent to Secrets Manager: a secret under another key would be
 * one the API's own functions and rotations cannot decrypt. Absent is always fine (aws/secretsmanager).
 * Only the exact key ARN is accepted: an alias or a bare key id could name another key tomorrow.
 *
 * @example
 * assertKmsKeyAllowed(body.kmsKeyId); // throws unless undefined or listed in SECRETS_KMS_KEY_ARNS
 */
export function assertKmsKeyAllowed(kmsKeyId: string | undefined): void {
  if (kmsKeyId === undefined || allowedKmsKeyArns().has(kmsKeyId)) return;
  throw invalidInput("kmsKeyId: not a KMS key ARN this deployment allows (SECRETS_KMS_KEY_ARNS)");
}
