/**
 * Who is calling: an API client, named by its id, with the scopes its secret grants. The admin client is
 * the API token secret (`API_TOKEN_SECRET_ID`), with every action on `SECRETS_PREFIX`.
 */
import type { Scope } from "./scopes.js";

export interface Principal {
  readonly clientId: string;
  readonly scopes: readonly Scope[];
}

/** The client id of the API token secret's holder. No client secret may take it. */
export const ADMIN_CLIENT_ID = "admin";

/** The client id in an audit record when no client was proven. */
export const ANONYMOUS_CLIENT_ID = "anonymous";

/**
 * A client id: 1-64 lower-case letters, digits and `-`, starting with a letter or digit. It is part of the
 * token (`<client-id>.<random>`) and of the client's secret name, so it holds nothing a shell, a URL or
 * a secret name would treat specially.
 */
const CLIENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whether `text` is a well-formed client id (the admin's included). */
export function isClientId(text: string): boolean {
  return CLIENT_ID.test(text);
}

/** Whether `text` may name a new API client: well-formed and not reserved. */
export function isAssignableClientId(text: string): boolean {
  return isClientId(text) && text !== ADMIN_CLIENT_ID && text !== ANONYMOUS_CLIENT_ID;
}
