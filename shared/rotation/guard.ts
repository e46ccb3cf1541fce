import type { SecretDescription } from "../secrets/metadata.js";
import { RotationError, type RotationErrorCode, RotationErrorCodes } from "./errors.js";
import type { RotationStep } from "./types.js";
import { stagesOf } from "./versions.js";

/** What the guard decided: run the step, or nothing to do because the version is already current. */
export type GuardDecision = "run" | "already current";

/**
 * The checks every invocation makes before any step (AWS's contract): rotation enabled, the token a
 * version of the secret, and that version AWSPENDING (or AWSCURRENT already, which ends the rotation).
 *
 * @example
 * if (checkVersion(description, token, "setSecret", "app/db") === "already current") return;
 */
export function checkVersion(
  description: SecretDescription,
  token: string,
  step: RotationStep,
  secretName: string,
): GuardDecision {
  const refuse = (code: RotationErrorCode, cause: string) =>
    new RotationError({ code, step, secret: secretName, cause });
  if (!description.RotationEnabled) {
    throw refuse(RotationErrorCodes.RotationNotEnabled, "rotation is not enabled for the secret");
  }
  const stages = stagesOf(description, token);
  if (!stages) {
    // Secrets Manager makes the token's version (AWSPENDING, no value) before createSecret, so an unknown
    // token is refused on every step.
    throw refuse(RotationErrorCodes.UnknownVersion, `version ${token} is not a version of the secret`);
  }
  if (stages.includes("AWSCURRENT")) return "already current";
  if (!stages.includes("AWSPENDING")) {
    throw refuse(RotationErrorCodes.NotPending, `version ${token} is not AWSPENDING`);
  }
  return "run";
}
