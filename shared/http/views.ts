/** How the API shows Secrets Manager's answers: camelCase, metadata only; values only in `valueView`. */

import type { SecretListEntry, SecretVersionsListEntry } from "@aws-sdk/client-secrets-manager";
import type { SecretDescription } from "../secrets/metadata.js";
import type { SecretVersionValue, Tags } from "../secrets/types.js";
import { nestsDeeperThan } from "./json-depth.js";

function tagsView(tags: { Key?: string; Value?: string }[] | undefined): Tags {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
}

function rotationRulesView(rules: SecretListEntry["RotationRules"]) {
  return rules
    ? {
        automaticallyAfterDays: rules.AutomaticallyAfterDays,
        scheduleExpression: rules.ScheduleExpression,
        duration: rules.Duration,
      }
    : undefined;
}

/** One secret's metadata (list and describe share it). */
export function secretMetadataView(entry: SecretListEntry | SecretDescription) {
  return {
    arn: entry.ARN,
    name: entry.Name,
    description: entry.Description,
    kmsKeyId: entry.KmsKeyId,
    rotationEnabled: entry.RotationEnabled ?? false,
    rotationLambdaArn: entry.RotationLambdaARN,
    rotationRules: rotationRulesView(entry.RotationRules),
    lastRotatedDate: entry.LastRotatedDate,
    lastChangedDate: entry.LastChangedDate,
    lastAccessedDate: entry.LastAccessedDate,
    nextRotationDate: entry.NextRotationDate,
    deletedDate: entry.DeletedDate,
    createdDate: entry.CreatedDate,
    tags: tagsView(entry.Tags),
  };
}

/** A secret's rotation settings (the answer when `POST /rotate` only sets the schedule). */
export function rotationSettingsView(description: SecretDescription) {
  return {
    arn: description.ARN,
    name: description.Name,
    rotationEnabled: description.RotationEnabled ?? false,
    rotationLambdaArn: description.RotationLambdaARN,
    rotationRules: rotationRulesView(description.RotationRules),
    nextRotationDate: description.NextRotationDate,
  };
}

/** Describe: the metadata plus each version's stages. */
export function secretDescriptionView(description: SecretDescription) {
  return {
    ...secretMetadataView(description),
    versions: Object.entries(description.VersionIdsToStages ?? {}).map(([versionId, stages]) => ({
      versionId,
      stages,
    })),
  };
}

/** One version's id, stages and dates; never its value. */
export function versionView(entry: SecretVersionsListEntry) {
  return {
    versionId: entry.VersionId,
    stages: entry.VersionStages ?? [],
    createdDate: entry.CreatedDate,
    lastAccessedDate: entry.LastAccessedDate,
  };
}

/**
 * A version with its value: a JSON-object string is given back as an object, other text as a string,
 * bytes as base64 in `secretBinary`. A JSON object nested deeper than 64 levels comes back as its text:
 * an answer of any depth could not be written without overflowing the stack.
 */
export function valueView(version: SecretVersionValue) {
  const base = {
    arn: version.arn,
    name: version.name,
    versionId: version.versionId,
    versionStages: version.versionStages,
  };
  if (version.value.kind === "binary") {
    return { ...base, secretBinary: Buffer.from(version.value.bytes).toString("base64") };
  }
  return { ...base, value: jsonObjectOrText(version.value.text) };
}

function jsonObjectOrText(text: string): unknown {
  if (!text.startsWith("{") || nestsDeeperThan(text)) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : text;
  } catch {
    return text;
  }
}
