/**
 * `npm run bench [-- SECTION ...]`: measures every performance figure of issue 6, prints one table and
 * writes `bench/results.json`. Each figure's verdict is ok, MISSED or inconclusive by where its spread lies
 * against its target (lib/figure.ts); the run still exits 0 (the bench reports, it does not gate). The
 * machine's load during each section is printed beside its figures: other work on the cores moves the
 * figures, and says how far to trust a run. Sections: see SECTIONS; none named means all.
 *
 * On a terminal, stderr shows which section runs (one line rewritten in place) and a line per section
 * done, with its time and load; piped, stderr stays quiet and stdout holds the table and its summary line
 * alone (each section's time is in `bench/results.json`, `sectionSeconds`).
 */
import "./lib/env";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createProgress, parseCommandLine, runCommand, UsageError } from "../local/command-line";
import { type Figure, failedFigure } from "./lib/figure";
import { renderTable, summary, writeResults } from "./lib/report";
import { SECTIONS } from "./sections";

const USAGE = `usage: npm run bench [-- SECTION ...]

Measures every performance figure against a baseline measured in the same run, prints one table on
stdout and writes bench/results.json (README, Benchmarks). No SECTION runs them all.

  SECTION     one of ${SECTIONS.map((section) => section.name).join(", ")}
  -h, --help  this text

Progress on stderr when it is a terminal; nothing there when piped.
Exit codes: 0 measured (a MISSED figure is reported, not an error), 1 failed, 2 a bad command line.`;

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

/** The sections a command line names (all when none), in the bench's order; a UsageError for an unknown one. */
function sectionsNamed(argv: string[]): typeof SECTIONS {
  const { positionals: wanted } = parseCommandLine(argv, {}, { allowPositionals: true });
  const unknown = wanted.filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown section(s): ${unknown.join(", ")}; known: ${SECTIONS.map((s) => s.name).join(", ")}`,
    );
  }
  return SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
}

async function main(argv: string[]): Promise<void> {
  const sections = sectionsNamed(argv);
  const onTerminal = process.stderr.isTTY === true;
  const progress = createProgress("bench");
  const sectionSeconds: Record<string, number> = {};
  const workRoot = mkdtempSync(join(tmpdir(), "secrets-bench-"));
  const figures: Figure[] = [];
  const started = performance.now();
  try {
    for (const [index, section] of sections.entries()) {
      const sectionStarted = performance.now();
      progress.update(index, sections.length, `running ${section.name} · sections done`);
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
      const seconds = (performance.now() - sectionStarted) / 1000;
      sectionSeconds[section.name] = Number(seconds.toFixed(1));
      progress.done();
      if (onTerminal)
        process.stderr.write(
          `bench: ${section.name} done in ${seconds.toFixed(1)} s, ${measured.length} figures, load ${meanLoad.toFixed(1)}\n`,
        );
    }
  } finally {
    progress.done();
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
    sectionSeconds,
  });
}

// A stray background call of a measured library (a cache refresh after its endpoint closed) must not end
// the bench: it is reported and the run goes on.
process.on("unhandledRejection", (reason) => {
  process.stderr.write(
    `bench: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`,
  );
});

// Child processes and sockets must not keep the bench alive once the table is out.
runCommand("bench", USAGE, main, { exitWhenDone: true });
