/**
 * Judges one ListSecrets entry against the policy. Pure: the clock and the pending version's age come in
 * as arguments, so every rule is tested without a server.
 */
import type { SecretListEntry } from "@aws-sdk/client-secrets-manager";
import { isRotationRequired } from "./policy.js";
import type { AuditPolicy, Finding } from "./types.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What the audit knows about one secret besides its ListSecrets entry. */
export interface SecretFacts {
  /**
   * When the version of the rotation in progress was made (shared/secrets/pending-rotation.ts); absent
   * when no rotation is in progress.
   */
  pendingCreatedDate?: Date;
}

const iso = (date: Date): string => date.toISOString();
const days = (ms: number): number => Math.floor(ms / DAY_MS);

/**
 * The version id holding AWSPENDING on neither AWSCURRENT nor AWSPREVIOUS, if any: by its labels, a
 * rotation started and not finished. (ListSecrets has no version dates: whether it is newer than
 * AWSCURRENT, the rest of the rule, needs ListSecretVersionIds; see inspect-secret.ts.)
 *
 * @example
 * pendingVersionId({ SecretVersionsToStages: { v2: ["AWSPENDING"], v1: ["AWSCURRENT"] } }) // "v2"
 */
export function pendingVersionId(entry: SecretListEntry): string | undefined {
  for (const [versionId, stages] of Object.entries(entry.SecretVersionsToStages ?? {})) {
    if (stages.includes("AWSPENDING") && !stages.includes("AWSCURRENT") && !stages.includes("AWSPREVIOUS"))
      return versionId;
  }
  return undefined;
}

function rotationDisabled(entry: SecretListEntry, required: boolean): Finding[] {
  if (!required || entry.RotationEnabled === true) return [];
  return [{ name: entry.Name ?? "", type: "rotation-disabled", evidence: { required: "true" } }];
}

function rotationOverdue(
  entry: SecretListEntry,
  required: boolean,
  policy: AuditPolicy,
  now: Date,
): Finding[] {
  const evidence: Record<string, string | number> = {};
  const next = entry.NextRotationDate;
  if (entry.RotationEnabled && next && next.getTime() < now.getTime()) {
    evidence.nextRotationDate = iso(next);
    evidence.overdueDays = days(now.getTime() - next.getTime());
  }
  if (entry.RotationEnabled || required) {
    // A secret that never rotated is as old as its first version.
    const last = entry.LastRotatedDate ?? entry.CreatedDate;
    if (last && now.getTime() - last.getTime() > policy.maxRotationAgeDays * DAY_MS) {
      evidence[entry.LastRotatedDate ? "lastRotatedDate" : "createdDate"] = iso(last);
      evidence.ageDays = days(now.getTime() - last.getTime());
      evidence.maxAgeDays = policy.maxRotationAgeDays;
    }
  }
  if (Object.keys(evidence).length === 0) return [];
  return [{ name: entry.Name ?? "", type: "rotation-overdue", evidence }];
}

function rotationStuck(
  entry: SecretListEntry,
  facts: SecretFacts,
  policy: AuditPolicy,
  now: Date,
): Finding[] {
  const created = facts.pendingCreatedDate;
  if (!created || now.getTime() - created.getTime() <= policy.stuckAfterHours * HOUR_MS) return [];
  const hours = Math.floor((now.getTime() - created.getTime()) / HOUR_MS);
  return [
    {
      name: entry.Name ?? "",
      type: "rotation-stuck",
      evidence: {
        pendingVersionId: pendingVersionId(entry) ?? "",
        pendingSince: iso(created),
        pendingHours: hours,
      },
    },
  ];
}

function deletionScheduled(entry: SecretListEntry, policy: AuditPolicy, now: Date): Finding[] {
  const deleted = entry.DeletedDate;
  if (!deleted) return [];
  const expected = new Date(deleted.getTime() + policy.assumedRecoveryWindowDays * DAY_MS);
  if (expected.getTime() - now.getTime() > policy.deletionWarningDays * DAY_MS) return [];
  return [
    {
      name: entry.Name ?? "",
      type: "deletion-scheduled",
      evidence: {
        deletedDate: iso(deleted),
        expectedDeletionDate: iso(expected),
        daysLeft: Math.max(0, Math.ceil((expected.getTime() - now.getTime()) / DAY_MS)),
      },
    },
  ];
}

function unused(entry: SecretListEntry, policy: AuditPolicy, now: Date): Finding[] {
  const threshold = policy.unusedAfterDays * DAY_MS;
  const accessed = entry.LastAccessedDate;
  if (accessed) {
    if (now.getTime() - accessed.getTime() <= threshold) return [];
    return [
      {
        name: entry.Name ?? "",
        type: "unused",
        evidence: { lastAccessedDate: iso(accessed), idleDays: days(now.getTime() - accessed.getTime()) },
      },
    ];
  }
  // Never read: unused once it has existed longer than the threshold.
  const created = entry.CreatedDate;
  if (!created || now.getTime() - created.getTime() <= threshold) return [];
  return [
    {
      name: entry.Name ?? "",
      type: "unused",
      evidence: { lastAccessedDate: "never", createdDate: iso(created) },
    },
  ];
}

/**
 * Every finding for one secret, in FINDING_TYPES order. A secret scheduled for deletion is judged only on
 * its deletion: rotating or reading it no longer matters.
 *
 * @example
 * const findings = findingsFor(entry, DEFAULT_POLICY, new Date(), {});
 */
export function findingsFor(
  entry: SecretListEntry,
  policy: AuditPolicy,
  now: Date,
  facts: SecretFacts = {},
): Finding[] {
  if (entry.DeletedDate) return deletionScheduled(entry, policy, now);
  const required = isRotationRequired(entry, policy);
  return [
    ...rotationDisabled(entry, required),
    ...rotationOverdue(entry, required, policy, now),
    ...rotationStuck(entry, facts, policy, now),
    ...unused(entry, policy, now),
  ];
}
