import { randomUUID } from "node:crypto";
import { invalidRequest } from "../core/errors";
import type { SecretPatch } from "../store/rows";
import type { Operation } from "./context";
import { addPendingVersion } from "./new-version";
import { resolveWritableSecret } from "./resolve-secret";
import { nextRotationDate, parseStoredRules, readRotationRules } from "./rotation-rules";
import { clientRequestToken, optionalBoolean, optionalString, secretId } from "./validation";
import { pendingVersionId, rotationRequest } from "./version-stages";

export const ROTATION_PENDING = "A previous rotation isn't complete. That rotation will be reattempted.";
export const NO_ROTATION_LAMBDA = "No Lambda rotation function ARN is associated with this secret.";

/**
 * RotateSecret: stores the Lambda and rules, turns rotation on, and asks the shell (after commit) to run
 * the rotation (`mode: "rotate"`, VersionId = ClientRequestToken, that version made now as AWSPENDING
 * without a value) or, with RotateImmediately=false, only the testSecret step (`mode: "testOnly"`, no
 * version). A rotation is pending while the shell runs one (until `recordRotationOutcome`) or while a
 * version has AWSPENDING without AWSCURRENT; a failed one leaves its version so, refusing the next.
 */
export const rotateSecret: Operation = (context, input) => {
  const secret = resolveWritableSecret(context, secretId(input));
  const token = clientRequestToken(input);
  const lambdaArn = optionalString(input, "RotationLambdaARN", { max: 2048 });
  const rules = readRotationRules(input) ?? parseStoredRules(secret.rotation_rules);
  const immediately = optionalBoolean(input, "RotateImmediately") ?? true;
  const lambda = lambdaArn ?? secret.rotation_lambda_arn;
  if (!lambda) throw invalidRequest(NO_ROTATION_LAMBDA);
  if (secret.rotation_token !== null || pendingVersionId(context, secret.id) !== undefined)
    throw invalidRequest(ROTATION_PENDING);

  const versionId = token ?? randomUUID();
  const patch: SecretPatch = {
    rotation_enabled: 1,
    rotation_lambda_arn: lambda,
    rotation_rules: rules ? JSON.stringify(rules) : null,
    next_rotation_date: rules ? nextRotationDate(rules, context.now) : null,
  };
  if (immediately) {
    patch.rotation_token = versionId;
    addPendingVersion(context, secret, versionId);
  }
  context.store.updateSecret(secret.id, patch);
  const request = rotationRequest(
    context,
    { ...secret, rotation_lambda_arn: lambda },
    versionId,
    immediately ? "rotate" : "testOnly",
  );
  context.afterCommit(() => context.hooks.startRotation(request));
  return { ARN: secret.arn, Name: secret.name, ...(immediately ? { VersionId: versionId } : {}) };
};

/**
 * CancelRotateSecret: turns automatic rotation off (Lambda and rules are kept, so RotateSecret can turn
 * it on again) and abandons a running rotation. As AWS documents, AWSPENDING stays where it is: the
 * caller removes it with UpdateSecretVersionStage; VersionId names that pending version.
 */
export const cancelRotateSecret: Operation = (context, input) => {
  const secret = resolveWritableSecret(context, secretId(input));
  const pending = pendingVersionId(context, secret.id) ?? secret.rotation_token ?? undefined;
  if (secret.rotation_token !== null) {
    const request = rotationRequest(context, secret, secret.rotation_token);
    context.afterCommit(() => context.hooks.rotationAbandoned(request));
  }
  context.store.updateSecret(secret.id, {
    rotation_enabled: 0,
    next_rotation_date: null,
    rotation_token: null,
  });
  return { ARN: secret.arn, Name: secret.name, ...(pending ? { VersionId: pending } : {}) };
};
