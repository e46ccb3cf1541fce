/**
 * `npm run bench [-- SECTION ...]`: measures every performance figure of issue 6, prints one table and
 * writes `bench/results.json`. A figure that misses its target is printed as MISSED; the run still exits
 * 0 (the bench reports, it does not gate). Sections: see SECTIONS; none named means all.
 */
import "./lib/env";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { type Figure, failedFigure } from "./lib/figure";
import { renderTable, writeResults } from "./lib/report";
import { SECTIONS } from "./sections";

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const unknown = wanted.filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown section(s): ${unknown.join(", ")}; known: ${SECTIONS.map((s) => s.name).join(", ")}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const sections = SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
  const workRoot = mkdtempSync(join(tmpdir(), "secrets-bench-"));
  const figures: Figure[] = [];
  const started = performance.now();
  try {
    for (const section of sections) {
      const sectionStarted = performance.now();
      process.stderr.write(`bench: ${section.name}...\n`);
      const dir = mkdtempSync(join(workRoot, `${section.name}-`));
      try {
        figures.push(...(await section.run(dir)));
      } catch (error) {
        figures.push(failedFigure(`${section.name} (section failed)`, "-", error));
      }
      process.stderr.write(
        `bench: ${section.name} done in ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s\n`,
      );
    }
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${renderTable(figures)}\n`);
  const missed = figures.filter((f) => f.pass === false).length;
  process.stdout.write(
    `\n${figures.length} figures, ${missed} MISSED, in ${seconds.toFixed(0)} s on ${cpus().length} cores\n`,
  );
  writeResults(join(__dirname, "results.json"), figures, {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    seconds,
    sections: sections.map((s) => s.name),
  });
}

// A stray background call of a measured library (a cache refresh after its endpoint closed) must not end
// the bench: it is reported and the run goes on.
process.on("unhandledRejection", (reason) => {
  process.stderr.write(
    `bench: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`,
  );
});

main().then(
  // Child processes and sockets must not keep the bench alive once the table is out.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
