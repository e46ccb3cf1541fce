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
