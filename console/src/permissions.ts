/**
 * Which actions the console offers, from the signed-in client's scopes (`GET /me`). The one place that
 * knows the shape of `/me` and which scope each action needs: adapt it here when the API's answer changes.
 *
 * Assumed answer: `{"clientId": "...", "scopes": [{"action": "read"|"write"|"delete"|"rotate", "prefix": "app/..."}]}`;
 * a scope allows its action on every secret whose name starts with its prefix. The console only hides
 * what is not allowed: the API decides, and the console shows its refusal like any other answer.
 */

/** The actions a scope grants. */
export type ScopeAction = "read" | "write" | "delete" | "rotate";

export interface Scope {
  action: ScopeAction;
  prefix: string;
}

/** `GET /me`'s answer. */
export interface Me {
  clientId: string;
  scopes: Scope[];
}

/** What the console can do to a secret. */
export type ConsoleAction =
  | "reveal"
  | "editKeys"
  | "replaceValue"
  | "updateMetadata"
  | "delete"
  | "restore"
  | "rotate";

/** The scope each console action needs. */
export const SCOPE_NEEDED: Record<ConsoleAction, ScopeAction> = {
  reveal: "read",
  editKeys: "write",
  replaceValue: "write",
  updateMetadata: "write",
  delete: "delete",
  restore: "delete",
  rotate: "rotate",
};

export interface Permissions {
  /** Who is signed in, as the API names the client. */
  clientId: string;
  /** Whether `action` is offered on the secret `name`. */
  can(action: ConsoleAction, name: string): boolean;
}

const SCOPE_ACTIONS = new Set<string>(["read", "write", "delete", "rotate"]);

/**
 * `GET /me`'s body as a `Me`, or undefined when it is not that shape.
 *
 * @example
 * parseMe({ clientId: "ci", scopes: [{ action: "read", prefix: "app/" }] }) // { clientId: "ci", scopes: [...] }
 */
export function parseMe(body: unknown): Me | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { clientId, scopes } = body as { clientId?: unknown; scopes?: unknown };
  if (typeof clientId !== "string" || !Array.isArray(scopes)) return undefined;
  const valid = scopes.filter(
    (scope): scope is Scope =>
      typeof scope === "object" &&
      scope !== null &&
      SCOPE_ACTIONS.has((scope as Scope).action) &&
      typeof (scope as Scope).prefix === "string",
  );
  return { clientId, scopes: valid };
}

/**
 * The permissions a client's scopes give.
 *
 * @example
 * const permissions = permissionsFrom({ clientId: "ci", scopes: [{ action: "read", prefix: "app/ci/" }] });
 * permissions.can("reveal", "app/ci/db") // true
 * permissions.can("editKeys", "app/ci/db") // false
 */
export function permissionsFrom(me: Me): Permissions {
  return {
    clientId: me.clientId,
    can: (action, name) =>
      me.scopes.some((scope) => scope.action === SCOPE_NEEDED[action] && name.startsWith(scope.prefix)),
  };
}

/**
 * An API that has no `GET /me` (404: it predates API clients) has one admin token, which may do
 * everything under the API's prefix: every action is offered.
 */
export function permissionsWithoutMe(): Permissions {
  return { clientId: "admin (this API has no GET /me)", can: () => true };
}
