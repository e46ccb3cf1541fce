import type { SecretListEntry } from "@aws-sdk/client-secrets-manager";
import type { AuditPolicy } from "./types.js";

/** The policy the audit applies when the configuration says nothing. */
export const DEFAULT_POLICY: AuditPolicy = {
  rotationRequiredPrefixes: [],
  rotationRequiredTag: "rotation:required",
  maxRotationAgeDays: 90,
  stuckAfterHours: 24,
  deletionWarningDays: 7,
  assumedRecoveryWindowDays: 7,
  unusedAfterDays: 90,
};

function tagValue(entry: SecretListEntry, key: string): string | undefined {
  return entry.Tags?.find((tag) => tag.Key === key)
    ?.Value?.trim()
    .toLowerCase();
}

/**
 * Whether the policy requires this secret to rotate: its tag says `true`, or its name falls under one of the
 * configured prefixes and its tag does not say `false` (an explicit, visible exemption).
 *
 * @example
 * isRotationRequired({ Name: "app/db", Tags: [{ Key: "rotation:required", Value: "true" }] }, DEFAULT_POLICY) // true
 */
export function isRotationRequired(entry: SecretListEntry, policy: AuditPolicy): boolean {
  const tag = tagValue(entry, policy.rotationRequiredTag);
  if (tag === "true") return true;
  if (tag === "false") return false;
  const name = entry.Name ?? "";
  return policy.rotationRequiredPrefixes.some((prefix) => prefix !== "" && name.startsWith(prefix));
}
