import {
  CreateSecretCommand,
  type CreateSecretCommandOutput,
  DeleteSecretCommand,
  type DeleteSecretCommandOutput,
  RestoreSecretCommand,
  type RestoreSecretCommandOutput,
} from "@aws-sdk/client-secrets-manager";
import { type CallOptions, send } from "./call.js";
import { assertValidSecretName } from "./names.js";
import type { SecretRef, SecretValue, Tags } from "./types.js";
import { toWireValue } from "./values.js";

export interface CreateSecretInput {
  name: string;
  value?: SecretValue;
  description?: string;
  kmsKeyId?: string;
  tags?: Tags;
  clientRequestToken?: string;
}

export function toSdkTags(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * Creates a secret, with its first version when a value is given.
 *
 * @example
 * await createSecret({ name: "app/db", value: { kind: "string", text: '{"username":"u"}' } });
 */
export async function createSecret(
  input: CreateSecretInput,
  options?: CallOptions,
): Promise<SecretRef & { versionId?: string }> {
  assertValidSecretName(input.name);
  const output = await send<CreateSecretCommandOutput>(
    new CreateSecretCommand({
      Name: input.name,
      Description: input.description,
      KmsKeyId: input.kmsKeyId,
      Tags: input.tags ? toSdkTags(input.tags) : undefined,
      ClientRequestToken: input.clientRequestToken,
      ...(input.value ? toWireValue(input.value) : {}),
    }),
    options,
  );
  return { arn: output.ARN ?? "", name: output.Name ?? input.name, versionId: output.VersionId };
}

/** How to delete: after a recovery window of 7-30 days (default 30), or at once. */
export type DeleteMode = { recoveryWindowInDays?: number; force?: false } | { force: true };

/**
 * Schedules the secret's deletion, or deletes it at once with `{ force: true }`.
 *
 * @example
 * await deleteSecret("app/db", { recoveryWindowInDays: 10 });
 */
export async function deleteSecret(
  secretId: string,
  mode: DeleteMode = {},
  options?: CallOptions,
): Promise<SecretRef & { deletionDate?: Date }> {
  const output = await send<DeleteSecretCommandOutput>(
    new DeleteSecretCommand(
      mode.force
        ? { SecretId: secretId, ForceDeleteWithoutRecovery: true }
        : { SecretId: secretId, RecoveryWindowInDays: mode.recoveryWindowInDays },
    ),
    options,
  );
  return { arn: output.ARN ?? "", name: output.Name ?? "", deletionDate: output.DeletionDate };
}

/** Cancels a scheduled deletion. */
export async function restoreSecret(secretId: string, options?: CallOptions): Promise<SecretRef> {
  const output = await send<RestoreSecretCommandOutput>(
    new RestoreSecretCommand({ SecretId: secretId }),
    options,
  );
  return { arn: output.ARN ?? "", name: output.Name ?? "" };
}
