/**
 * The scope decisions, made on names alone and before any Secrets Manager call, so a refusal never tells
 * whether the secret exists.
 */
import { isWithinPrefix } from "../secrets/names.js";
import type { Action } from "./actions.js";
import type { Principal } from "./principal.js";

/**
 * Whether `principal` may do `action` to the secret `secretId` (a name or an ARN): some scope grants the
 * action on a prefix the name starts with, compared case-sensitively. An ARN is judged on its name with
 * and without AWS's six-character suffix, so an ARN never widens a scope.
 *
 * @example
 * isAllowed({ clientId: "a", scopes: [{ action: "read", prefix: "app/team-a/" }] }, "read", "app/team-ab/x") // false
 */
export function isAllowed(principal: Principal, action: Action, secretId: string): boolean {
  return principal.scopes.some((scope) => scope.action === action && isWithinPrefix(secretId, scope.prefix));
}

/** The prefixes under which `principal` may do `action`, without duplicates. */
export function prefixesFor(principal: Principal, action: Action): string[] {
  return [
    ...new Set(principal.scopes.filter((scope) => scope.action === action).map((scope) => scope.prefix)),
  ];
}

/**
 * Whether a list filtered by `namePrefix` can hold any name `principal` may read: the filter lies inside
 * one of its read prefixes, or one of them lies inside the filter.
 */
export function mayListUnder(principal: Principal, namePrefix: string): boolean {
  return prefixesFor(principal, "read").some(
    (prefix) => namePrefix.startsWith(prefix) || prefix.startsWith(namePrefix),
  );
}
