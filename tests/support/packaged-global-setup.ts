/**
 * vitest globalSetup for the packaged templates (tests/support/packaged.ts): one run folder, published to
 * every worker through env PACKAGED_RUN_DIR, so each configuration is packaged once per run; removed after.
 * Packaging itself happens on first use, so a run of unrelated test files pays nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_DIR_ENV } from "./packaged";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "packaged-run-"));
  process.env[RUN_DIR_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
