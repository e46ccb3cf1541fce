/**
 * API tokens: `<client-id>.<random>`, where the random part is 40 letters and digits from Secrets
 * Manager's GetRandomPassword (about 238 bits). Only RFC 6750 token68 characters, none a shell treats
 * specially, so a token pastes into a header, a URL or a single-quoted shell word as it is. The client id
 * says which secret holds the token, so the authorizer reads exactly one secret per token.
 */
import type { CallOptions } from "../secrets/call.js";
import { secretNameFromId } from "../secrets/names.js";
import { getRandomPassword } from "../secrets/rotation.js";
import { apiClientsSecretPrefix, apiTokenSecretId } from "./config.js";
import { ADMIN_CLIENT_ID, isClientId } from "./principal.js";

/** Length of a token's random part. */
export const TOKEN_RANDOM_LENGTH = 40;

const TOKEN = /^([a-z0-9][a-z0-9-]{0,63})\.([A-Za-z0-9]{16,256})$/;

/**
 * The client a token names, or undefined when it is not of the form `<client-id>.<random>` (a token
 * the admin secret held before client tokens existed still works: it is checked against that secret).
 *
 * @example
 * tokenClientId("team-a.Xq3...") // "team-a"
 */
export function tokenClientId(token: string): string | undefined {
  return TOKEN.exec(token)?.[1];
}

/** Whether `token` is a well-formed token of `clientId` (the generic rotation's testSecret). */
export function isTokenOf(clientId: string, token: string): boolean {
  const match = TOKEN.exec(token);
  return match?.[1] === clientId && match[2]?.length === TOKEN_RANDOM_LENGTH;
}

/**
 * A new token for `clientId` from GetRandomPassword (registered for redaction there).
 *
 * @example
 * const token = await newToken("team-a"); // "team-a.<40 letters and digits>"
 */
export async function newToken(clientId: string, options?: CallOptions): Promise<string> {
  if (!isClientId(clientId)) throw new RangeError("not a client id");
  const random = await getRandomPassword(
    { length: TOKEN_RANDOM_LENGTH, excludePunctuation: true, requireEachIncludedType: true },
    options,
  );
  return `${clientId}.${random}`;
}

/** The secret that holds `clientId`'s token: the admin token secret, or `<clients prefix><client-id>`. */
export function secretIdOfClient(clientId: string): string {
  return clientId === ADMIN_CLIENT_ID ? apiTokenSecretId() : `${apiClientsSecretPrefix()}${clientId}`;
}

/**
 * The client whose token the secret `secretName` holds, by its configured name alone (never by anything
 * in its value): `admin` for the API token secret, the id for a secret under the clients prefix, else
 * undefined. The generic rotation makes tokens for these secrets.
 *
 * @example
 * tokenClientOfSecret("secrets-api/clients/team-a") // "team-a"
 */
export function tokenClientOfSecret(secretName: string): string | undefined {
  if (secretName === secretNameFromId(apiTokenSecretId())) return ADMIN_CLIENT_ID;
  const prefix = apiClientsSecretPrefix();
  if (!secretName.startsWith(prefix)) return undefined;
  const clientId = secretName.slice(prefix.length);
  return isClientId(clientId) && clientId !== ADMIN_CLIENT_ID ? clientId : undefined;
}
