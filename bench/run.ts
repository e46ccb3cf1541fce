/**
 * `npm run bench [-- SECTION ...]`: measures every performance figure of issue 6, prints one table and
 * writes `bench/results.json`. Each figure's verdict is ok, MISSED or inconclusive by where its spread lies
 * against its target (lib/figure.ts); the run still exits 0 (the bench reports, it does not gate). The
 * machine's load during each section is printed beside its figures: other work on the cores moves the
 * figures, and says how far to trust a run. Sections: see SECTIONS; none named means all.
 */
import "./lib/env";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type Figure, failedFigure } from "./lib/figure";
import { renderTable, summary, writeResults } from "./lib/report";
import { SECTIONS } from "./sections";

/** Samples the 1-minute load average every second while a section runs; its mean. */
function watchLoad(): () => number {
  const samples = [loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), 1_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    return samples.reduce((sum, value) => sum + value, 0) / samples.length;
  };
}

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
      const load = watchLoad();
      let measured: Figure[];
      try {
        measured = await section.run(dir);
      } catch (error) {
        measured = [failedFigure(`${section.name} (section failed)`, "-", error)];
      }
      const meanLoad = load();
      figures.push(...measured.map((f) => ({ ...f, load: meanLoad })));
      process.stderr.write(
        `bench: ${section.name} done in ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s, ` +
          `load ${meanLoad.toFixed(1)}\n`,
      );
    }
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${renderTable(figures)}\n`);
  process.stdout.write(`\n${summary(figures)}, in ${seconds.toFixed(0)} s on ${cpus().length} cores\n`);
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
