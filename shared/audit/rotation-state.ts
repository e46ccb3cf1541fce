/**
 * One secret's rotation state as a single word, for lists (`GET /secrets`, the console's badge): made from
 * the audit's own inspection of that secret (inspect-secret.ts, findings.ts), so a list and the scheduled
 * audit never disagree about a secret.
 */
import type { SecretListEntry, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createAuditCalls } from "./calls.js";
import { NO_DEADLINE } from "./deadline.js";
import { pendingVersionId } from "./findings.js";
import { type Inspection, inspectSecret } from "./inspect-secret.js";
import { runInOrder } from "./pool.js";
import type { AuditPolicy } from "./types.js";

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

/** Secrets inspected at once for one page of a list (at most one ListSecretVersionIds each). */
const LIST_CONCURRENCY = 10;

/**
 * The rotation state of each entry of one ListSecrets page, in order, judged as the audit judges it at
 * `now`: a secret costs a call only when its labels show a rotation started (then one
 * ListSecretVersionIds, retried on throttling a few times, never failing the list).
 *
 * @example
 * const states = await rotationStatesOf(page.secrets, { policy, now: serviceNow(client), client });
 */
export async function rotationStatesOf(
  entries: readonly SecretListEntry[],
  options: { policy: AuditPolicy; now: Date; client?: SecretsManagerClient },
): Promise<RotationState[]> {
  const calls = createAuditCalls({
    limits: {},
    backoff: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 400 },
    deadline: NO_DEADLINE,
  });
  const states: RotationState[] = new Array(entries.length);
  await runInOrder(entries, LIST_CONCURRENCY, async (entry, index) => {
    const inspection = await inspectSecret(entry, { ...options, calls });
    states[index] = rotationStateOf(entry, inspection);
  });
  return states;
}
