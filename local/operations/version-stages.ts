import type { RotationRequest } from "../core/types";
import { holderOf, withLabel } from "../store/labels";
import type { SecretRow } from "../store/rows";
import { type OperationContext, SECONDS_PER_DAY } from "./context";

export const AWSCURRENT = "AWSCURRENT";
export const AWSPREVIOUS = "AWSPREVIOUS";
export const AWSPENDING = "AWSPENDING";

/** AWS keeps at most this many versions, but never prunes one younger than a day. */
export const MAX_VERSIONS = 100;

/** A rotation is pending when a version carries AWSPENDING without also being AWSCURRENT. */
export function pendingVersionId(context: OperationContext, secretId: number): string | undefined {
  const labels = context.store.labels(secretId);
  const pending = holderOf(labels, AWSPENDING);
  if (pending === undefined) return undefined;
  return holderOf(labels, AWSCURRENT) === pending ? undefined : pending;
}

export function rotationRequest(
  context: OperationContext,
  secret: SecretRow,
  token: string,
  mode: RotationRequest["mode"] = "rotate",
): RotationRequest {
  return {
    region: secret.region,
    accountId: secret.arn.split(":")[4] ?? context.request.accountId,
    secretArn: secret.arn,
    secretName: secret.name,
    clientRequestToken: token,
    lambdaArn: secret.rotation_lambda_arn ?? "",
    mode,
  };
}

/**
 * Tells the shell (after commit) that the rotation making `versionId` lost its AWSPENDING label. A test
 * run's version (RotateImmediately=false) is no rotation: nothing is abandoned, the run removes it.
 */
function abandonRotation(context: OperationContext, secret: SecretRow, versionId: string): void {
  if (context.store.isTestVersion(secret.id, versionId)) return;
  if (secret.rotation_token === versionId) context.store.updateSecret(secret.id, { rotation_token: null });
  const request = rotationRequest(context, secret, versionId);
  context.afterCommit(() => context.hooks.rotationAbandoned(request));
}

/**
 * Moves one label onto `versionId`, taking it from whichever version had it. Moving AWSCURRENT gives the
 * old current AWSPREVIOUS (taken from its former holder), in the same write. Taking AWSPENDING from a
 * pending version abandons that rotation.
 */
export function moveStage(
  context: OperationContext,
  secret: SecretRow,
  stage: string,
  versionId: string,
): void {
  const { store } = context;
  const labels = store.labels(secret.id);
  const holder = holderOf(labels, stage);
  if (holder === versionId) return;
  if (stage === AWSPENDING && holder !== undefined && pendingVersionId(context, secret.id) === holder)
    abandonRotation(context, secret, holder);
  let moved = withLabel(labels, stage, versionId);
  if (stage === AWSCURRENT && holder !== undefined) moved = withLabel(moved, AWSPREVIOUS, holder);
  store.writeLabels(secret.id, moved);
}

export function removeStage(context: OperationContext, secret: SecretRow, stage: string): void {
  const holder = context.store.stageHolder(secret.id, stage);
  if (stage === AWSPENDING && holder !== undefined && pendingVersionId(context, secret.id) === holder)
    abandonRotation(context, secret, holder);
  context.store.removeStage(secret.id, stage);
}

/**
 * Removes unlabelled (deprecated) versions, oldest first, while there are more than 100 versions; a
 * version created less than 24 hours ago is kept even then (AWS's documented rule). `newestSeq`, the
 * number of the version just made, spares the count while it is 100 or less.
 */
export function pruneVersions(context: OperationContext, secretId: number, newestSeq?: number): void {
  const { store, now } = context;
  // A secret whose newest version is number `newestSeq` or less holds no more than that: nothing to count.
  if (newestSeq !== undefined && newestSeq <= MAX_VERSIONS) return;
  const excess = store.countVersions(secretId) - MAX_VERSIONS;
  if (excess <= 0) return;
  for (const versionId of store.prunableVersions(secretId, now - SECONDS_PER_DAY, excess))
    store.deleteVersion(secretId, versionId);
}
