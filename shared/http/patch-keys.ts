import type { Logger } from "../observability/logger.js";
import type { CallOptions } from "../secrets/call.js";
import { isSecretsError, LocalErrorCodes } from "../secrets/errors.js";
import { getSecretValue } from "../secrets/values.js";
import { putIfCurrent, versionConflict } from "./conditional-put.js";
import { ApiError, HttpErrorCodes } from "./errors.js";
import { mergeKeys } from "./merge-keys.js";
import { assertValueSize } from "./secret-value-input.js";
import { storedJsonObject } from "./stored-json.js";

/** Without If-Match a PATCH re-reads and tries again this many times when another write slips in. */
const MAX_ATTEMPTS_WITHOUT_IF_MATCH = 5;

export interface KeysEdit {
  set?: Record<string, unknown>;
  remove?: string[];
}

/**
 * Edits some keys of a JSON-object secret and keeps every other key: read AWSCURRENT, merge, then
 * `putIfCurrent` against the version read, so no concurrent write is ever lost. With `expectedVersionId`
 * (If-Match) a conflict is final (412); without it the edit is retried on the newer value, then 409.
 *
 * @example
 * await patchSecretKeys("app/db", { set: { password: "..." } }, undefined);
 */
export async function patchSecretKeys(
  secretId: string,
  edit: KeysEdit,
  expectedVersionId: string | undefined,
  logger?: Logger,
  options?: CallOptions,
): Promise<{ versionId: string; keys: string[] }> {
  for (let attempt = 1; ; attempt++) {
    const current = await getSecretValue(secretId, {}, options);
    if (expectedVersionId !== undefined && current.versionId !== expectedVersionId) throw versionConflict();
    const next = mergeKeys(storedJsonObject(current.value), edit);
    const value = { kind: "string", text: JSON.stringify(next) } as const;
    assertValueSize(value);
    try {
      const { versionId } = await putIfCurrent(secretId, current.versionId, value, logger, options);
      return { versionId, keys: Object.keys(next).sort() };
    } catch (error) {
      const conflict = isSecretsError(error, LocalErrorCodes.VersionConflict);
      if (!conflict || expectedVersionId !== undefined) throw error;
      if (attempt >= MAX_ATTEMPTS_WITHOUT_IF_MATCH) {
        throw new ApiError(HttpErrorCodes.ConcurrentModification, "The secret kept changing; try again");
      }
    }
  }
}
