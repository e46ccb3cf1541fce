import { ApiError, HttpErrorCodes } from "../../shared/http/errors.js";
import { json } from "../../shared/http/responses.js";
import { assertAllowedRotationFunction } from "../../shared/http/rotation-function.js";
import { rotateSecretBody } from "../../shared/http/schemas/rotate-secret.js";
import { httpRoute } from "../../shared/http/stack.js";
import { rotationSettingsView } from "../../shared/http/views.js";
import { isSecretsError } from "../../shared/secrets/errors.js";
import { describeSecret } from "../../shared/secrets/metadata.js";
import { rotateSecret } from "../../shared/secrets/rotation.js";

/** RotateSecret's refusal when its RotateImmediately=false test of the rotation function failed. */
function isFailedTestRun(error: unknown): boolean {
  return isSecretsError(error, "InvalidRequestException") && /\btestSecret\b/.test(error.message);
}

/**
 * `POST /secrets/{id}/rotate`: rotates now, or only sets the schedule with `rotateImmediately: false`.
 * `rotationLambdaArn` must be one of this service's rotation functions (`ROTATION_FUNCTION_ARNS`), else 400.
 * A rotation started: 202 `{versionId}` (it runs on in Secrets Manager after the answer). Only the schedule
 * set: Secrets Manager tests the function (its testSecret step, on a copy of the value), and the answer is
 * that test's outcome: 200 with the rotation settings and `testOutcome: "passed"`, or 422
 * `RotationTestFailed` (the settings are kept, as Secrets Manager keeps them).
 */
export const handler = httpRoute({
  service: "rotate-secret",
  action: "rotate",
  body: rotateSecretBody,
  handle: async ({ secretId, body }) => {
    assertAllowedRotationFunction(body.rotationLambdaArn);
    if (body.rotateImmediately !== false) {
      const { versionId } = await rotateSecret(secretId, body);
      return json(202, { versionId });
    }
    let arn: string;
    try {
      ({ arn } = await rotateSecret(secretId, body));
    } catch (error) {
      if (!isFailedTestRun(error)) throw error;
      throw new ApiError(
        HttpErrorCodes.RotationTestFailed,
        "The rotation function failed its test (testSecret) on this secret; the schedule is set, the value unchanged. Fix what the function's log names before the rotation falls due",
      );
    }
    return json(200, {
      ...rotationSettingsView(await describeSecret(arn || secretId)),
      testOutcome: "passed",
    });
  },
});
