/**
 * Cancelling a rotation so that writes are possible again, losing nothing: CancelRotateSecret turns
 * rotation off, then the stale AWSPENDING is taken off the version the rotation was making. That version
 * is kept under a label of its own (`rotation-cancelled`) rather than left unlabelled, which Secrets
 * Manager deprecates and may delete: after a database rotation's setSecret it holds the only credentials
 * the database accepts. Turning rotation on again (RotateSecret) starts fresh from AWSCURRENT.
 */
import type { CallOptions } from "./call.js";
import { listSecretVersions } from "./metadata.js";
import { cancelRotateSecret, updateSecretVersionStage } from "./rotation.js";
import type { SecretRef } from "./types.js";

/** The label the abandoned pending version is kept under (the most recent one only; labels are unique). */
export const CANCELLED_ROTATION_LABEL = "rotation-cancelled";

export interface CancelledRotation extends SecretRef {
  /** The version the cancelled rotation was making, now labelled `rotation-cancelled`, when there was one. */
  keptVersionId?: string;
}

/**
 * @example
 * const { keptVersionId } = await cancelRotation("app/db"); // read it with versionStage=rotation-cancelled
 */
export async function cancelRotation(secretId: string, options?: CallOptions): Promise<CancelledRotation> {
  const ref = await cancelRotateSecret(secretId, options);
  const { versions } = await listSecretVersions(ref.arn || secretId, { maxResults: 100 }, options);
  const labels = (id: string | undefined) => versions.find((v) => v.VersionId === id)?.VersionStages ?? [];
  // AWSPENDING beside AWSCURRENT is a finished rotation's leftover, and harmless.
  const pending = versions.find(
    (v) => v.VersionStages?.includes("AWSPENDING") && !v.VersionStages.includes("AWSCURRENT"),
  )?.VersionId;
  if (!pending) return { arn: ref.arn, name: ref.name };
  const previousHolder = versions.find((v) => v.VersionStages?.includes(CANCELLED_ROTATION_LABEL))?.VersionId;
  // The new label first, so the version is never without one; then AWSPENDING goes.
  if (!labels(pending).includes(CANCELLED_ROTATION_LABEL)) {
    await updateSecretVersionStage(
      ref.arn || secretId,
      CANCELLED_ROTATION_LABEL,
      { moveToVersionId: pending, ...(previousHolder ? { removeFromVersionId: previousHolder } : {}) },
      options,
    );
  }
  await updateSecretVersionStage(
    ref.arn || secretId,
    "AWSPENDING",
    { removeFromVersionId: pending },
    options,
  );
  return { arn: ref.arn, name: ref.name, keptVersionId: pending };
}
