import { invalidRequest } from "../core/errors";
import type { SecretPatch, SecretRow, VersionRow } from "../store/rows";
import type { Operation, OperationContext } from "./context";
import { addPendingVersion } from "./new-version";
import { resolveWritableSecret } from "./resolve-secret";
import { nextRotationDate, parseStoredRules, readRotationRules } from "./rotation-rules";
import { hasValue } from "./secret-value";
import {
  checkClientRequestToken,
  checkSecretId,
  clientRequestTokenField,
  type Input,
  optionalBoolean,
  optionalString,
  secretId,
  secretIdField,
} from "./validation";
import { AWSCURRENT, pendingVersionId, rotationRequest } from "./version-stages";

export const ROTATION_PENDING = "A previous rotation isn't complete. That rotation will be reattempted.";
/** The answer to a failed test run; the HTTP API's rotate route recognises it by `testSecret`. */
export const TEST_RUN_FAILED =
  "The rotation function failed the test of the rotation configuration (its testSecret step); the rotation settings are saved";
export const NO_ROTATION_LAMBDA = "No Lambda rotation function ARN is associated with this secret.";
/** AWS's AccessDeniedException when RotationLambdaARN names a function Secrets Manager cannot invoke. */
export const CANNOT_INVOKE =
  "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.";

/** RotateSecret's fields, then AWS's checks in its order: ClientRequestToken, the SecretId, the rules. */
function readRotateInput(input: Input) {
  const givenToken = clientRequestTokenField(input);
  const givenId = secretIdField(input);
  const lambdaArn = optionalString(input, "RotationLambdaARN", { max: 2048 });
  const immediately = optionalBoolean(input, "RotateImmediately") ?? true;
  const token = checkClientRequestToken(givenToken, true);
  const id = checkSecretId(givenId);
  const rules = readRotationRules(input);
  return { token, id, lambdaArn, rules, immediately };
}

/**
 * The Lambda function RotateSecret must be able to invoke before it changes anything: the
 * RotationLambdaARN the request names (a stored one was checked when it was stored). Runs every check
 * RotateSecret runs before it, so a request refused for another reason is refused for that reason. The
 * core asks the shell whether the function exists and answers AccessDeniedException (CANNOT_INVOKE) at
 * once, storing nothing, when it does not.
 */
export function rotationFunctionToCheck(context: OperationContext, input: Input): string | undefined {
  const { id, lambdaArn } = readRotateInput(input);
  const secret = resolveWritableSecret(context, id);
  if (!(lambdaArn ?? secret.rotation_lambda_arn)) throw invalidRequest(NO_ROTATION_LAMBDA);
  return lambdaArn || undefined;
}

/**
 * RotateSecret: stores the Lambda and rules, turns rotation on, and asks the shell (after commit) to run
 * the rotation (`mode: "rotate"`, VersionId = ClientRequestToken, that version made now as AWSPENDING
 * without a value) or, with RotateImmediately=false, the test run AWS documents (`mode: "testOnly"`: a
 * version with the token as id, AWSPENDING, holding a copy of AWSCURRENT's value, for testSecret alone;
 * `recordRotationOutcome` removes it whatever the outcome; no test run when there is no current value).
 * The answer waits for the test run and is InvalidRequestException when it failed (the settings stay).
 *
 * A rotation is pending while the shell runs one (`rotation_token`, until `recordRotationOutcome`) or
 * while a version has AWSPENDING without AWSCURRENT. Then RotateSecret is refused with AWS's "A previous
 * rotation isn't complete. That rotation will be reattempted." and, as that says, when the pending
 * rotation is not running and rotation is enabled, the four steps start again for the pending version's
 * id (the refusal changes nothing else).
 */
