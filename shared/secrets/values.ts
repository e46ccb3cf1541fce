import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
  type PutSecretValueCommandOutput,
} from "@aws-sdk/client-secrets-manager";
import { registerSecretValue } from "../observability/redaction.js";
import { type CallOptions, send } from "./call.js";
import { LocalErrorCodes, SecretsError } from "./errors.js";
import type { SecretValue, SecretVersionValue, VersionRef, VersionSelector, VersionStage } from "./types.js";

/** The SDK's value fields for a `SecretValue`; the value is registered for redaction on the way out. */
export function toWireValue(value: SecretValue): { SecretString?: string; SecretBinary?: Uint8Array } {
  if (value.kind === "string") {
    registerSecretValue(value.text);
    return { SecretString: value.text };
  }
  registerSecretValue(value.bytes);
  return { SecretBinary: value.bytes };
}

function fromWireValue(output: { SecretString?: string; SecretBinary?: Uint8Array }): SecretValue {
  if (output.SecretString !== undefined) {
    registerSecretValue(output.SecretString);
    return { kind: "string", text: output.SecretString };
  }
  registerSecretValue(output.SecretBinary);
  return { kind: "binary", bytes: output.SecretBinary ?? new Uint8Array() };
}

/**
 * Reads one version's value (AWSCURRENT unless told otherwise) and registers it for redaction.
 *
 * @example
 * const { value } = await getSecretValue("app/db");
 */
export async function getSecretValue(
  secretId: string,
  selector: VersionSelector = {},
  options?: CallOptions,
): Promise<SecretVersionValue> {
  const output = await send<GetSecretValueCommandOutput>(
    new GetSecretValueCommand({
      SecretId: secretId,
      VersionId: selector.versionId,
      // Without either, Secrets Manager answers AWSCURRENT itself.
      VersionStage: selector.versionStage,
    }),
    options,
  );
  return {
    arn: output.ARN ?? "",
    name: output.Name ?? "",
    versionId: output.VersionId ?? "",
    versionStages: output.VersionStages ?? [],
    value: fromWireValue(output),
    createdDate: output.CreatedDate,
  };
}

/** A JSON-object secret's keys and values; `SecretNotJsonObject` for anything else. */
export function parseJsonObject(value: SecretValue): Record<string, unknown> {
  if (value.kind === "string") {
    try {
      const parsed: unknown = JSON.parse(value.text);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        return parsed as Record<string, unknown>;
      }
    } catch {
      // falls through to the error below, which never repeats the text
    }
  }
  throw new SecretsError(LocalErrorCodes.NotJsonObject, "The secret's value is not a JSON object");
}

export interface PutValueInput {
  value: SecretValue;
  /** Makes the call idempotent; it becomes the new version's id. */
  clientRequestToken?: string;
  /** Default ["AWSCURRENT"]: the new version becomes current and the old one AWSPREVIOUS. */
  versionStages?: VersionStage[];
  /** The `RotationToken` of the rotation event, when a rotation function stores its pending value. */
  rotationToken?: string;
}

/**
 * Stores a new version holding `value` whole (every key of the old value is replaced).
 *
 * @example
 * await putSecretValue("app/db", { value: { kind: "string", text: '{"user":"a","password":"b"}' } });
 */
export async function putSecretValue(
  secretId: string,
  input: PutValueInput,
  options?: CallOptions,
): Promise<VersionRef & { versionStages: VersionStage[] }> {
  const output = await send<PutSecretValueCommandOutput>(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: input.clientRequestToken,
      VersionStages: input.versionStages,
      RotationToken: input.rotationToken,
      ...toWireValue(input.value),
    }),
    options,
  );
  return {
    arn: output.ARN ?? "",
    name: output.Name ?? "",
    versionId: output.VersionId ?? "",
    versionStages: output.VersionStages ?? [],
  };
}
