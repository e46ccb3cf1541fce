/** Reading the versions a rotation works with: AWSCURRENT, AWSPREVIOUS and the token's AWSPENDING. */
import { isSecretsError } from "../secrets/errors.js";
import type { SecretDescription } from "../secrets/metadata.js";
import type { SecretVersionValue, VersionStage } from "../secrets/types.js";
import { getSecretValue } from "../secrets/values.js";
import type { StepContext } from "./types.js";

/** The id of the version holding `stage`, from a DescribeSecret answer. */
export function versionWithStage(description: SecretDescription, stage: VersionStage): string | undefined {
  const versions = description.VersionIdsToStages ?? {};
  return Object.keys(versions).find((id) => versions[id]?.includes(stage));
}

/** The stages of the token's version, or undefined when the token is not a version of the secret. */
export function stagesOf(description: SecretDescription, versionId: string): string[] | undefined {
  const versions = description.VersionIdsToStages ?? {};
  return Object.hasOwn(versions, versionId) ? (versions[versionId] ?? []) : undefined;
}

/** The value of the version holding `stage` (AWSCURRENT, AWSPREVIOUS); fails when there is none. */
export async function readStage(context: StepContext, stage: VersionStage): Promise<SecretVersionValue> {
  return getSecretValue(context.secretId, { versionStage: stage }, { client: context.client });
}

/** The value of the version holding `stage`, or undefined when no version holds it. */
export async function readStageIfAny(
  context: StepContext,
  stage: VersionStage,
): Promise<SecretVersionValue | undefined> {
  return absentAsUndefined(() => readStage(context, stage));
}

/**
 * The token's AWSPENDING value, or undefined when createSecret has not stored it yet. Secrets Manager
 * makes the token's version before createSecret runs, without a value: reading it is ResourceNotFound.
 */
export async function readPending(context: StepContext): Promise<SecretVersionValue | undefined> {
  return absentAsUndefined(() =>
    getSecretValue(
      context.secretId,
      { versionId: context.token, versionStage: "AWSPENDING" },
      { client: context.client },
    ),
  );
}

async function absentAsUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isSecretsError(error, "ResourceNotFoundException")) return undefined;
    throw error;
  }
}
