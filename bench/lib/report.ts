/** Prints the one bench table and writes `bench/results.json`. */
import { writeFileSync } from "node:fs";
import type { Figure } from "./figure";

function format(value: number | null): string {
  if (value === null) return "-";
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function verdict(figure: Figure): string {
  if (figure.error) return figure.pass === false ? "MISSED (error)" : "ERROR";
  if (figure.pass === null) return "";
  return figure.pass ? "ok" : "MISSED";
}

export function renderTable(figures: readonly Figure[]): string {
  const header = ["figure", "value", "unit", "baseline", "ratio", "target", "result"];
  const rows = figures.map((f) => [
    f.name,
    format(f.value),
    f.unit,
    f.baseline === null ? "-" : `${format(f.baseline)}${f.baselineName ? ` (${f.baselineName})` : ""}`,
    f.ratio === null ? "-" : format(f.ratio),
    f.target ?? "-",
    verdict(f),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  for (const f of figures) if (f.error) out.push(`! ${f.name}: ${f.error}`);
  return out.join("\n");
}

export function writeResults(file: string, figures: readonly Figure[], meta: Record<string, unknown>): void {
  const json = figures.map((f) => ({ ...f, value: Number.isFinite(f.value) ? f.value : null }));
  writeFileSync(file, `${JSON.stringify({ ...meta, figures: json }, null, 2)}\n`);
}
