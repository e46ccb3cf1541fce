import { isWithinPrefix } from "../secrets/names.js";
import { secretsPrefix } from "./config.js";
import { ApiError, HttpErrorCodes, invalidInput } from "./errors.js";

/** Throws `OutsidePrefix` (403) unless the secret id (name or ARN) lies under the API's prefix. */
export function assertInScope(secretId: string, prefix: string = secretsPrefix()): void {
  if (!isWithinPrefix(secretId, prefix)) {
    throw new ApiError(HttpErrorCodes.OutsidePrefix, "This API manages only secrets under its prefix");
  }
}

/**
 * The `{id}` path parameter as a secret id, in scope. Clients URL-encode ids (names hold `/`); secret
 * names and ARNs never hold `%`, so an id with `%` is still encoded and is decoded here exactly once.
 */
export function secretIdFromPath(
  pathParameters: Record<string, string | undefined> | undefined,
  prefix: string = secretsPrefix(),
): string {
  const raw = pathParameters?.id ?? "";
  let id = raw;
  if (raw.includes("%")) {
    try {
      id = decodeURIComponent(raw);
    } catch {
      throw invalidInput("path.id: not a valid URL-encoded secret id");
    }
  }
  if (id === "") throw invalidInput("path.id: a secret name or ARN is required");
  assertInScope(id, prefix);
  return id;
}
