import { invalidRequest } from "../core/errors";
import type { Operation } from "./context";
import { addVersion } from "./new-version";
import { resolveWritableSecret } from "./resolve-secret";
import { readSecretValue } from "./secret-value";
import { clientRequestToken, secretId, versionStages } from "./validation";
import { AWSCURRENT } from "./version-stages";

export const VALUE_REQUIRED = "You must provide either SecretString or SecretBinary.";

/**
 * PutSecretValue: a new version, AWSCURRENT unless VersionStages says otherwise (then the current is
 * untouched and each listed label moves from whichever version had it).
 */
export const putSecretValue: Operation = (context, input) => {
  const secret = resolveWritableSecret(context, secretId(input));
  const token = clientRequestToken(input);
  const value = readSecretValue(input);
  const stages = versionStages(input) ?? [AWSCURRENT];
  if (!value) throw invalidRequest(VALUE_REQUIRED);
  const versionId = addVersion(context, secret, value, token, stages);
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: versionId,
    VersionStages: context.store.stagesOfVersion(secret.id, versionId),
  };
};
