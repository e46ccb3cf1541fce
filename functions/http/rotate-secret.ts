import { json } from "../../shared/http/responses.js";
import { assertAllowedRotationFunction } from "../../shared/http/rotation-function.js";
import { rotateSecretBody } from "../../shared/http/schemas/rotate-secret.js";
import { httpRoute } from "../../shared/http/stack.js";
import { rotationSettingsView } from "../../shared/http/views.js";
import { describeSecret } from "../../shared/secrets/metadata.js";
import { rotateSecret } from "../../shared/secrets/rotation.js";

/**
 * `POST /secrets/{id}/rotate`: rotates now, or only sets the schedule with `rotateImmediately: false`.
 * `rotationLambdaArn` must be one of this service's rotation functions (`ROTATION_FUNCTION_ARNS`), else 400.
 * A rotation started: 202 `{versionId}` (it runs on in Secrets Manager after the answer). Only the schedule
 * set: 200 with the secret's rotation settings as Secrets Manager now holds them.
 */
export const handler = httpRoute({
  service: "rotate-secret",
  action: "rotate",
  body: rotateSecretBody,
  handle: async ({ secretId, body }) => {
    assertAllowedRotationFunction(body.rotationLambdaArn);
    const { arn, versionId } = await rotateSecret(secretId, body);
    if (body.rotateImmediately !== false) return json(202, { versionId });
    return json(200, rotationSettingsView(await describeSecret(arn || secretId)));
  },
});
