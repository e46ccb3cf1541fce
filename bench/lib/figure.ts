/**
 * One bench figure: a measured value beside a baseline measured in the same run, their ratio, and the
 * issue's target. A target is never loosened: a figure that misses it is reported as MISSED.
 */

export interface Target {
  /** What the limit applies to: the ratio to the baseline, or the value itself. */
  of: "ratio" | "value";
  op: "<=" | ">=" | "<";
  limit: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** What the baseline is, in a few words. */
  baselineName?: string;
  ratio: number | null;
  target: string | null;
  /** null when the figure has no target. */
  pass: boolean | null;
  /** Extra measured detail (samples, shares, errors) for results.json. */
  detail?: Record<string, unknown>;
  /** Set when the figure could not be measured. */
  error?: string;
}

export interface FigureInput {
  name: string;
  value: number;
  unit: string;
  baseline?: number | null;
  baselineName?: string;
  /** The ratio when measured otherwise than value/baseline (the median of paired ratios); else computed. */
  ratio?: number;
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

export function figure(input: FigureInput): Figure {
  const baseline = input.baseline ?? null;
  const ratio = input.ratio ?? (baseline !== null && baseline !== 0 ? input.value / baseline : null);
  const target = input.target;
  let pass: boolean | null = null;
  if (target) pass = meets(target.of === "ratio" ? (ratio ?? Number.NaN) : input.value, target);
  return {
    name: input.name,
    value: input.value,
    unit: input.unit,
    baseline,
    ...(input.baselineName ? { baselineName: input.baselineName } : {}),
    ratio,
    target: target ? describeTarget(target) : null,
    pass,
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
    target: target ? describeTarget(target) : null,
    pass: target ? false : null,
    error: message.split("\n")[0]?.slice(0, 200) ?? "error",
  };
}