export const rotateSecret: Operation = (context, input) => {
  const { token, id, lambdaArn, rules: givenRules, immediately } = readRotateInput(input);
  const secret = resolveWritableSecret(context, id);
  const rules = givenRules ?? parseStoredRules(secret.rotation_rules);
  const lambda = lambdaArn ?? secret.rotation_lambda_arn;
  if (!lambda) throw invalidRequest(NO_ROTATION_LAMBDA);
  const pending = pendingVersionId(context, secret.id);
  if (secret.rotation_token !== null || pending !== undefined) {
    if (pending !== undefined && secret.rotation_token === null) reattemptRotation(context, secret, pending);
    context.refuseAfterCommit(invalidRequest(ROTATION_PENDING));
    return undefined;
  }

  const versionId = token;
  const patch: SecretPatch = {
    rotation_enabled: 1,
    rotation_lambda_arn: lambda,
    rotation_rules: rules ? JSON.stringify(rules) : null,
    next_rotation_date: rules ? nextRotationDate(rules, context.now) : null,
  };
  const current = immediately ? undefined : currentVersion(context, secret.id);
  if (immediately) addPendingVersion(context, secret, versionId);
  else if (current) {
    addPendingVersion(context, secret, versionId, current);
    context.store.addTestVersion(secret.id, versionId);
  }
  const runs = immediately || current !== undefined;
  if (runs) patch.rotation_token = versionId;
  context.store.updateSecret(secret.id, patch);
  if (runs) {
    const request = rotationRequest(
      context,
      { ...secret, rotation_lambda_arn: lambda },
      versionId,
      immediately ? "rotate" : "testOnly",
    );
    const { hooks } = context;
    // The test run is answered: RotateSecret waits for it and answers a failure.
    if (!immediately && hooks.runTest) {
      const runTest = hooks.runTest.bind(hooks);
      context.answerAfter(async () => {
        const { outcome, failure } = await runTest(request);
        return outcome === "failed"
          ? invalidRequest(`${TEST_RUN_FAILED}: ${failure ?? "failed"}`)
          : undefined;
      });
    } else context.afterCommit(() => hooks.startRotation(request));
  }
  return { ARN: secret.arn, Name: secret.name, ...(immediately ? { VersionId: versionId } : {}) };
};

/** AWSCURRENT's version when it has a value (the test run copies it). */
function currentVersion(context: OperationContext, secretId: number): VersionRow | undefined {
  const id = context.store.stageHolder(secretId, AWSCURRENT);
  const version = id === undefined ? undefined : context.store.getVersion(secretId, id);
  return version && hasValue(version) ? version : undefined;
}

/**
 * Starts the four steps again for the pending version `versionId`, marked as running so that it starts
 * once. Only while rotation is enabled with a Lambda: after CancelRotateSecret nothing is reattempted.
 */
function reattemptRotation(context: OperationContext, secret: SecretRow, versionId: string): boolean {
  if (secret.rotation_enabled !== 1 || !secret.rotation_lambda_arn) return false;
  if (context.store.isTestVersion(secret.id, versionId)) return false;
  context.store.updateSecret(secret.id, { rotation_token: versionId });
  const request = rotationRequest(context, secret, versionId);
  context.afterCommit(() => context.hooks.startRotation(request));
  return true;
}

/**
 * CancelRotateSecret: turns automatic rotation off (Lambda and rules are kept, so RotateSecret can turn
 * it on again) and abandons a running rotation. As AWS documents, AWSPENDING stays where it is: the
 * caller removes it with UpdateSecretVersionStage; VersionId names that pending version.
 */
export const cancelRotateSecret: Operation = (context, input) => {
  const secret = resolveWritableSecret(context, secretId(input));
  const pending = pendingVersionId(context, secret.id) ?? secret.rotation_token ?? undefined;
  const running = secret.rotation_token;
  if (running !== null && !context.store.isTestVersion(secret.id, running)) {
    const request = rotationRequest(context, secret, running);
    context.afterCommit(() => context.hooks.rotationAbandoned(request));
  }
  context.store.updateSecret(secret.id, {
    rotation_enabled: 0,
    next_rotation_date: null,
    rotation_token: null,
  });
  return { ARN: secret.arn, Name: secret.name, ...(pending ? { VersionId: pending } : {}) };
};
