/**
 * A compare-and-swap on the AWSCURRENT label, for `If-Match`. It rests on two guarantees of Secrets
 * Manager, nothing else (no lock, no read-then-write):
 * 1. ClientRequestToken idempotency. The new version's id is derived from the expected version's id, so
 *    every writer that expects the same version asks for the same new version id. The first
 *    PutSecretValue creates it; a later one with another value is refused (`ResourceExistsException`)
 *    and stores nothing. The new version carries only a private claim label, not AWSCURRENT.
 * 2. `UpdateSecretVersionStage(AWSCURRENT, MoveToVersionId=new, RemoveFromVersionId=expected)` is refused
 *    when AWSCURRENT is no longer on `expected`, so the label moves at most once off each version.
 * So of any number of writers with the same If-Match exactly one value becomes current; the others get
 * `VersionConflict` (412) and leave nothing stored. A writer that died between 1 and 2 left its version
 * claimed but not current: the next writer with that If-Match finishes the move for it (roll forward,
 * as a database finishes a committed transaction whose answer was lost) and is told 412, so nobody is
 * stuck on an If-Match that can never succeed. Should AWSCURRENT ever be moved back onto an older version
 * by hand, its derived successor id is spent; a write then falls back to a fresh id, and only in that case
 * can a losing writer leave an unlabelled version behind.
 */

import { randomUUID } from "node:crypto";
import type { Logger } from "../observability/logger.js";
import type { CallOptions } from "../secrets/call.js";
import { isSecretsError, LocalErrorCodes, SecretsError } from "../secrets/errors.js";
import { describeSecret } from "../secrets/metadata.js";
import { updateSecretVersionStage } from "../secrets/rotation.js";
import type { SecretValue } from "../secrets/types.js";
import { putSecretValue } from "../secrets/values.js";
import { uuidFromHash } from "../secrets/version-ids.js";

const CLAIM_LABEL_PREFIX = "ifmatch-";

export interface ConditionalPutResult {
  versionId: string;
}

/** The one version id every writer expecting `expectedVersionId` asks for (UUID-shaped, 36 characters). */
export function successorVersionId(expectedVersionId: string): string {
  return uuidFromHash(`if-match:${expectedVersionId}`);
}

interface ConditionalWrite {
  secretId: string;
  expectedVersionId: string;
  value: SecretValue;
  logger?: Logger;
  options?: CallOptions;
}

/**
 * Makes `value` the secret's AWSCURRENT version only if `expectedVersionId` still is.
 *
 * @example
 * await putIfCurrent("app/db", read.versionId, { kind: "string", text: '{"user":"a"}' });
 */
export async function putIfCurrent(
  secretId: string,
  expectedVersionId: string,
  value: SecretValue,
  logger?: Logger,
  options?: CallOptions,
): Promise<ConditionalPutResult> {
  const write: ConditionalWrite = { secretId, expectedVersionId, value, logger, options };
  const successor = successorVersionId(expectedVersionId);
  try {
    await claim(write, successor);
  } catch (error) {
    if (!isSecretsError(error, "ResourceExistsException")) throw error;
    const stages = await stagesByVersion(secretId, options);
    if (!stages.get(expectedVersionId)?.includes("AWSCURRENT")) throw versionConflict();
    if (!stages.get(successor)?.includes(claimLabelOf(successor))) {
      // AWSCURRENT was moved back onto the expected version after its successor had been made (a manual
      // rollback): the derived id is spent, so this write takes a fresh one.
      const fresh = randomUUID();
      await claim(write, fresh);
      return swap(write, fresh);
    }
    // Another writer with the same If-Match stored its value first; finish its move in case it died.
    await makeCurrent(secretId, successor, expectedVersionId, options).catch(() => undefined);
    throw versionConflict();
  }
  return swap(write, successor);
}

const claimLabelOf = (versionId: string) => `${CLAIM_LABEL_PREFIX}${versionId}`;

/** Stores the value as version `versionId`, labelled only with its claim label. */
async function claim(write: ConditionalWrite, versionId: string): Promise<void> {
  await putSecretValue(
    write.secretId,
    { value: write.value, clientRequestToken: versionId, versionStages: [claimLabelOf(versionId)] },
    write.options,
  );
}

/** Moves AWSCURRENT from the expected version onto the claimed one, then drops the claim label. */
async function swap(write: ConditionalWrite, versionId: string): Promise<ConditionalPutResult> {
  const { secretId, expectedVersionId, options } = write;
  try {
    await makeCurrent(secretId, versionId, expectedVersionId, options);
    return { versionId };
  } catch (error) {
    const current = await currentVersionId(secretId, options).catch(() => undefined);
    // The same value sent twice (a retry), or rolled forward by another writer: it is current, as asked.
    if (current === versionId) return { versionId };
    if (current !== undefined && current !== expectedVersionId && isSecretsError(error) && !error.retryable) {
      throw versionConflict();
    }
    throw error;
  } finally {
    await updateSecretVersionStage(
      secretId,
      claimLabelOf(versionId),
      { removeFromVersionId: versionId },
      options,
    ).catch((cleanupError: unknown) =>
      write.logger?.warn("claim label left on a version", { versionId, code: codeOf(cleanupError) }),
    );
  }
}

function makeCurrent(
  secretId: string,
  versionId: string,
  expectedVersionId: string,
  options?: CallOptions,
): Promise<void> {
  return updateSecretVersionStage(
    secretId,
    "AWSCURRENT",
    { moveToVersionId: versionId, removeFromVersionId: expectedVersionId },
    options,
  );
}

/** Each labelled version's labels. */
async function stagesByVersion(secretId: string, options?: CallOptions): Promise<Map<string, string[]>> {
  const description = await describeSecret(secretId, options);
  return new Map(Object.entries(description.VersionIdsToStages ?? {}));
}

/** The version that holds AWSCURRENT now. */
async function currentVersionId(secretId: string, options?: CallOptions): Promise<string | undefined> {
  const stages = await stagesByVersion(secretId, options);
  return [...stages].find(([, labels]) => labels.includes("AWSCURRENT"))?.[0];
}

export function versionConflict(): SecretsError {
  return new SecretsError(
    LocalErrorCodes.VersionConflict,
    "The secret changed since the version given in If-Match; the value was not made current",
  );
}

function codeOf(error: unknown): string {
  return isSecretsError(error) ? error.code : "Error";
}

/** Throws `VersionConflict` (412) unless `expectedVersionId` is the secret's AWSCURRENT version now. */
export async function assertStillCurrent(
  secretId: string,
  expectedVersionId: string,
  options?: CallOptions,
): Promise<void> {
  if ((await currentVersionId(secretId, options)) !== expectedVersionId) throw versionConflict();
}
