/**
 * The run's own deadline, from Lambda's `context.getRemainingTimeInMillis()`. Two thresholds: with less than
 * `safetyMarginMs` left no new secret is started; in-flight work may still retry until half the margin is
 * left, and that last half is kept for saving the cursor and writing the report.
 */
export interface Deadline {
  remainingMs(): number;
  /** Time to stop starting work. */
  shouldStop(): boolean;
  /** Whether waiting `ms` more (a backoff) still leaves the reserve for stopping cleanly. */
  canWait(ms: number): boolean;
}

/**
 * @example
 * const deadline = deadlineFrom(() => context.getRemainingTimeInMillis(), 5_000);
 * if (deadline.shouldStop()) saveCursor();
 */
export function deadlineFrom(remainingMs: () => number, safetyMarginMs: number): Deadline {
  return {
    remainingMs,
    shouldStop: () => remainingMs() <= safetyMarginMs,
    canWait: (ms) => remainingMs() - ms > safetyMarginMs / 2,
  };
}

/** A deadline that never comes (scripts, benchmarks). */
export const NO_DEADLINE: Deadline = {
  remainingMs: () => Number.POSITIVE_INFINITY,
  shouldStop: () => false,
  canWait: () => true,
};
