import { randomUUID } from "node:crypto";
import { resourceExists } from "../core/errors";
import type { SecretRow } from "../store/rows";
import type { OperationContext } from "./context";
import { type SecretValue, sameValue, storedValue } from "./secret-value";
import { moveStage, pruneVersions } from "./version-stages";

export const VERSION_EXISTS = "You can't modify an existing version, you can only create a new version.";

/**
 * Stores a new version (CreateSecret, PutSecretValue, UpdateSecret). ClientRequestToken is the version
 * id and the idempotency key: the same token with the same value is a no-op answering the same id, the
 * same token with another value is refused. Returns the version id.
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
  if (existing) {
    if (sameValue(existing, value)) return versionId;
    throw resourceExists(VERSION_EXISTS);
  }
  context.store.insertVersion(secret.id, { versionId, ...storedValue(value), createdDate: context.now });
  for (const stage of stages) moveStage(context, secret, stage, versionId);
  pruneVersions(context, secret.id);
  context.store.updateSecret(secret.id, { last_changed_date: context.now });
  return versionId;
}
