/**
 * Every Secrets Manager call the audit makes goes through here: it waits for its operation's rate limiter,
 * retries throttling with jittered backoff (within the deadline), and is counted, so a report can say
 * exactly how many calls a run made.
 */
import { type BackoffOptions, withBackoff } from "./backoff.js";
import type { Deadline } from "./deadline.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";

/** The operations the audit calls. */
export type AuditOperation =
  | "ListSecrets"
  | "ListSecretVersionIds"
  | "RotateSecret"
  | "GetSecretValue"
  | "PutSecretValue"
  | "CreateSecret";

/** Requests per second per operation; AWS's quotas are ListSecrets 100, RotateSecret 50, ListSecretVersionIds 50. */
export type RateLimits = Partial<Record<AuditOperation, number>>;

export interface AuditCalls {
  /**
   * @example
   * const page = await calls.run("ListSecrets", () => listSecrets({ namePrefix }, { client }));
   */
  run<T>(operation: AuditOperation, call: () => Promise<T>): Promise<T>;
  /** Attempts per operation so far (retries included) and retries per operation. */
  counts(): { attempts: Record<string, number>; retries: Record<string, number> };
}

export interface AuditCallsOptions {
  limits: RateLimits;
  backoff: Omit<BackoffOptions, "canWait" | "onRetry">;
  deadline: Deadline;
}

export function createAuditCalls(options: AuditCallsOptions): AuditCalls {
  const limiters = new Map<AuditOperation, RateLimiter>();
  const attempts: Record<string, number> = {};
  const retries: Record<string, number> = {};
  const limiterFor = (operation: AuditOperation): RateLimiter | undefined => {
    const perSecond = options.limits[operation];
    if (!perSecond) return undefined;
    let limiter = limiters.get(operation);
    if (!limiter) {
      limiter = createRateLimiter({ perSecond });
      limiters.set(operation, limiter);
    }
    return limiter;
  };
  return {
    run(operation, call) {
      const limiter = limiterFor(operation);
      return withBackoff(
        async () => {
          await limiter?.take();
          attempts[operation] = (attempts[operation] ?? 0) + 1;
          return call();
        },
        {
          ...options.backoff,
          canWait: options.deadline.canWait,
          onRetry: () => {
            retries[operation] = (retries[operation] ?? 0) + 1;
          },
        },
      );
    },
    counts: () => ({ attempts: { ...attempts }, retries: { ...retries } }),
  };
}
