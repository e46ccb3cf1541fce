/**
 * One bench figure: a measured value beside a baseline measured in the same run, their ratio, the spread
 * of what the target is about (a 95% confidence interval of its median, stats.ts), and the target.
 * A target is never loosened. The verdict follows the spread, not the median alone, so that it holds when
 * the bench runs again:
 * - `ok`: the whole spread meets the target;
 * - `missed`: the whole spread misses it;
 * - `inconclusive`: the spread straddles it (the median may sit on either side in another run).
 */
import type { Measured, PairMeasured } from "./measure";
import type { Interval } from "./stats";

export interface Target {
  /** What the limit applies to: the ratio to the baseline, or the value itself. */
  of: "ratio" | "value";
  op: "<=" | ">=" | "<";
  limit: number;
}

export type Verdict = "ok" | "missed" | "inconclusive";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** What the baseline is, in a few words. */
  baselineName?: string;
  ratio: number | null;
  /** The spread of what the target is about (the ratio, or the value), or of the ratio when no target. */
  spread: Interval | null;
  spreadOf: "ratio" | "value" | null;
  /** How many samples (pairs, for a ratio) the median and its spread come from. */
  samples: number | null;
  target: string | null;
  /** null when the figure has no target. */
  verdict: Verdict | null;
  /** Extra measured detail (samples, shares, errors) for results.json. */
  detail?: Record<string, unknown>;
  /** Set when the figure could not be measured. */
  error?: string;
  /** The machine's mean 1-minute load average while the figure's section ran (set by bench/run.ts). */
  load?: number;
}

export interface FigureInput {
  name: string;
  value: number;
  unit: string;
  baseline?: number | null;
  baselineName?: string;
  /** The ratio when measured otherwise than value/baseline (the median of paired ratios); else computed. */
  ratio?: number;
  /** The spread of the ratio's median (paired ratios). */
  ratioSpread?: Interval;
  /** The spread of the value's median. */
  valueSpread?: Interval;
  samples?: number;
  target?: Target;
  detail?: Record<string, unknown>;
}

export function describeTarget(target: Target): string {
  const op = target.op === "<=" ? "≤" : target.op === ">=" ? "≥" : "<";
  return `${target.of} ${op} ${target.limit}`;
}

function meets(actual: number, target: Target): boolean {
  if (!Number.isFinite(actual)) return false;
  if (target.op === "<=") return actual <= target.limit;
  if (target.op === "<") return actual < target.limit;
  return actual >= target.limit;
}

/**
 * The verdict of a spread against a target: ok when both ends meet it, missed when neither does.
 *
 * @example
 * verdictOf({ low: 1.02, high: 1.31, confidence: 0.95 }, { of: "ratio", op: "<=", limit: 1.25 }); // "inconclusive"
 */
export function verdictOf(spread: Interval, target: Target): Verdict {
  const low = meets(spread.low, target);
  const high = meets(spread.high, target);
  if (low && high) return "ok";
  if (!low && !high) return "missed";
  return "inconclusive";
}

export function figure(input: FigureInput): Figure {
  const baseline = input.baseline ?? null;
  const ratio = input.ratio ?? (baseline !== null && baseline !== 0 ? input.value / baseline : null);
  const target = input.target;
  const spread = target
    ? ((target.of === "value" ? input.valueSpread : input.ratioSpread) ?? null)
    : (input.ratioSpread ?? input.valueSpread ?? null);
  let verdict: Verdict | null = null;
  if (target) {
    const measured = target.of === "ratio" ? (ratio ?? Number.NaN) : input.value;
    verdict = spread ? verdictOf(spread, target) : meets(measured, target) ? "ok" : "missed";
  }
  return {
    name: input.name,
    value: input.value,
    unit: input.unit,
    baseline,
    ...(input.baselineName ? { baselineName: input.baselineName } : {}),
    ratio,
    spread,
    spreadOf: spread === null ? null : target?.of === "value" || !input.ratioSpread ? "value" : "ratio",
    samples: input.samples ?? null,
    target: target ? describeTarget(target) : null,
    verdict,
    ...(input.detail ? { detail: input.detail } : {}),
  };
}

/** A figure that could not be measured: it counts as missed when it has a target. */
export function failedFigure(name: string, unit: string, error: unknown, target?: Target): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name,
    value: Number.NaN,
    unit,
    baseline: null,
    ratio: null,
    spread: null,
    spreadOf: null,
    samples: null,
    target: target ? describeTarget(target) : null,
    verdict: target ? "missed" : null,
    error: message.split("\n")[0]?.slice(0, 200) ?? "error",
  };
}

/** The figure of a subject measured against its baseline (measurePair): medians, ratio and spreads. */
export function pairFigure(input: {
  name: string;
  unit: string;
  measured: PairMeasured;
  baselineName: string;
  target?: Target;
  detail?: Record<string, unknown>;
}): Figure {
  const { measured } = input;
  return figure({
    name: input.name,
    value: measured.subject.median,
    valueSpread: measured.subject.spread,
    unit: input.unit,
    baseline: measured.baseline.median,
    baselineName: input.baselineName,
    ratio: measured.ratio,
    ratioSpread: measured.ratioSpread,
    samples: measured.ratios.length,
    ...(input.target ? { target: input.target } : {}),
    detail: {
      samples: measured.subject.samples,
      baselineSamples: measured.baseline.samples,
      ...input.detail,
    },
  });
}

/** The figure of one measured series (measure): its median and spread. */
export function valueFigure(input: {
  name: string;
  unit: string;
  measured: Measured;
  baseline?: number;
  baselineName?: string;
  target?: Target;
  detail?: Record<string, unknown>;
}): Figure {
  return figure({
    name: input.name,
    value: input.measured.median,
    valueSpread: input.measured.spread,
    unit: input.unit,
    ...(input.baseline !== undefined ? { baseline: input.baseline } : {}),
    ...(input.baselineName ? { baselineName: input.baselineName } : {}),
    samples: input.measured.samples.length,
    ...(input.target ? { target: input.target } : {}),
    detail: { samples: input.measured.samples, ...input.detail },
  });
}
