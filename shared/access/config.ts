/**
 * The access settings, read from the environment on each call (tests and `invoke local` set them after
 * import); the authorizer reads them once, on its first request.
 */

/** The admin client's secret, `{"token": "..."}` (env `API_TOKEN_SECRET_ID`, default `secrets-api/token`). */
export function apiTokenSecretId(): string {
  return process.env.API_TOKEN_SECRET_ID || "secrets-api/token";
}

/** Where API clients' secrets live: `<prefix><client-id>` (env `API_CLIENTS_SECRET_PREFIX`, default `secrets-api/clients/`). */
export function apiClientsSecretPrefix(): string {
  return process.env.API_CLIENTS_SECRET_PREFIX || "secrets-api/clients/";
}

/** How long the authorizer trusts what it read of a client's secret (env `API_TOKEN_CACHE_SECONDS`, default 30). */
export function apiTokenCacheMs(): number {
  return secondsFromEnv("API_TOKEN_CACHE_SECONDS", 30);
}

/**
 * How long the previous token keeps working after a scheduled rotation, so a client that re-reads its
 * secret within it is never locked out (env `API_TOKEN_GRACE_SECONDS`, default 300).
 */
export function apiTokenGraceMs(): number {
  return secondsFromEnv("API_TOKEN_GRACE_SECONDS", 300);
}

function secondsFromEnv(name: string, fallback: number): number {
  const seconds = Number(process.env[name] ?? String(fallback));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallback * 1000;
}
