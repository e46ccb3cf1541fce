/**
 * Audits one secret. ListSecrets already carries everything but the versions' dates, so a secret costs no
 * call at all unless its labels show a rotation started (AWSPENDING on neither AWSCURRENT nor
 * AWSPREVIOUS): then one ListSecretVersionIds tells, by the one rule (shared/secrets/pending-rotation.ts),
 * whether that rotation is in progress and since when.
 */
import type { SecretListEntry, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isSecretsError } from "../secrets/errors.js";
import { listSecretVersions } from "../secrets/metadata.js";
import { rotationInProgress } from "../secrets/pending-rotation.js";
import type { AuditCalls } from "./calls.js";
import { findingsFor, pendingVersionId, type SecretFacts } from "./findings.js";
import type { AuditError, AuditPolicy, Finding } from "./types.js";

export interface Inspection {
  findings: Finding[];
  /** What was learnt beyond the entry (the rotation in progress, if any). */
  facts: SecretFacts;
  error?: AuditError;
}

/** When the rotation in progress began, or undefined when none is (every labelled version is on one page). */
async function pendingCreatedDate(
  entry: SecretListEntry,
  deps: { calls: AuditCalls; client?: SecretsManagerClient },
): Promise<Date | undefined> {
  const page = await deps.calls.run("ListSecretVersionIds", () =>
    listSecretVersions(entry.ARN ?? entry.Name ?? "", { maxResults: 100 }, { client: deps.client }),
  );
  return rotationInProgress(page.versions)?.createdDate;
}

/**
 * @example
 * const { findings, error } = await inspectSecret(entry, { policy, now, calls, client });
 */
export async function inspectSecret(
  entry: SecretListEntry,
  deps: { policy: AuditPolicy; now: Date; calls: AuditCalls; client?: SecretsManagerClient },
): Promise<Inspection> {
  const facts: SecretFacts = {};
  const pending = entry.DeletedDate ? undefined : pendingVersionId(entry);
  let error: AuditError | undefined;
  if (pending) {
    try {
      const since = await pendingCreatedDate(entry, deps);
      if (since) facts.pendingCreatedDate = since;
    } catch (failure) {
      const code = isSecretsError(failure) ? failure.code : "Error";
      error = { name: entry.Name ?? "", operation: "ListSecretVersionIds", code };
    }
  }
  const findings = findingsFor(entry, deps.policy, deps.now, facts);
  return error ? { findings, facts, error } : { findings, facts };
}
