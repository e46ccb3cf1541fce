/**
 * Retries a call that failed with a retryable SecretsError (ThrottlingException, service faults), waiting
 * a "full jitter" delay between attempts: a random share of an exponentially growing ceiling. Jitter spreads
 * concurrent callers apart so they do not all come back in the same millisecond and get throttled again.
 */
import { isSecretsError } from "../secrets/errors.js";

export interface BackoffOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Ceiling of the first delay; doubles each retry. */
  baseDelayMs: number;
  /** The ceiling never grows past this. */
  maxDelayMs: number;
  /** [0, 1); Math.random by default (tests pass a fixed one). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Whether there is time left to wait `ms` and try again; when not, the last error is thrown at once. */
  canWait?: (ms: number) => boolean;
  /** Told of each retry before its wait (for counting). */
  onRetry?: (attempt: number, delayMs: number, code: string) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The delay before retry number `retry` (1 for the first retry): uniform in [0, min(max, base * 2^(retry-1))).
 *
 * @example
 * jitteredDelay(3, { baseDelayMs: 100, maxDelayMs: 5_000, maxAttempts: 8 }, () => 0.5) // 200
 */
export function jitteredDelay(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `call`, retrying retryable failures with jittered exponential backoff.
 *
 * @example
 * const page = await withBackoff(() => listSecrets({ namePrefix: "app/" }), { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000 });
 */
export async function withBackoff<T>(call: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isSecretsError(error) || !error.retryable || attempt >= options.maxAttempts) throw error;
      const delay = jitteredDelay(attempt, options, options.random);
      if (options.canWait && !options.canWait(delay)) throw error;
      options.onRetry?.(attempt, delay, error.code);
      await wait(delay);
    }
  }
}
