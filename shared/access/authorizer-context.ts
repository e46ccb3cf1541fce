/**
 * The principal as the authorizer hands it to the routes: the simple response's `context`, which API
 * Gateway passes to the route as `requestContext.authorizer.lambda` (and the stage's access log reads as
 * `$context.authorizer.clientId`). Values are strings: `clientId`, and `scopes` as `action:prefix` joined
 * by spaces (prefixes never hold one). A route trusts nothing else and refuses a context it cannot read.
 */
import { isClientId, type Principal } from "./principal.js";
import { formatScope, parseScopes, ScopeError } from "./scopes.js";

/**
 * serverless offline replaces the authorizer's answer with this request header's JSON (after the
 * authorizer accepted a token): the authorizer and every route refuse a request that carries it.
 */
export const AUTHORIZER_OVERRIDE_HEADER = "sls-offline-authorizer-override";

/** The authorizer's simple-response context. */
export interface AuthorizerContext {
  clientId: string;
  scopes: string;
  [key: string]: string;
}

/**
 * @example
 * toAuthorizerContext({ clientId: "team-a", scopes: [{ action: "read", prefix: "app/team-a/" }] })
 * // { clientId: "team-a", scopes: "read:app/team-a/" }
 */
export function toAuthorizerContext(principal: Principal): AuthorizerContext {
  return { clientId: principal.clientId, scopes: principal.scopes.map(formatScope).join(" ") };
}

/**
 * The principal in a route's event, or undefined when the event carries no well-formed authorizer
 * context (no authorizer ran, or something else wrote it): the route then refuses.
 *
 * @example
 * const principal = principalFromEvent(event, "app/");
 */
export function principalFromEvent(
  event: { requestContext?: object },
  secretsPrefix: string,
): Principal | undefined {
  const authorizer = (event.requestContext as { authorizer?: { lambda?: unknown } | null } | undefined)
    ?.authorizer;
  const context = authorizer?.lambda as Record<string, unknown> | null | undefined;
  if (!context || typeof context !== "object") return undefined;
  const { clientId, scopes } = context;
  if (typeof clientId !== "string" || !isClientId(clientId) || typeof scopes !== "string") return undefined;
  if (scopes.length > 10_000) return undefined;
  // A warm function sees the same few clients again and again: the last answer is kept.
  if (last && last.clientId === clientId && last.scopes === scopes && last.secretsPrefix === secretsPrefix) {
    return last.principal;
  }
  try {
    const texts = scopes === "" ? [] : scopes.split(" ");
    const principal = { clientId, scopes: parseScopes(texts, secretsPrefix) };
    last = { clientId, scopes, secretsPrefix, principal };
    return principal;
  } catch (error) {
    if (error instanceof ScopeError) return undefined;
    throw error;
  }
}

let last: { clientId: string; scopes: string; secretsPrefix: string; principal: Principal } | undefined;
