/**
 * From a presented token to a principal: the token names its client, that client's secret is read
 * (through the credential cache) and the token is compared, in constant time, with every token the
 * secret accepts now: AWSCURRENT's; AWSPENDING's during a rotation; AWSPREVIOUS's during a grace.
 * A token that does not match makes a fresh read of that client before the refusal (at most one a
 * second; a miss within it waits for that read), so a token made current a moment ago is accepted.
 */
import { tokenClientId } from "./api-token.js";
import { parseClientRecord } from "./client-record.js";
import { tokensEqual } from "./constant-time.js";
import { createCredentialCache } from "./credential-cache.js";
import { type CredentialSnapshot, readCredential } from "./credential-versions.js";
import { ADMIN_CLIENT_ID, type Principal } from "./principal.js";

/** Why the authorizer refused a request (the audit record's code; the caller only ever sees 401 or 403). */
export const RefusalCodes = {
  MissingToken: "MissingToken",
  InvalidToken: "InvalidToken",
  UnknownClient: "UnknownClient",
  ClientDisabled: "ClientDisabled",
  AuthorizerOverrideRefused: "AuthorizerOverrideRefused",
} as const;
export type RefusalCode = (typeof RefusalCodes)[keyof typeof RefusalCodes];

export type Authentication =
  | { readonly allowed: true; readonly principal: Principal }
  | { readonly allowed: false; readonly code: RefusalCode; readonly claimedClientId?: string };

export interface AuthenticatorOptions {
  /** The admin client's secret. */
  tokenSecretId: string;
  /** Clients' secrets are `<clientsPrefix><client-id>`. */
  clientsPrefix: string;
  /** The API's `SECRETS_PREFIX`: every scope lies inside it; the admin holds every action on it. */
  secretsPrefix: string;
  cacheMs: number;
  graceMs: number;
  /** A refetch after a token that did not match happens at most this often per client (default 1,000 ms). */
  minRefetchMs?: number;
  now?: () => number;
}

export interface Authenticator {
  /** Throws when the client's secret cannot be read or holds no usable record: no verdict is possible. */
  authenticate(presented: string): Promise<Authentication>;
}

/** Tokens longer than this are refused unread (nothing this service makes is longer than 330 characters). */
const MAX_TOKEN_LENGTH = 4_096;
/** Unknown client ids are remembered at most this long (and never longer than the cache). */
const MAX_UNKNOWN_TTL_MS = 5_000;

/**
 * @example
 * const authenticator = createAuthenticator({ tokenSecretId: "secrets-api/token",
 *   clientsPrefix: "secrets-api/clients/", secretsPrefix: "app/", cacheMs: 30_000, graceMs: 300_000 });
 * const answer = await authenticator.authenticate("team-a.Xq3...");
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? Date.now;
  // The cache is keyed by secret id; the parser needs the client it belongs to (the admin's scopes differ).
  const clientOfSecret = (secretId: string) =>
    secretId === options.tokenSecretId ? ADMIN_CLIENT_ID : secretId.slice(options.clientsPrefix.length);
  const cache = createCredentialCache<CredentialSnapshot>({
    load: (secretId) =>
      readCredential(secretId, {
        parse: (text) => parseClientRecord(text, clientOfSecret(secretId), options.secretsPrefix),
        graceMs: options.graceMs,
        now,
      }),
    ttlMs: options.cacheMs,
    unknownTtlMs: Math.min(options.cacheMs, MAX_UNKNOWN_TTL_MS),
    minRefetchMs: options.minRefetchMs ?? 1_000,
    now,
  });
  const secretOf = (clientId: string): string =>
    clientId === ADMIN_CLIENT_ID ? options.tokenSecretId : `${options.clientsPrefix}${clientId}`;

  return {
    async authenticate(presented) {
      const claimed = tokenClientId(presented);
      const clientId = claimed ?? ADMIN_CLIENT_ID;
      const refused = (code: RefusalCode): Authentication => ({
        allowed: false,
        code,
        ...(claimed ? { claimedClientId: claimed } : {}),
      });
      if (presented.length > MAX_TOKEN_LENGTH) return refused(RefusalCodes.InvalidToken);
      const secretId = secretOf(clientId);
      let snapshot = await cache.get(secretId);
      let verdict = verdictOf(presented, snapshot, now());
      // Only a token that does not match is worth a fresh read: unknown ids are not read again before their
      // brief memory ends (made-up ids cost one call each), and a disabled client stays so for the cache time.
      if (verdict === RefusalCodes.InvalidToken) {
        snapshot = await cache.refetch(secretId);
        verdict = verdictOf(presented, snapshot, now());
      }
      if (verdict !== "allowed" || !snapshot)
        return refused(verdict === "allowed" ? RefusalCodes.UnknownClient : verdict);
      return { allowed: true, principal: { clientId, scopes: snapshot.record.scopes } };
    },
  };
}

function verdictOf(
  presented: string,
  snapshot: CredentialSnapshot | undefined,
  now: number,
): "allowed" | RefusalCode {
  if (!snapshot) return RefusalCodes.UnknownClient;
  if (!acceptsToken(presented, snapshot, now)) return RefusalCodes.InvalidToken;
  return snapshot.record.disabled ? RefusalCodes.ClientDisabled : "allowed";
}

/**
 * Whether `presented` is one of the tokens the snapshot accepts at `now`. Every candidate is compared (no
 * early return), so the time taken does not tell which one matched.
 */
function acceptsToken(presented: string, snapshot: CredentialSnapshot, now: number): boolean {
  const candidates = [
    snapshot.record.token,
    snapshot.pendingToken,
    snapshot.previous && now < snapshot.previous.graceEndsAt ? snapshot.previous.token : undefined,
  ];
  let accepted = false;
  for (const candidate of candidates) {
    if (candidate !== undefined && tokensEqual(presented, candidate)) accepted = true;
  }
  return accepted;
}
