/**
 * Which actions the console offers, from the signed-in client's scopes (`GET /me`). The one place that
 * knows the shape of `/me` and which scope each action needs: adapt it here when the API's answer changes.
 *
 * The answer: `{"clientId": "team-a", "scopes": ["read:app/team-a/", "write:app/team-a/"]}`; a scope
 * `action:prefix` allows its action on every secret whose name starts with its prefix (case-sensitive). The console only hides
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
 * `GET /me`'s body as a `Me`, or undefined when it is not that shape; a scope of an unknown shape or
 * action is dropped (it offers nothing).
 *
 * @example
 * parseMe({ clientId: "ci", scopes: ["read:app/ci/"] }) // { clientId: "ci", scopes: [{ action: "read", prefix: "app/ci/" }] }
 */
export function parseMe(body: unknown): Me | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { clientId, scopes } = body as { clientId?: unknown; scopes?: unknown };
  if (typeof clientId !== "string" || !Array.isArray(scopes)) return undefined;
  const parsed = scopes.flatMap((scope): Scope[] => {
    if (typeof scope !== "string") return [];
    const colon = scope.indexOf(":");
    const action = scope.slice(0, colon);
    return colon > 0 && SCOPE_ACTIONS.has(action)
      ? [{ action: action as ScopeAction, prefix: scope.slice(colon + 1) }]
      : [];
  });
  return { clientId, scopes: parsed };
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
