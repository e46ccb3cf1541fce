import type { CallOptions } from "../../secrets/call.js";
import { isSecretsError } from "../../secrets/errors.js";
import { getSecretValue } from "../../secrets/values.js";
import { tokenFromSecretValue } from "./api-token.js";

export interface PendingTokenReader {
  /** The AWSPENDING token, or undefined when no rotation is under way; cached for `ttlMs`. */
  read(): Promise<string | undefined>;
  /** Drops the cached answer (and any read in flight) so the next read asks Secrets Manager. */
  forget(): void;
}

/**
 * Reads the token secret's AWSPENDING version. `@middy/secrets-manager` fetches AWSCURRENT only, so this
 * small reader keeps the pending token beside it, with the same lifetime; "no pending version" is cached
 * too, so an ordinary request costs no extra call. Concurrent reads share one call, so a burst of requests
 * arriving together (serverless-offline in-process, or a cold instance) costs one GetSecretValue, not one each.
 * A failed read is not cached: it rejects every reader waiting on it and the next read asks again.
 *
 * @example
 * const pending = createPendingTokenReader("secrets-api/token", 30_000);
 * const token = await pending.read();
 */
export function createPendingTokenReader(
  secretId: string,
  ttlMs: number,
  options: CallOptions & { now?: () => number } = {},
): PendingTokenReader {
  const now = options.now ?? Date.now;
  let cached: { token: string | undefined; expiresAt: number } | undefined;
  let inFlight: Promise<string | undefined> | undefined;
  return {
    read() {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      if (inFlight) return inFlight;
      const flight: Promise<string | undefined> = fetchPending(secretId, options).then(
        (token) => {
          // A forget() during the call makes this answer stale: hand it to its waiters, do not keep it.
          if (inFlight === flight) {
            cached = { token, expiresAt: now() + ttlMs };
            inFlight = undefined;
          }
          return token;
        },
        (error: unknown) => {
          if (inFlight === flight) inFlight = undefined;
          throw error;
        },
      );
      inFlight = flight;
      return flight;
    },
    forget() {
      cached = undefined;
      inFlight = undefined;
    },
  };
}

async function fetchPending(secretId: string, options: CallOptions): Promise<string | undefined> {
  try {
    const version = await getSecretValue(secretId, { versionStage: "AWSPENDING" }, options);
    // Once finishSecret has run, AWSPENDING may still sit on the new AWSCURRENT version: harmless.
    return version.value.kind === "string" ? tokenFromSecretValue(version.value.text) : undefined;
  } catch (error) {
    if (isSecretsError(error, "ResourceNotFoundException")) return undefined;
    throw error;
  }
}
