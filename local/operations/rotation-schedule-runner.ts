import { randomUUID } from "node:crypto";
import type { EpochSeconds, RotationRequest } from "../core/types";
import type { OperationContext } from "./context";
import { addPendingVersion } from "./new-version";
import { nextRotationDate, parseStoredRules } from "./rotation-rules";
import { AWSPENDING, pendingVersionId, rotationRequest } from "./version-stages";

/**
 * Secrets whose rotation is due, each marked as started (its token in `rotation_token`, the next date
 * moved on) so that the next tick does not return it again. A fresh token gets its value-less AWSPENDING
 * version made as RotateSecret makes it; a secret whose earlier rotation failed (a version still
 * AWSPENDING without AWSCURRENT) has that rotation reattempted instead, with the pending version's id.
 */
export function dueRotations(context: OperationContext, now: EpochSeconds): RotationRequest[] {
  const requests: RotationRequest[] = [];
  for (const secret of context.store.dueForRotation(now)) {
    const pending = pendingVersionId(context, secret.id);
    if (pending !== undefined && context.store.isTestVersion(secret.id, pending)) continue;
    const token = pending ?? randomUUID();
    if (pending === undefined) addPendingVersion(context, secret, token);
    const rules = parseStoredRules(secret.rotation_rules);
    context.store.updateSecret(secret.id, {
      rotation_token: token,
      next_rotation_date: rules ? nextRotationDate(rules, now) : null,
    });
    requests.push(rotationRequest(context, secret, token));
  }
  return requests;
}

/**
 * Ends the running rotation; success sets LastRotatedDate and the next NextRotationDate. A test run
 * (RotateImmediately=false) ends by removing its version, whatever the outcome, and changes no date.
 */
export function recordRotationOutcome(
  context: OperationContext,
  request: RotationRequest,
  outcome: "succeeded" | "failed",
): void {
  const secret = context.store.findByArn(request.region, request.secretArn);
  if (!secret) return;
  if (secret.rotation_token === request.clientRequestToken)
    context.store.updateSecret(secret.id, { rotation_token: null });
  if (request.mode === "testOnly") {
    removeTestVersion(context, secret.id, request.clientRequestToken);
    return;
  }
  if (outcome !== "succeeded") return;
  const rules = parseStoredRules(secret.rotation_rules);
  context.store.updateSecret(secret.id, {
    last_rotated_date: context.now,
    last_changed_date: context.now,
    next_rotation_date: rules && secret.rotation_enabled === 1 ? nextRotationDate(rules, context.now) : null,
  });
}

/**
 * Removes a test run's version: its AWSPENDING label (straight from the store: this ends the test, it
 * abandons no rotation), then the version itself unless someone put another label on it meanwhile.
 * Other versions' labels are not touched.
 */
function removeTestVersion(context: OperationContext, secretId: number, versionId: string): void {
  const { store } = context;
  store.forgetTestVersion(secretId, versionId);
  if (store.stageHolder(secretId, AWSPENDING) === versionId) store.removeStage(secretId, AWSPENDING);
  if (store.getVersion(secretId, versionId) && store.stagesOfVersion(secretId, versionId).length === 0)
    store.deleteVersion(secretId, versionId);
}
