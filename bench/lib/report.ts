/** Prints the one bench table and writes `bench/results.json`. */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import type { Figure, Verdict } from "./figure";
import { SPREAD_CONFIDENCE } from "./stats";

function format(value: number | null): string {
  if (value === null) return "-";
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const VERDICT_TEXT: Record<Verdict, string> = { ok: "ok", missed: "MISSED", inconclusive: "inconclusive" };

function verdict(figure: Figure): string {
  if (figure.error) return figure.verdict === "missed" ? "MISSED (error)" : "ERROR";
  return figure.verdict === null ? "" : VERDICT_TEXT[figure.verdict];
}

/** `1.05–1.19` for a ratio's spread; `280–320 ms` for a value's. */
function spreadText(figure: Figure): string {
  if (!figure.spread) return "-";
  const range = `${format(figure.spread.low)}–${format(figure.spread.high)}`;
  return figure.spreadOf === "value" ? `${range} ${figure.unit}` : range;
}

export function renderTable(figures: readonly Figure[]): string {
  const header = ["figure", "value", "unit", "baseline", "ratio", "spread", "n", "target", "result", "load"];
  const rows = figures.map((f) => [
    f.name,
    format(f.value),
    f.unit,
    f.baseline === null ? "-" : `${format(f.baseline)}${f.baselineName ? ` (${f.baselineName})` : ""}`,
    f.ratio === null ? "-" : format(f.ratio),
    spreadText(f),
    f.samples === null ? "-" : String(f.samples),
    f.target ?? "-",
    verdict(f),
    f.load === undefined ? "" : f.load.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const right = new Set([1, 4, 6, 9]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  out.push(
    "",
    `spread: where the median lies with ${SPREAD_CONFIDENCE * 100}% confidence (order statistics of the n samples;`,
    "of the per-pair ratios for a ratio, a figure and its baseline measured in alternation), for what the",
    "target is about; ok / MISSED: the whole spread meets / misses the target; inconclusive: it straddles it.",
    `load: the machine's mean 1-minute load average during the section, on ${cpus().length} cores (the bench itself`,
    "accounts for 1 to 2); more means other work shared the cores and moved the figures.",
  );
  for (const f of figures) if (f.error) out.push(`! ${f.name}: ${f.error}`);
  return out.join("\n");
}

/** `N figures: X ok, Y MISSED, Z inconclusive`. */
export function summary(figures: readonly Figure[]): string {
  const count = (verdict: Verdict) => figures.filter((f) => f.verdict === verdict).length;
  return `${figures.length} figures: ${count("ok")} ok, ${count("missed")} MISSED, ${count("inconclusive")} inconclusive`;
}

export function writeResults(file: string, figures: readonly Figure[], meta: Record<string, unknown>): void {
  const json = figures.map((f) => ({ ...f, value: Number.isFinite(f.value) ? f.value : null }));
  writeFileSync(file, `${JSON.stringify({ ...meta, figures: json }, null, 2)}\n`);
}
