import { invalidParameter, limitExceeded, resourceNotFound } from "../core/errors";
import type { Operation } from "./context";
import { resolveWritableSecret } from "./resolve-secret";
import { requiredString, STAGE_RULE, secretId, versionId } from "./validation";
import { AWSCURRENT, moveStage, removeStage } from "./version-stages";

const MAX_LABELS_PER_VERSION = 20;

/**
 * UpdateSecretVersionStage. Moving a label that is attached elsewhere requires naming that version in
 * RemoveFromVersionId (AWS's check); AWSCURRENT can only be moved, never just removed; moving
 * AWSCURRENT gives the old current AWSPREVIOUS.
 */
export const updateSecretVersionStage: Operation = (context, input) => {
  const id = secretId(input);
  const stage = requiredString(input, "VersionStage", STAGE_RULE);
  const removeFrom = versionId(input, "RemoveFromVersionId");
  const moveTo = versionId(input, "MoveToVersionId");
  const secret = resolveWritableSecret(context, id);
  const { store } = context;
  const holder = store.stageHolder(secret.id, stage);

  if (removeFrom === undefined && moveTo === undefined)
    throw invalidParameter("You must specify MoveToVersionId, RemoveFromVersionId, or both.");
  for (const id of [removeFrom, moveTo])
    if (id !== undefined && !store.getVersion(secret.id, id))
      throw resourceNotFound(`Secrets Manager can't find the specified secret version: ${id}`);
  if (removeFrom !== undefined && holder !== removeFrom)
    throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);

  if (moveTo !== undefined) {
    if (holder !== undefined && holder !== moveTo && removeFrom === undefined)
      throw invalidParameter(
        `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    if (holder !== moveTo && store.stagesOfVersion(secret.id, moveTo).length >= MAX_LABELS_PER_VERSION)
      throw limitExceeded(`A version can have at most ${MAX_LABELS_PER_VERSION} staging labels.`);
    moveStage(context, secret, stage, moveTo);
  } else {
    if (stage === AWSCURRENT)
      throw invalidParameter(
        "You can't remove the staging label AWSCURRENT. Move it to another version instead.",
      );
    removeStage(context, secret, stage);
  }
  store.updateSecret(secret.id, { last_changed_date: context.now });
  return { ARN: secret.arn, Name: secret.name };
};
