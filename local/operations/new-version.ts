import { randomUUID } from "node:crypto";
import { resourceExists } from "../core/errors";
import type { SecretRow, VersionRow } from "../store/rows";
import type { OperationContext } from "./context";
import { hasValue, type SecretValue, sameValue, storedValue } from "./secret-value";
import { AWSCURRENT, AWSPENDING, moveStage, pruneVersions } from "./version-stages";

export const VERSION_EXISTS = "You can't modify an existing version, you can only create a new version.";

/**
 * Stores a new version (CreateSecret, PutSecretValue, UpdateSecret). ClientRequestToken is the version
 * id and the idempotency key: the same token with the same value is a no-op answering the same id, the
 * same token with another value is refused. A token naming the value-less version a rotation made gets
 * that version its value (createSecret's put). A secret's first version always gets AWSCURRENT, as
 * AWS documents for PutSecretValue, whatever VersionStages says: "first" meaning no version holds
 * AWSCURRENT yet, so a secret that has a value always has a current version. Returns the version id.
 */
export function addVersion(
  context: OperationContext,
  secret: SecretRow,
  value: SecretValue,
  token: string | undefined,
  stages: readonly string[],
): string {
  const versionId = token ?? randomUUID();
  const existing = context.store.getVersion(secret.id, versionId);
  if (existing && hasValue(existing)) {
    if (sameValue(existing, value)) return versionId;
    throw resourceExists(VERSION_EXISTS);
  }
  const { secretString, secretBinary } = storedValue(value);
  if (existing) context.store.fillVersion(secret.id, versionId, secretString, secretBinary);
  else
    context.store.insertVersion(secret.id, {
      versionId,
      secretString,
      secretBinary,
      createdDate: context.now,
    });
  const first = context.store.stageHolder(secret.id, AWSCURRENT) === undefined;
  for (const stage of first && !stages.includes(AWSCURRENT) ? [...stages, AWSCURRENT] : stages)
    moveStage(context, secret, stage, versionId);
  pruneVersions(context, secret.id);
  context.store.updateSecret(secret.id, { last_changed_date: context.now });
  return versionId;
}

/**
 * The version a rotation works on. Like Secrets Manager, this is made before the Lambda runs: id the
 * ClientRequestToken, labelled AWSPENDING, no value (AWS's createSecret reads it expecting
 * ResourceNotFoundException, then puts the value with the same token). A token that already names a
 * version is refused: RotateSecret's token is there so no version is made twice. With `copyOf`, the
 * version gets that version's value instead (the test run of RotateImmediately=false).
 */
export function addPendingVersion(
  context: OperationContext,
  secret: SecretRow,
  versionId: string,
  copyOf?: VersionRow,
): void {
  if (context.store.getVersion(secret.id, versionId)) throw resourceExists(VERSION_EXISTS);
  context.store.insertVersion(secret.id, {
    versionId,
    secretString: copyOf?.secret_string ?? null,
    secretBinary: copyOf?.secret_binary ?? null,
    createdDate: context.now,
  });
  moveStage(context, secret, AWSPENDING, versionId);
  pruneVersions(context, secret.id);
}
