import { invalidRequest, resourceNotFound } from "../core/errors";
import { decodeLabels, holderOf, labelsOn } from "../store/labels";
import type { SecretRow } from "../store/rows";
import { type Operation, type OperationContext, startOfDay } from "./context";
import { dataOf, resolveLiveSecret } from "./resolve-secret";
import { hasValue, valueToWire } from "./secret-value";
import { optionalString, STAGE_RULE, secretId, versionId } from "./validation";
import { AWSCURRENT } from "./version-stages";

const valueNotFound = (what: string) =>
  resourceNotFound(`Secrets Manager can't find the specified secret value for ${what}`);
export const STAGE_NOT_ON_VERSION =
  "You provided a VersionStage that is not associated to the provided VersionId.";

/** The value response for one secret; shared by GetSecretValue and BatchGetSecretValue. */
export function readSecretValueResponse(
  context: OperationContext,
  secret: SecretRow,
  wantedVersion: string | undefined,
  wantedStage: string | undefined,
) {
  const { store } = context;
  const data = dataOf(context, secret);
  // This operation only reads: the row it read a moment ago holds the labels as they are.
  const labels = decodeLabels(data.labels);
  const stage = wantedStage ?? AWSCURRENT;
  let id = wantedVersion;
  if (id === undefined) {
    id = holderOf(labels, stage);
    if (id === undefined) throw valueNotFound(`staging label: ${stage}`);
  }
  const version = store.getVersion(data.id, id);
  if (!version) throw valueNotFound(`VersionId: ${id}`);
  const stages = labelsOn(labels, id);
  if (wantedVersion !== undefined && wantedStage !== undefined && !stages.includes(wantedStage))
    throw invalidRequest(STAGE_NOT_ON_VERSION);
  // The AWSPENDING version a rotation made before createSecret put its value: AWS answers "not found".
  if (!hasValue(version))
    throw valueNotFound(wantedVersion !== undefined ? `VersionId: ${id}` : `staging label: ${stage}`);

  // AWS keeps LastAccessedDate to the day; write only when the day changes.
  const today = startOfDay(context.now);
  if (secret.last_accessed_date !== today) store.updateSecret(secret.id, { last_accessed_date: today });
  if (version.last_accessed_date !== today) store.touchVersion(data.id, id, today);

  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: id,
    ...valueToWire(version),
    VersionStages: stages,
    CreatedDate: version.created_date,
  };
}

/** GetSecretValue: AWSCURRENT unless VersionId and/or VersionStage say otherwise (both must agree). */
export const getSecretValue: Operation = (context, input) => {
  const id = secretId(input);
  const version = versionId(input, "VersionId");
  const stage = optionalString(input, "VersionStage", STAGE_RULE);
  return readSecretValueResponse(context, resolveLiveSecret(context, id), version, stage);
};
