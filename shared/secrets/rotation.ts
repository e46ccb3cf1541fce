import {
  CancelRotateSecretCommand,
  type CancelRotateSecretCommandOutput,
  GetRandomPasswordCommand,
  type GetRandomPasswordCommandOutput,
  RotateSecretCommand,
  type RotateSecretCommandOutput,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { registerSecretValue } from "../observability/redaction.js";
import { type CallOptions, send } from "./call.js";
import type { RotationRules, SecretRef, VersionRef, VersionStage } from "./types.js";

export interface RotateSecretInput {
  rotationLambdaArn?: string;
  rotationRules?: RotationRules;
  /** Default true: rotate now. False only sets the schedule. */
  rotateImmediately?: boolean;
  clientRequestToken?: string;
}

/**
 * Starts a rotation, or sets its schedule. The answer's `versionId` is the version the rotation makes.
 *
 * @example
 * await rotateSecret("app/db", { rotationRules: { automaticallyAfterDays: 30 } });
 */
export async function rotateSecret(
  secretId: string,
  input: RotateSecretInput = {},
  options?: CallOptions,
): Promise<VersionRef> {
  const rules = input.rotationRules;
  const output = await send<RotateSecretCommandOutput>(
    new RotateSecretCommand({
      SecretId: secretId,
      RotationLambdaARN: input.rotationLambdaArn,
      RotationRules: rules
        ? {
            AutomaticallyAfterDays: rules.automaticallyAfterDays,
            ScheduleExpression: rules.scheduleExpression,
            Duration: rules.duration,
          }
        : undefined,
      RotateImmediately: input.rotateImmediately,
      ClientRequestToken: input.clientRequestToken,
    }),
    options,
  );
  return { arn: output.ARN ?? "", name: output.Name ?? "", versionId: output.VersionId ?? "" };
}

/**
 * Turns rotation off for the secret. AWS answers the version a rotation in progress was making (its
 * AWSPENDING label is left where it is: the caller removes it).
 */
export async function cancelRotateSecret(
  secretId: string,
  options?: CallOptions,
): Promise<SecretRef & { versionId?: string }> {
  const output = await send<CancelRotateSecretCommandOutput>(
    new CancelRotateSecretCommand({ SecretId: secretId }),
    options,
  );
  return {
    arn: output.ARN ?? "",
    name: output.Name ?? "",
    ...(output.VersionId ? { versionId: output.VersionId } : {}),
  };
}

/**
 * Moves a staging label: onto `moveToVersionId`, off `removeFromVersionId` (AWS requires the version that
 * holds it now when moving AWSCURRENT).
 */
export async function updateSecretVersionStage(
  secretId: string,
  stage: VersionStage,
  move: { moveToVersionId?: string; removeFromVersionId?: string },
  options?: CallOptions,
): Promise<void> {
  await send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: stage,
      MoveToVersionId: move.moveToVersionId,
      RemoveFromVersionId: move.removeFromVersionId,
    }),
    options,
  );
}

export interface RandomPasswordInput {
  length?: number;
  excludeCharacters?: string;
  excludePunctuation?: boolean;
  excludeNumbers?: boolean;
  excludeUppercase?: boolean;
  excludeLowercase?: boolean;
  includeSpace?: boolean;
  requireEachIncludedType?: boolean;
}

/** A new random password from Secrets Manager, registered for redaction before it is returned. */
export async function getRandomPassword(
  input: RandomPasswordInput = {},
  options?: CallOptions,
): Promise<string> {
  const output = await send<GetRandomPasswordCommandOutput>(
    new GetRandomPasswordCommand({
      PasswordLength: input.length,
      ExcludeCharacters: input.excludeCharacters,
      ExcludePunctuation: input.excludePunctuation,
      ExcludeNumbers: input.excludeNumbers,
      ExcludeUppercase: input.excludeUppercase,
      ExcludeLowercase: input.excludeLowercase,
      IncludeSpace: input.includeSpace,
      RequireEachIncludedType: input.requireEachIncludedType,
    }),
    options,
  );
  const password = output.RandomPassword ?? "";
  registerSecretValue(password);
  return password;
}
