/**
 * Repeats a measurement and keeps the median, so one slow run (a GC, a neighbour's test) does not make
 * the figure.
 *
 * @example
 * const { median } = await measure(async () => timeOneStart(), { runs: 5, warmup: 1 });
 */
import { median } from "./stats";

export const MIN_RUNS = 5;

export interface MeasureOptions {
  /** At least MIN_RUNS; fewer is raised to it. */
  runs?: number;
  /** Runs made first and thrown away (caches, JIT). */
  warmup?: number;
}

export interface Measured {
  median: number;
  samples: number[];
}

/** Runs `sample` (which returns one measured number) `warmup` + `runs` times; the median of the kept runs. */
export async function measure(
  sample: () => Promise<number> | number,
  options: MeasureOptions = {},
): Promise<Measured> {
  const runs = Math.max(options.runs ?? MIN_RUNS, MIN_RUNS);
  for (let i = 0; i < (options.warmup ?? 0); i += 1) await sample();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await sample());
  return { median: median(samples), samples };
}

export interface PairMeasured {
  subject: Measured;
  baseline: Measured;
  /** The median of the per-pair ratios subject/baseline: robust against load that drifts during the run. */
  ratio: number;
}

/**
 * Measures a subject and its baseline in alternation (baseline, subject, baseline, subject, ...) so that
 * drift in the machine's load affects both alike.
 */
export async function measurePair(
  subject: () => Promise<number> | number,
  baseline: () => Promise<number> | number,
  options: MeasureOptions = {},
): Promise<PairMeasured> {
  const runs = Math.max(options.runs ?? MIN_RUNS, MIN_RUNS);
  for (let i = 0; i < (options.warmup ?? 0); i += 1) {
    await baseline();
    await subject();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    b.push(await baseline());
    a.push(await subject());
  }
  return {
    subject: { median: median(a), samples: a },
    baseline: { median: median(b), samples: b },
    ratio: median(a.map((value, i) => value / (b[i] as number))),
  };
}
