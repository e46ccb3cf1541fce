import type { SecretPatch } from "../store/rows";
import type { Operation } from "./context";
import { addVersion } from "./new-version";
import { resolveWritableSecret } from "./resolve-secret";
import { readSecretValue } from "./secret-value";
import {
  checkClientRequestToken,
  clientRequestTokenField,
  description,
  kmsKeyId,
  secretId,
} from "./validation";
import { AWSCURRENT } from "./version-stages";

/**
 * UpdateSecret: metadata (Description, KmsKeyId; an empty KmsKeyId means the default key) and, when a
 * value is given, a new AWSCURRENT version. With a value, ClientRequestToken is required from a raw
 * client and may not name any existing version (AWS: "the operation results in an error").
 */
export const updateSecret: Operation = (context, input) => {
  const id = secretId(input);
  const givenToken = clientRequestTokenField(input);
  const text = description(input);
  const kmsKey = kmsKeyId(input);
  const value = readSecretValue(input);
  const token = checkClientRequestToken(givenToken, value !== undefined);
  const secret = resolveWritableSecret(context, id);
  const patch: SecretPatch = {};
  if (text !== undefined) patch.description = text;
  if (kmsKey !== undefined) patch.kms_key_id = kmsKey || null;
  if (Object.keys(patch).length > 0)
    context.store.updateSecret(secret.id, { ...patch, last_changed_date: context.now });
  const versionId = value
    ? addVersion(context, secret, value, token, [AWSCURRENT], "refuse").versionId
    : undefined;
  return { ARN: secret.arn, Name: secret.name, ...(versionId ? { VersionId: versionId } : {}) };
};
