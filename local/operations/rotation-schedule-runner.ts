import { randomUUID } from "node:crypto";
import type { EpochSeconds, RotationRequest } from "../core/types";
import type { OperationContext } from "./context";
import { addPendingVersion } from "./new-version";
import { nextRotationDate, parseStoredRules } from "./rotation-rules";
import { pendingVersionId, rotationRequest } from "./version-stages";

/**
 * Secrets whose rotation is due, each marked as started (a fresh token in `rotation_token`, the next
 * date moved on) so that the next tick does not return it again, with the token's value-less AWSPENDING
 * version made as RotateSecret makes it.
 */
export function dueRotations(context: OperationContext, now: EpochSeconds): RotationRequest[] {
  const requests: RotationRequest[] = [];
  for (const secret of context.store.dueForRotation(now)) {
    if (pendingVersionId(context, secret.id) !== undefined) continue;
    const token = randomUUID();
    addPendingVersion(context, secret, token);
    const rules = parseStoredRules(secret.rotation_rules);
    context.store.updateSecret(secret.id, {
      rotation_token: token,
      next_rotation_date: rules ? nextRotationDate(rules, now) : null,
    });
    requests.push(rotationRequest(context, secret, token));
  }
  return requests;
}

/** Ends the running rotation; success sets LastRotatedDate and the next NextRotationDate. */
export function recordRotationOutcome(
  context: OperationContext,
  request: RotationRequest,
  outcome: "succeeded" | "failed",
): void {
  if (request.mode === "testOnly") return;
  const secret = context.store.findByArn(request.region, request.secretArn);
  if (!secret) return;
  if (secret.rotation_token === request.clientRequestToken)
    context.store.updateSecret(secret.id, { rotation_token: null });
  if (outcome !== "succeeded") return;
  const rules = parseStoredRules(secret.rotation_rules);
  context.store.updateSecret(secret.id, {
    last_rotated_date: context.now,
    last_changed_date: context.now,
    next_rotation_date: rules && secret.rotation_enabled === 1 ? nextRotationDate(rules, context.now) : null,
  });
}
