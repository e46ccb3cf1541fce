/**
 * Enforce mode: RotateSecret for each overdue secret that has a rotation function, once per secret per run.
 * The ClientRequestToken is derived from the pass and the secret, so a call retried after an unclear
 * failure cannot start a second rotation.
 */
import type { SecretListEntry, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isSecretsError } from "../secrets/errors.js";
import { rotateSecret } from "../secrets/rotation.js";
import { uuidFromHash } from "../secrets/version-ids.js";
import type { AuditCalls } from "./calls.js";
import { pendingVersionId } from "./findings.js";
import type { EnforcementOutcome, Finding } from "./types.js";

/**
 * A version id (32-64 characters, as AWS requires) that is the same for the same pass and secret.
 *
 * @example
 * enforcementVersionId("pass-1", "app/db") // "9f2c...-...": 36 characters, stable
 */
export function enforcementVersionId(passId: string, name: string): string {
  return uuidFromHash(`${passId}\n${name}`);
}

export interface Enforcer {
  /** Starts a rotation when the secret's findings say it is overdue; undefined when there is nothing to do. */
  enforce(entry: SecretListEntry, findings: readonly Finding[]): Promise<EnforcementOutcome | undefined>;
}

/**
 * @example
 * const enforcer = createEnforcer({ passId, calls, client });
 * const outcome = await enforcer.enforce(entry, findings);
 */
export function createEnforcer(deps: {
  passId: string;
  calls: AuditCalls;
  client?: SecretsManagerClient;
}): Enforcer {
  const attempted = new Set<string>();
  return {
    async enforce(entry, findings) {
      const name = entry.Name ?? "";
      if (!findings.some((finding) => finding.type === "rotation-overdue")) return undefined;
      if (attempted.has(name)) return undefined;
      attempted.add(name);
      if (!entry.RotationLambdaARN) return { name, action: "skipped", reason: "no-rotation-function" };
      // A pending version means a rotation is under way (or stuck): RotateSecret would be refused.
      if (pendingVersionId(entry)) return { name, action: "skipped", reason: "rotation-in-progress" };
      try {
        const clientRequestToken = enforcementVersionId(deps.passId, name);
        const started = await deps.calls.run("RotateSecret", () =>
          rotateSecret(entry.ARN ?? name, { clientRequestToken }, { client: deps.client }),
        );
        return { name, action: "rotation-started", versionId: started.versionId };
      } catch (error) {
        return { name, action: "failed", code: isSecretsError(error) ? error.code : "Error" };
      }
    },
  };
}
