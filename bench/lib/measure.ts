/**
 * Repeated measurements whose medians settle. A figure and its baseline are measured in alternation
 * (A B, B A, A B, ...: each pair's two runs side by side, neither always first), so that a change in the
 * machine's load falls on both alike; the figure's ratio is the median of the per-pair ratios. After the
 * first `runs` samples, more are taken while the spread (a 95% confidence interval of the median,
 * stats.ts) still straddles the figure's target, or, without a target, is wider than 5% of the median,
 * up to `maxRuns`, within `extraMs` and a shared time `pool` (the whole bench's, EXTRA_TIME, by default).
 *
 * @example
 * const startup = await measurePair(() => timeStart(large), () => timeStart(empty), {
 *   warmup: 1, target: { of: "value", op: "<", limit: 1000 }, maxRuns: 15, extraMs: 5_000,
 * });
 */
import { type Target, verdictOf } from "./figure";
import { type Interval, median, medianInterval } from "./stats";

export const MIN_RUNS = 5;
/** Without a target, a spread narrower than this share of its median has settled. */
const SETTLED_WIDTH = 0.05;

export type Sampler = () => Promise<number> | number;

export interface MeasureOptions {
  /** The samples always taken; at least MIN_RUNS (fewer is raised to it). */
  runs?: number;
  /** Runs made first and thrown away (caches, JIT). */
  warmup?: number;
  /** The most samples taken while the spread has not settled; `runs` when absent (no extension). */
  maxRuns?: number;
  /** The most time spent on samples past `runs`, in ms (no cap when absent). */
  extraMs?: number;
  /** The time pool the samples past `runs` draw from; the whole bench's (EXTRA_TIME) by default. */
  pool?: TimeBudget;
  /** What the figure is judged against: sampling goes on while the spread straddles it. */
  target?: Target;
}

export interface Measured {
  median: number;
  samples: number[];
  spread: Interval;
}

export interface PairMeasured {
  subject: Measured;
  baseline: Measured;
  /** The median of the per-pair ratios subject/baseline: robust against load that drifts during the run. */
  ratio: number;
  ratios: number[];
  ratioSpread: Interval;
}

/** Whether `samples` have settled: their spread is on one side of `target`, or narrow enough. */
export function settled(samples: readonly number[], target?: Target): boolean {
  const spread = medianInterval(samples);
  if (target && verdictOf(spread, target) !== "inconclusive") return true;
  const center = Math.abs(median(samples));
  // At the target itself the spread never leaves it: stop once it is very narrow.
  const width = target ? SETTLED_WIDTH / 5 : SETTLED_WIDTH;
  return center > 0 && (spread.high - spread.low) / center <= width;
}

/**
 * Runs every sampler once per round, in an order that reverses each round (A B C, C B A, ...), for at
 * least `runs` rounds and, while `isSettled` says no, up to `maxRuns` rounds within `extraMs` and the
 * `pool`.
 * Returns each sampler's samples, in round order.
 */
export async function interleave(
  samplers: readonly Sampler[],
  options: MeasureOptions,
  isSettled: (samples: number[][]) => boolean,
): Promise<number[][]> {
  const runs = Math.max(options.runs ?? MIN_RUNS, MIN_RUNS);
  const maxRuns = Math.max(options.maxRuns ?? runs, runs);
  const order = (round: number) =>
    round % 2 === 0 ? samplers.map((_, i) => i) : samplers.map((_, i) => i).reverse();
  for (let round = 0; round < (options.warmup ?? 0); round += 1)
    for (const i of order(round)) await samplers[i]?.();
  const samples: number[][] = samplers.map(() => []);
  const pool = options.pool ?? EXTRA_TIME;
  let extra = 0;
  for (let round = 0; round < maxRuns; round += 1) {
    if (round >= runs) {
      if (isSettled(samples)) break;
      if (extra >= (options.extraMs ?? Number.POSITIVE_INFINITY) || pool.remaining() <= 0) break;
    }
    const started = performance.now();
    for (const i of order(round)) samples[i]?.push(await (samplers[i] as Sampler)());
    if (round >= runs) {
      const spent = performance.now() - started;
      extra += spent;
      pool.spend(spent);
    }
  }
  return samples;
}

/**
 * Time for samples beyond the first `runs`, shared by figures so the whole bench keeps to its few
 * minutes: figures that settle early leave more to those that straddle their targets. A budget made
 * inside another (`parent`) has at most what its parent has left, and spends from it too.
 *
 * @example
 * const section = new TimeBudget(30_000, EXTRA_TIME);
 * await measurePair(a, b, { target, maxRuns: 13, extraMs: 4_000, pool: section });
 */
export class TimeBudget {
  private left: number;

  constructor(
    ms: number,
    private readonly parent?: TimeBudget,
  ) {
    this.left = ms;
  }

  remaining(): number {
    return Math.min(this.left, this.parent?.remaining() ?? Number.POSITIVE_INFINITY);
  }

  spend(ms: number): void {
    this.left -= ms;
    this.parent?.spend(ms);
  }
}

/** Measures one thing repeatedly; its median and spread. */
export async function measure(sample: Sampler, options: MeasureOptions = {}): Promise<Measured> {
  const target = options.target?.of === "value" ? options.target : undefined;
  const [samples = []] = await interleave([sample], options, ([values = []]) => settled(values, target));
  return measured(samples);
}

/**
 * Measures a subject and its baseline in alternation; more pairs while the spread of what `target` is
 * about (the ratio, or the subject's value) has not settled.
 */
export async function measurePair(
  subject: Sampler,
  baseline: Sampler,
  options: MeasureOptions = {},
): Promise<PairMeasured> {
  const [a = [], b = []] = await interleave([subject, baseline], options, ([a = [], b = []]) =>
    options.target?.of === "value" ? settled(a, options.target) : settled(ratiosOf(a, b), options.target),
  );
  return pairMeasured(a, b);
}

export function ratiosOf(subject: readonly number[], baseline: readonly number[]): number[] {
  return subject.map((value, i) => value / (baseline[i] as number));
}

export function measured(samples: number[]): Measured {
  return { median: median(samples), samples, spread: medianInterval(samples) };
}

export function pairMeasured(subject: number[], baseline: number[]): PairMeasured {
  const ratios = ratiosOf(subject, baseline);
  return {
    subject: measured(subject),
    baseline: measured(baseline),
    ratio: median(ratios),
    ratios,
    ratioSpread: medianInterval(ratios),
  };
}

/**
 * The time all figures' samples past their first `runs` draw from, together: with it the whole bench
 * stays within about a minute of its base cost (under 5 minutes on 2 quiet cores).
 */
export const EXTRA_TIME = new TimeBudget(60_000);
