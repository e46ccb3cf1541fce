/**
 * What a client's secret holds: `{"token": "<client-id>.<random>", "scopes": ["read:app/team-a/", ...],
 * "disabled": false}`. The admin token secret holds `{"token": "..."}` and gets every action on
 * `SECRETS_PREFIX`; it may say `"disabled": true` too. A value that is not such an object is unusable:
 * the authorizer then gives no verdict on that client's tokens (and never caches the value).
 */
import { ADMIN_CLIENT_ID } from "./principal.js";
import { allActionsOn, formatScope, parseScopes, type Scope, ScopeError } from "./scopes.js";

export interface ClientRecord {
  readonly token: string;
  readonly scopes: readonly Scope[];
  readonly disabled: boolean;
}

/** The secret's value cannot be read as a client record; the message names the rule, never the value. */
export class UnusableClientRecordError extends Error {
  override readonly name = "UnusableClientRecordError";
}

/**
 * Reads `text` as `clientId`'s record (the admin's scopes are fixed: every action on `secretsPrefix`).
 *
 * @example
 * parseClientRecord('{"token":"team-a.X...","scopes":["read:app/team-a/"]}', "team-a", "app/")
 */
export function parseClientRecord(text: string, clientId: string, secretsPrefix: string): ClientRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UnusableClientRecordError("the value is not JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UnusableClientRecordError("the value is not a JSON object");
  }
  const { token, scopes, disabled } = parsed as Record<string, unknown>;
  if (typeof token !== "string" || token === "") throw new UnusableClientRecordError("no token");
  if (disabled !== undefined && typeof disabled !== "boolean") {
    throw new UnusableClientRecordError("disabled is not a boolean");
  }
  if (clientId === ADMIN_CLIENT_ID) {
    return { token, scopes: allActionsOn(secretsPrefix), disabled: disabled === true };
  }
  if (!Array.isArray(scopes)) throw new UnusableClientRecordError("scopes is not a list");
  try {
    return { token, scopes: parseScopes(scopes, secretsPrefix), disabled: disabled === true };
  } catch (error) {
    if (error instanceof ScopeError) throw new UnusableClientRecordError(error.message);
    throw error;
  }
}

/** The token of a version that is not AWSCURRENT (pending, previous), or undefined when it holds none. */
export function tokenOfValue(text: string): string | undefined {
  try {
    const token = (JSON.parse(text) as { token?: unknown } | null)?.token;
    return typeof token === "string" && token !== "" ? token : undefined;
  } catch {
    return undefined;
  }
}

/** A client record as its secret stores it. */
export function clientRecordText(record: ClientRecord): string {
  return JSON.stringify({
    token: record.token,
    scopes: record.scopes.map(formatScope),
    disabled: record.disabled,
  });
}
