/**
 * One secret's rotation state as a single word, for lists (`GET /secrets`, the console's badge): made from
 * the audit's own inspection of that secret (inspect-secret.ts, findings.ts), so a list and the scheduled
 * audit never disagree about a secret.
 */
import type { SecretListEntry } from "@aws-sdk/client-secrets-manager";
import { pendingVersionId } from "./findings.js";
import type { Inspection } from "./inspect-secret.js";

export const ROTATION_STATES = ["deleting", "stuck", "rotating", "overdue", "never rotated", "ok"] as const;
export type RotationStateName = (typeof ROTATION_STATES)[number];

export interface RotationState {
  state: RotationStateName;
  /** `deleting`: when the deletion was scheduled (Secrets Manager's DeletedDate, ISO). */
  deletedDate?: string;
}

/**
 * The first that holds, in this order: `deleting` (scheduled for deletion), `stuck` (the audit's
 * rotation-stuck finding), `rotating` (a rotation in progress, or one by its labels whose age could not be
 * read), `overdue` (the rotation-overdue finding), `never rotated` (no LastRotatedDate), `ok`.
 *
 * @example
 * rotationStateOf(entry, await inspectSecret(entry, { policy, now, calls })) // { state: "overdue" }
 */
export function rotationStateOf(entry: SecretListEntry, inspection: Inspection): RotationState {
  if (entry.DeletedDate) return { state: "deleting", deletedDate: entry.DeletedDate.toISOString() };
  const found = new Set(inspection.findings.map((finding) => finding.type));
  if (found.has("rotation-stuck")) return { state: "stuck" };
  const ageUnknown = inspection.error !== undefined && pendingVersionId(entry) !== undefined;
  if (inspection.facts.pendingCreatedDate || ageUnknown) return { state: "rotating" };
  if (found.has("rotation-overdue")) return { state: "overdue" };
  if (!entry.LastRotatedDate) return { state: "never rotated" };
  return { state: "ok" };
}
