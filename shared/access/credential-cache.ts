/**
 * The authorizer's memory of clients' secrets: one entry per client, bounded (least recently used goes
 * first), each trusted for `ttlMs`; unknown ids are remembered apart and briefly (`unknownTtlMs`), so a
 * flood of made-up ids neither pushes real clients out nor costs a call per repeated id. Concurrent reads
 * of one client share one call. A read that fails (Secrets Manager down, an unusable value) is never kept:
 * its waiters get the error and the next request reads again. A refetch (after a token that did not
 * match) happens at most once per `minRefetchMs` per client: a miss within that time waits for the next
 * read rather than being refused unread, so a token a rotation made a moment ago is never refused, and
 * wrong tokens cannot make the authorizer hammer Secrets Manager (they only wait, at most that long).
 */

export interface CredentialCacheOptions<T> {
  /** Reads one client's secret; undefined when the client does not exist. */
  load(key: string): Promise<T | undefined>;
  ttlMs: number;
  unknownTtlMs: number;
  minRefetchMs: number;
  /** Clients kept at most (default 1,000), and unknown ids apart (default 1,000). */
  maxEntries?: number;
  maxUnknown?: number;
  now?: () => number;
}

export interface CredentialCache<T> {
  /** The client's cached snapshot (undefined: unknown), or a fresh read when none is cached or it expired. */
  get(key: string): Promise<T | undefined>;
  /**
   * A fresh read, at most one per `minRefetchMs` per client: when the last read is younger, it waits until
   * that much time has passed (every waiter of a client shares the one read then made).
   */
  refetch(key: string): Promise<T | undefined>;
}

interface Entry<T> {
  value: T | undefined;
  readAt: number;
}

/**
 * @example
 * const cache = createCredentialCache({ load: (id) => readCredential(id, options), ttlMs: 30_000,
 *   unknownTtlMs: 5_000, minRefetchMs: 1_000 });
 * const snapshot = await cache.get("secrets-api/clients/team-a");
 */
export function createCredentialCache<T>(options: CredentialCacheOptions<T>): CredentialCache<T> {
  const now = options.now ?? Date.now;
  const known = new Map<string, Entry<T>>();
  const unknown = new Map<string, Entry<T>>();
  const inFlight = new Map<string, Promise<T | undefined>>();
  const maxEntries = options.maxEntries ?? 1_000;
  const maxUnknown = options.maxUnknown ?? 1_000;

  const remember = (map: Map<string, Entry<T>>, limit: number, key: string, entry: Entry<T>) => {
    map.delete(key);
    map.set(key, entry);
    if (map.size > limit) map.delete(map.keys().next().value as string);
  };

  const read = (key: string): Promise<T | undefined> => {
    const running = inFlight.get(key);
    if (running) return running;
    const flight = options.load(key).then(
      (value) => {
        inFlight.delete(key);
        const entry = { value, readAt: now() };
        if (value === undefined) {
          known.delete(key);
          if (options.unknownTtlMs > 0) remember(unknown, maxUnknown, key, entry);
        } else {
          unknown.delete(key);
          if (options.ttlMs > 0) remember(known, maxEntries, key, entry);
        }
        return value;
      },
      (error: unknown) => {
        inFlight.delete(key);
        throw error;
      },
    );
    inFlight.set(key, flight);
    return flight;
  };

  const cached = (key: string): Entry<T> | undefined => {
    const entry = known.get(key);
    if (entry && now() - entry.readAt < options.ttlMs) {
      // Touched: the least recently used client is the one a full cache drops.
      known.delete(key);
      known.set(key, entry);
      return entry;
    }
    const missing = unknown.get(key);
    if (missing && now() - missing.readAt < options.unknownTtlMs) return missing;
    return undefined;
  };

  return {
    get: (key) => {
      const entry = cached(key);
      return entry ? Promise.resolve(entry.value) : read(key);
    },
    refetch: async (key) => {
      if (inFlight.has(key)) return read(key);
      const last = known.get(key) ?? unknown.get(key);
      const early = last ? last.readAt + options.minRefetchMs - now() : 0;
      if (early > 0) {
        await new Promise((resolve) => setTimeout(resolve, early));
        // Another waiter may be reading, or have read, meanwhile: that read is fresh enough.
        if (inFlight.has(key)) return read(key);
        const newer = known.get(key) ?? unknown.get(key);
        if (newer && newer !== last) return newer.value;
      }
      return read(key);
    },
  };
}
