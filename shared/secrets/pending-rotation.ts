/**
 * The one rule for "a rotation is in progress", used by the authorizer (may an AWSPENDING token be
 * accepted?), by the writes that must not race a rotation (409 RotationInProgress) and by finishSecret
 * (may AWSCURRENT still be moved?).
 *
 * AWSPENDING alone says little: Secrets Manager leaves it on a version after finishSecret (beside
 * AWSCURRENT), a put can move AWSCURRENT past it (leaving it beside AWSPREVIOUS, or on an old version
 * with no other label), and anyone with write access can attach it by hand. A rotation is in progress
 * only while AWSPENDING sits on a version that is neither AWSCURRENT nor AWSPREVIOUS and that was made
 * after the AWSCURRENT version.
 */
import type { SecretVersionsListEntry } from "@aws-sdk/client-secrets-manager";
import type { VersionStage } from "./types.js";

/** What the rule needs to know of one version: its labels and when it was made. */
export interface VersionFacts {
  versionId: string;
  stages: readonly VersionStage[];
  createdDate?: Date;
}

/**
 * Whether `pending` (the version labelled AWSPENDING) is a rotation in progress against `current`
 * (the version labelled AWSCURRENT). Fails closed: a missing date, or equal dates, is not "newer".
 *
 * @example
 * isRotationInProgress(
 *   { versionId: "v2", stages: ["AWSPENDING"], createdDate: new Date("2026-12-01T10:00:01Z") },
 *   { versionId: "v1", stages: ["AWSCURRENT"], createdDate: new Date("2026-12-01T10:00:00Z") },
 * ) // true
 */
export function isRotationInProgress(
  pending: VersionFacts | undefined,
  current: VersionFacts | undefined,
): boolean {
  if (!pending?.stages.includes("AWSPENDING")) return false;
  if (pending.stages.includes("AWSCURRENT") || pending.stages.includes("AWSPREVIOUS")) return false;
  // A secret with no AWSCURRENT has nothing a pending version could be newer than: no rotation.
  if (!current || current.versionId === pending.versionId) return false;
  const pendingTime = pending.createdDate?.getTime();
  const currentTime = current.createdDate?.getTime();
  if (pendingTime === undefined || currentTime === undefined) return false;
  return pendingTime > currentTime;
}

/**
 * The version a rotation is making right now, from one ListSecretVersionIds page (which holds every
 * labelled version), or undefined when no rotation is in progress.
 *
 * @example
 * const { versions } = await listSecretVersions("app/db");
 * const pending = rotationInProgress(versions); // { versionId, stages, createdDate } or undefined
 */
export function rotationInProgress(versions: readonly SecretVersionsListEntry[]): VersionFacts | undefined {
  const facts = versions.map(toVersionFacts);
  const pending = facts.find((version) => version.stages.includes("AWSPENDING"));
  const current = facts.find((version) => version.stages.includes("AWSCURRENT"));
  return isRotationInProgress(pending, current) ? pending : undefined;
}

/** The rule's view of one ListSecretVersionIds entry. */
export function toVersionFacts(entry: SecretVersionsListEntry): VersionFacts {
  return {
    versionId: entry.VersionId ?? "",
    stages: entry.VersionStages ?? [],
    ...(entry.CreatedDate ? { createdDate: entry.CreatedDate } : {}),
  };
}
