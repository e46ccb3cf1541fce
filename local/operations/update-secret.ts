import type { SecretPatch } from "../store/rows";
import type { Operation } from "./context";
import { addVersion } from "./new-version";
import { resolveWritableSecret } from "./resolve-secret";
import { readSecretValue } from "./secret-value";
import { clientRequestToken, description, kmsKeyId, secretId } from "./validation";
import { AWSCURRENT } from "./version-stages";

/** UpdateSecret: metadata (Description, KmsKeyId) and, when a value is given, a new AWSCURRENT version. */
export const updateSecret: Operation = (context, input) => {
  const secret = resolveWritableSecret(context, secretId(input));
  const token = clientRequestToken(input);
  const text = description(input);
  const kmsKey = kmsKeyId(input);
  const value = readSecretValue(input);
  const patch: SecretPatch = {};
  if (text !== undefined) patch.description = text;
  if (kmsKey !== undefined) patch.kms_key_id = kmsKey;
  if (Object.keys(patch).length > 0)
    context.store.updateSecret(secret.id, { ...patch, last_changed_date: context.now });
  const versionId = value ? addVersion(context, secret, value, token, [AWSCURRENT]) : undefined;
  return { ARN: secret.arn, Name: secret.name, ...(versionId ? { VersionId: versionId } : {}) };
};
