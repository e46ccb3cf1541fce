import { json } from "../../shared/http/responses.js";
import { httpRoute } from "../../shared/http/stack.js";
import { CANCELLED_ROTATION_LABEL, cancelRotation } from "../../shared/secrets/cancel-rotation.js";

/**
 * `POST /secrets/{id}/rotate/cancel`: ends a stuck rotation so writes are possible again. Rotation is
 * turned off (CancelRotateSecret) and the stale AWSPENDING removed; the version it was on is kept as
 * `rotation-cancelled` (after a database rotation's setSecret it holds the credentials the database
 * accepts). 200 `{arn, name, rotationEnabled: false, keptVersionId?, keptAs?}`. Turning rotation on again
 * (`POST /secrets/{id}/rotate`) starts fresh from the current value.
 */
export const handler = httpRoute({
  service: "cancel-rotation",
  action: "rotate",
  handle: async ({ secretId }) => {
    const { arn, name, keptVersionId } = await cancelRotation(secretId);
    return json(200, {
      arn,
      name,
      rotationEnabled: false,
      ...(keptVersionId ? { keptVersionId, keptAs: CANCELLED_ROTATION_LABEL } : {}),
    });
  },
});
