/**
 * Audits one secret. ListSecrets already carries everything but the age of a pending version, so a secret
 * costs no call at all unless it has an AWSPENDING version that is not AWSCURRENT: then one
 * ListSecretVersionIds (CreatedDate per version) tells how long it has waited.
 */
import type { SecretListEntry, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isSecretsError } from "../secrets/errors.js";
import { listSecretVersions } from "../secrets/metadata.js";
import type { AuditCalls } from "./calls.js";
import { findingsFor, pendingVersionId, type SecretFacts } from "./findings.js";
import type { AuditError, AuditPolicy, Finding } from "./types.js";

export interface Inspection {
  findings: Finding[];
  error?: AuditError;
}

async function pendingCreatedDate(
  entry: SecretListEntry,
  versionId: string,
  deps: { calls: AuditCalls; client?: SecretsManagerClient },
): Promise<Date | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await deps.calls.run("ListSecretVersionIds", () =>
      listSecretVersions(
        entry.ARN ?? entry.Name ?? "",
        { maxResults: 100, nextToken },
        { client: deps.client },
      ),
    );
    const version = page.versions.find((candidate) => candidate.VersionId === versionId);
    if (version) return version.CreatedDate;
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
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
      facts.pendingCreatedDate = await pendingCreatedDate(entry, pending, deps);
    } catch (failure) {
      const code = isSecretsError(failure) ? failure.code : "Error";
      error = { name: entry.Name ?? "", operation: "ListSecretVersionIds", code };
    }
  }
  const findings = findingsFor(entry, deps.policy, deps.now, facts);
  return error ? { findings, error } : { findings };
}
