import type { CallOptions } from "../secrets/call.js";
import { listSecretVersions } from "../secrets/metadata.js";
import { rotationInProgress } from "../secrets/pending-rotation.js";
import { ApiError, HttpErrorCodes } from "./errors.js";

/** How long a writer refused during a rotation is told to wait: a rotation takes seconds. */
export const ROTATION_RETRY_AFTER_SECONDS = 30;

/**
 * Refuses a write while a rotation is in progress (the one rule: shared/secrets/pending-rotation.ts):
 * 409 `RotationInProgress` with `Retry-After`, before anything is stored. The rotation would otherwise
 * move AWSCURRENT onto a version made before the write, and the acknowledged write would be lost. (A
 * rotation that starts after this check is caught by finishSecret, which then refuses to move
 * AWSCURRENT: RotationConflict.)
 *
 * @example
 * await assertNoRotationInProgress(secretId); // then write
 */
export async function assertNoRotationInProgress(secretId: string, options?: CallOptions): Promise<void> {
  const { versions } = await listSecretVersions(secretId, { maxResults: 100 }, options);
  const pending = rotationInProgress(versions);
  if (!pending) return;
  throw new ApiError(
    HttpErrorCodes.RotationInProgress,
    `A rotation of this secret is in progress (version ${pending.versionId}): try again when it has ended, or cancel it (POST /secrets/{id}/rotate/cancel)`,
    { retryAfterSeconds: ROTATION_RETRY_AFTER_SECONDS },
  );
}
