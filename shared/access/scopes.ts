/**
 * A client's scopes: actions on name prefixes inside `SECRETS_PREFIX`, written `action:prefix`
 * (`read:app/team-a/`). A prefix ends with `/` and is matched case-sensitively against the start of a
 * secret's name, so `app/team-a/` covers `app/team-a/db` and never `app/team-ab/db`. At most
 * `MAX_SCOPE_PREFIXES` distinct prefixes per client; deny by default (no scopes: nothing allowed).
 */
import { ACTIONS, type Action, isAction } from "./actions.js";

/** One grant: `action` on every secret whose name starts with `prefix`. */
export interface Scope {
  readonly action: Action;
  readonly prefix: string;
}

/** A client holds at most this many distinct name prefixes (its actions on them are not counted). */
export const MAX_SCOPE_PREFIXES = 10;

/** The characters of a secret name (AWS's set), so a prefix is a possible start of one. */
const NAME_CHARACTERS = /^[A-Za-z0-9/_+=.@-]*$/;

/** Why a scope or a list of scopes was refused; the message names the rule, never more than the scope text. */
export class ScopeError extends Error {
  override readonly name = "ScopeError";
}

/**
 * Parses one `action:prefix`. The prefix must lie inside `secretsPrefix` and end with `/`; the one
 * exception is `secretsPrefix` itself, which may be empty (the admin client's scopes when the API
 * manages every name).
 *
 * @example
 * parseScope("read:app/team-a/", "app/") // { action: "read", prefix: "app/team-a/" }
 */
export function parseScope(text: string, secretsPrefix: string): Scope {
  const colon = text.indexOf(":");
  const action = colon < 0 ? text : text.slice(0, colon);
  const prefix = colon < 0 ? "" : text.slice(colon + 1);
  if (colon < 0 || !isAction(action)) {
    throw new ScopeError(`a scope is action:prefix with action one of ${ACTIONS.join(", ")}`);
  }
  if (prefix.length > 512 || !NAME_CHARACTERS.test(prefix)) {
    throw new ScopeError("a scope's prefix holds only the characters of a secret name");
  }
  if (!prefix.startsWith(secretsPrefix)) {
    throw new ScopeError(`a scope's prefix must lie inside ${secretsPrefix}`);
  }
  if (!(prefix === secretsPrefix || prefix.endsWith("/"))) {
    throw new ScopeError("a scope's prefix must end with /");
  }
  return { action, prefix };
}

/**
 * Parses a client's scopes (each `action:prefix`), without duplicates, keeping their order; throws a
 * `ScopeError` past `MAX_SCOPE_PREFIXES` distinct prefixes.
 *
 * @example
 * parseScopes(["read:app/team-a/", "write:app/team-a/"], "app/")
 */
export function parseScopes(texts: readonly unknown[], secretsPrefix: string): Scope[] {
  const scopes: Scope[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    if (typeof text !== "string") throw new ScopeError("each scope is a string action:prefix");
    const scope = parseScope(text, secretsPrefix);
    const key = formatScope(scope);
    if (seen.has(key)) continue;
    seen.add(key);
    scopes.push(scope);
  }
  if (new Set(scopes.map((scope) => scope.prefix)).size > MAX_SCOPE_PREFIXES) {
    throw new ScopeError(`a client holds at most ${MAX_SCOPE_PREFIXES} prefixes`);
  }
  return scopes;
}

/** `action:prefix`, the form scopes are stored, shown and passed in. */
export function formatScope(scope: Scope): string {
  return `${scope.action}:${scope.prefix}`;
}

/** Every action on `prefix`: what the admin client holds on `SECRETS_PREFIX`. */
export function allActionsOn(prefix: string): Scope[] {
  return ACTIONS.map((action) => ({ action, prefix }));
}
