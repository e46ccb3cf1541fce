/** Order statistics for bench samples. */

/** The median of `samples` (the mean of the middle two for an even count); NaN when empty. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** The `p`-th percentile (0-100) by linear interpolation between the closest ranks; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (rank - low);
}

/** A range of values: where the median lies, with `confidence`. */
export interface Interval {
  low: number;
  high: number;
  /** The probability that the range holds the true median (at least the one asked for, when n allows). */
  confidence: number;
}

/** The confidence asked of every spread the bench prints. */
export const SPREAD_CONFIDENCE = 0.95;

/**
 * A distribution-free confidence interval for the median: the k-th smallest and k-th largest sample,
 * with k as large as the binomial law allows (each sample falls below the true median with probability
 * 1/2, whatever the distribution: no normality assumed, a slow outlier weighs one sample). With fewer
 * than 6 samples even [min, max] holds the median with less than 95% (5 samples: 93.75%); then
 * [min, max] is the interval, and its confidence says so.
 *
 * @example
 * medianInterval([9, 10, 10, 11, 12, 30]); // { low: 9, high: 30, confidence: 0.969 }
 */
export function medianInterval(samples: readonly number[], confidence = SPREAD_CONFIDENCE): Interval {
  const n = samples.length;
  if (n === 0) return { low: Number.NaN, high: Number.NaN, confidence: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  // P(X < k) for X ~ Binomial(n, 1/2): the chance the k-th smallest sample is above the median.
  const tail = (k: number) => {
    let sum = 0;
    let term = 0.5 ** n;
    for (let i = 0; i < k; i += 1) {
      sum += term;
      term = (term * (n - i)) / (i + 1);
    }
    return sum;
  };
  let k = 1;
  while (k + 1 <= Math.floor(n / 2) && 1 - 2 * tail(k + 1) >= confidence) k += 1;
  return { low: sorted[k - 1] as number, high: sorted[n - k] as number, confidence: 1 - 2 * tail(k) };
}
