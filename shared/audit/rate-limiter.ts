/**
 * A token bucket per operation, so the audit stays under Secrets Manager's request quotas (ListSecrets
 * 100/s, RotateSecret 50/s, ...) however many calls run at once. Tokens may go negative: each caller
 * reserves the next free slot and sleeps until it comes, so waiting callers keep their order.
 */

export interface RateLimiter {
  /** Resolves when one more call may be made. */
  take(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Calls per second, sustained. */
  perSecond: number;
  /** Calls allowed at once after a quiet spell; `perSecond` by default. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * @example
 * const limiter = createRateLimiter({ perSecond: 50 });
 * await limiter.take(); // then call RotateSecret
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const capacity = options.burst ?? options.perSecond;
  const now = options.now ?? (() => performance.now());
  const wait = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let tokens = capacity;
  let refilledAt = now();
  return {
    async take() {
      const at = now();
      tokens = Math.min(capacity, tokens + ((at - refilledAt) * options.perSecond) / 1000);
      refilledAt = at;
      tokens -= 1;
      if (tokens >= 0) return;
      await wait((-tokens * 1000) / options.perSecond);
    },
  };
}
