import { RotationError, RotationErrorCodes } from "./errors.js";
import { ROTATION_STEPS, type RotationEvent, type RotationStep } from "./types.js";

function isStep(value: unknown): value is RotationStep {
  return typeof value === "string" && (ROTATION_STEPS as readonly string[]).includes(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/**
 * Narrows whatever invoked the function to a `RotationEvent`, or refuses it.
 *
 * @example
 * parseRotationEvent({ Step: "createSecret", SecretId: "app/db", ClientRequestToken: "c2f1..." });
 */
export function parseRotationEvent(input: unknown): RotationEvent {
  const event = (input ?? {}) as Record<string, unknown>;
  const secret = nonEmptyString(event.SecretId) ? event.SecretId : "unknown";
  const refuse = (cause: string): RotationError =>
    new RotationError({ code: RotationErrorCodes.InvalidEvent, step: "unknown", secret, cause });
  if (!isStep(event.Step)) throw refuse(`Step must be one of ${ROTATION_STEPS.join(", ")}`);
  if (!nonEmptyString(event.SecretId)) throw refuse("SecretId is missing");
  if (!nonEmptyString(event.ClientRequestToken)) throw refuse("ClientRequestToken is missing");
  if (event.RotationToken !== undefined && !nonEmptyString(event.RotationToken)) {
    throw refuse("RotationToken must be a non-empty string when present");
  }
  return {
    Step: event.Step,
    SecretId: event.SecretId,
    ClientRequestToken: event.ClientRequestToken,
    ...(event.RotationToken ? { RotationToken: event.RotationToken } : {}),
  };
}
