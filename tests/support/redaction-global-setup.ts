/**
 * vitest globalSetup for the suite-wide redaction check: makes a run folder, publishes it to every worker
 * through env REDACTION_RUN_DIR, and after the whole run scans it (redaction-scan.ts), failing the run on
 * any registered secret value found in a captured log line. Enable it in vitest.config.mts:
 * `globalSetup: ["tests/support/redaction-global-setup.ts"]`.
 * `KEEP_REDACTION_LOGS=1` keeps the folder (it is kept anyway when a leak is found).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_DIR_ENV } from "./redaction-registry";
import { scanRunDir } from "./redaction-scan";

export default function setup(): () => void {
  const runDir = mkdtempSync(join(tmpdir(), "redaction-run-"));
  process.env[RUN_DIR_ENV] = runDir;
  return () => {
    const result = scanRunDir(runDir);
    const summary = `redaction check: ${result.secrets} registered values, ${result.lines} log lines in ${result.files} files`;
    if (result.leaks.length > 0) {
      const where = result.leaks
        .slice(0, 20)
        .map((leak) => `  ${leak.file}:${leak.line} ${leak.fingerprint}`)
        .join("\n");
      process.exitCode = 1;
      throw new Error(`${summary}: ${result.leaks.length} LEAKS (folder kept: ${runDir})\n${where}`);
    }
    process.stdout.write(`${summary}: no leak\n`);
    if (process.env.KEEP_REDACTION_LOGS !== "1") rmSync(runDir, { recursive: true, force: true });
  };
}
