import { invalidRequest } from "../core/errors";
import type { Operation } from "./context";
import { addVersion } from "./new-version";
import { resolveWritableSecret } from "./resolve-secret";
import { readSecretValue } from "./secret-value";
import {
  checkClientRequestToken,
  clientRequestTokenField,
  optionalString,
  secretId,
  versionStages,
} from "./validation";
import { AWSCURRENT } from "./version-stages";

export const VALUE_REQUIRED = "You must provide either SecretString or SecretBinary.";

/**
 * PutSecretValue: a new version, AWSCURRENT unless VersionStages says otherwise (then the current is
 * untouched and each listed label moves from whichever version had it). Checked in AWS's order:
 * SecretId, ClientRequestToken (required from a raw client), the value, then the secret itself.
 * RotationToken (cross-account rotation) is accepted and not used: the local endpoint has one account.
 */
export const putSecretValue: Operation = (context, input) => {
  const id = secretId(input);
  const givenToken = clientRequestTokenField(input);
  const value = readSecretValue(input);
  const stages = versionStages(input) ?? [AWSCURRENT];
  optionalString(input, "RotationToken", { min: 36, max: 256, pattern: /^[a-zA-Z0-9-]+$/ });
  const token = checkClientRequestToken(givenToken, true);
  if (!value) throw invalidRequest(VALUE_REQUIRED);
  const secret = resolveWritableSecret(context, id);
  const version = addVersion(context, secret, value, token, stages);
  return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: version.stages };
};
