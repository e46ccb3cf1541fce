/**
 * finishSecret for every strategy: moves AWSCURRENT to the token's version (Secrets Manager then puts
 * AWSPREVIOUS on the old one) and takes AWSPENDING off it, but only while this rotation is still the one
 * in progress
 * (shared/secrets/pending-rotation.ts): AWSCURRENT on a version older than the pending one, which
 * `RemoveFromVersionId` names, so Secrets Manager refuses the move should AWSCURRENT move meanwhile.
 *
 * If AWSCURRENT was moved some other way after the rotation began (a write around the API), moving it
 * back would lose that write: the step fails with `RotationConflict` and moves no label. For the database
 * strategies after setSecret the pending credentials are the ones the database accepts, so nothing
 * discards them; the way out (docs/rotation.md, the rotation alert): cancel the rotation
 * (`POST /secrets/{id}/rotate/cancel`, which keeps the version as `rotation-cancelled`), write a value
 * that merges those credentials with the change, and rotate again.
 */
import { isSecretsError } from "../secrets/errors.js";
import { listSecretVersions } from "../secrets/metadata.js";
import { rotationInProgress, toVersionFacts } from "../secrets/pending-rotation.js";
import { updateSecretVersionStage } from "../secrets/rotation.js";
import { RotationErrorCodes, StrategyError } from "./errors.js";
import type { StepContext } from "./types.js";

function conflict(context: StepContext, currentVersion: string | undefined): StrategyError {
  return new StrategyError(
    RotationErrorCodes.Conflict,
    `AWSCURRENT moved to version ${currentVersion ?? "(none)"} after this rotation began: no label was moved. ` +
      `The credentials in AWSPENDING (version ${context.token}) are the ones a database accepts after setSecret: ` +
      "cancel the rotation (POST /secrets/{id}/rotate/cancel), write a value that merges them with the change, then rotate again",
  );
}

/**
 * @example
 * await moveCurrentToToken(context); // "moved" | "already current", or throws RotationConflict
 */
export async function moveCurrentToToken(context: StepContext): Promise<"moved" | "already current"> {
  const { versions } = await listSecretVersions(
    context.secretId,
    { maxResults: 100 },
    { client: context.client },
  );
  const facts = versions.map(toVersionFacts);
  const current = facts.find((version) => version.stages.includes("AWSCURRENT"));
  if (current?.versionId === context.token) return "already current";
  if (rotationInProgress(versions)?.versionId !== context.token) throw conflict(context, current?.versionId);
  try {
    await updateSecretVersionStage(
      context.secretId,
      "AWSCURRENT",
      { moveToVersionId: context.token, ...(current ? { removeFromVersionId: current.versionId } : {}) },
      { client: context.client },
    );
  } catch (error) {
    // AWSCURRENT left `current` between the list and the move: Secrets Manager refused, nothing moved.
    if (isSecretsError(error, "InvalidParameterException")) throw conflict(context, undefined);
    throw error;
  }
  // AWSPENDING goes too (an end state AWS documents): left beside AWSCURRENT it would stay on the version
  // once a later write moves AWSCURRENT on, and RotateSecret would then take that for a rotation still
  // in progress and refuse every later rotation until someone removed it.
  await updateSecretVersionStage(
    context.secretId,
    "AWSPENDING",
    { removeFromVersionId: context.token },
    { client: context.client },
  );
  return "moved";
}
