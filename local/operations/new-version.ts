import { randomUUID } from "node:crypto";
import { resourceExists, tokenInUse } from "../core/errors";
import { decodeLabels, holderOf, labelsOn, withLabel, withoutLabel } from "../store/labels";
import type { SecretRow, VersionRow } from "../store/rows";
import type { OperationContext } from "./context";
import { hasValue, type SecretValue, sameValue, storedValue } from "./secret-value";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, moveStage, pruneVersions } from "./version-stages";

export const VERSION_EXISTS = "You can't modify an existing version, you can only create a new version.";

/**
 * What a ClientRequestToken naming an existing version (with a value) means: CreateSecret and
 * PutSecretValue answer the same value as a retry (a no-op), UpdateSecret refuses any existing version
 * (AWS documents: "If you call this operation with a ClientRequestToken that matches an existing
 * version's VersionId, the operation results in an error").
 */
export type TokenReuse = "retryIfSameValue" | "refuse";

/**
 * Stores a new version (CreateSecret, PutSecretValue, UpdateSecret). ClientRequestToken is the version
 * id and the idempotency key (see `TokenReuse`); a token naming another value is refused naming the
 * token and the secret's ARN. A token naming the value-less version a rotation made gets that version
 * its value (createSecret's put). A secret's first version always gets AWSCURRENT, as AWS documents for
 * PutSecretValue, whatever VersionStages says: "first" meaning no version holds AWSCURRENT yet, so a
 * secret that has a value always has a current version. When AWSCURRENT moves off a version that also
 * carries AWSPENDING (a finished rotation leaves both on one version), AWSPENDING is dropped from it, as
 * AWS does. Returns the version id and the labels it holds now.
 *
 * `secret` is the row the operation read just before: the labels and the version count are taken from
 * it (each caller reads the row and makes the version next, changing neither in between).
 */
export function addVersion(
  context: OperationContext,
  secret: SecretRow,
  value: SecretValue,
  token: string | undefined,
  stages: readonly string[],
  reuse: TokenReuse = "retryIfSameValue",
): { versionId: string; stages: string[] } {
  const { store } = context;
  const versionId = token ?? randomUUID();
  const { secretString, secretBinary } = storedValue(value);
  const version = { versionId, secretString, secretBinary, createdDate: context.now };
  const labels = decodeLabels(secret.labels);
  // A new token (nearly every write) is one insert; only a token already used is looked at.
  const seq = secret.version_seq + 1;
  const inserted = store.insertVersionIfNew(secret.id, version, seq);
  if (!inserted) {
    const existing = store.getVersion(secret.id, versionId);
    // Only the id can have kept the insert out; anything else is a bug, answered as an internal failure.
    if (!existing) throw new Error("the version was neither inserted nor found");
    if (hasValue(existing)) {
      if (reuse === "retryIfSameValue" && sameValue(existing, value))
        return { versionId, stages: labelsOn(labels, versionId) };
      throw tokenInUse(versionId, secret.arn);
    }
    store.fillVersion(secret.id, versionId, secretString, secretBinary);
  }
  const oldCurrent = holderOf(labels, AWSCURRENT);
  const oldPending = holderOf(labels, AWSPENDING);
  const wanted = oldCurrent === undefined && !stages.includes(AWSCURRENT) ? [...stages, AWSCURRENT] : stages;
  const currentMoved = wanted.includes(AWSCURRENT) && oldCurrent !== undefined && oldCurrent !== versionId;
  if (inserted && oldCurrent !== undefined && wanted.length === 1 && wanted[0] === AWSCURRENT) {
    // The common put: AWSCURRENT to the new version, AWSPREVIOUS to the old one, and the new version's
    // number, in one write of the secret's row.
    let moved = withLabel(withLabel(labels, AWSCURRENT, versionId), AWSPREVIOUS, oldCurrent);
    if (oldPending === oldCurrent) moved = withoutLabel(moved, AWSPENDING);
    store.writeLabels(secret.id, moved, seq);
  } else {
    if (inserted) store.recordNewestVersion(secret.id, seq);
    for (const stage of wanted) moveStage(context, secret, stage, versionId);
    if (currentMoved && oldPending === oldCurrent) store.removeStage(secret.id, AWSPENDING);
  }
  pruneVersions(context, secret.id, seq);
  // A new version is its own change date (LastChangedDate counts the newest version: lastChangedDate in
  // secret-view.ts), so the common put changes nothing else on the secret's row.
  if (!inserted) store.updateSecret(secret.id, { last_changed_date: context.now });
  // A new version holds exactly the labels just put on it, in that order; a filled one may hold more.
  return { versionId, stages: inserted ? [...new Set(wanted)] : store.stagesOfVersion(secret.id, versionId) };
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
  const seq = context.store.insertVersion(secret.id, {
    versionId,
    secretString: copyOf?.secret_string ?? null,
    secretBinary: copyOf?.secret_binary ?? null,
    createdDate: context.now,
  });
  moveStage(context, secret, AWSPENDING, versionId);
  pruneVersions(context, secret.id, seq);
}
