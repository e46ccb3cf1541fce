/**
 * The local endpoint as its own process (`node --import tsx local/cli.ts --port 0 --data DIR --quiet`,
 * which is `tsx local/cli.ts` without tsx's extra wrapper process, so the pid is the endpoint's own), timed
 * from spawn to its `listening on` line; its peak RSS read from /proc.
 */
import { readFileSync } from "node:fs";
import { startCli } from "../../tests/support/cli-process";
import { stopChild } from "../../tests/support/stop-child";

export interface EndpointProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the `listening on` line. */
  startupMs: number;
  /** Peak resident set size so far (VmHWM), in MiB; NaN where /proc is missing. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

export async function spawnEndpoint(dataDir: string): Promise<EndpointProcess> {
  const started = performance.now();
  const { child, url } = await startCli(["--data", dataDir, "--quiet"]);
  const startupMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return { url, pid, startupMs, peakRssMiB: () => peakRssMiB(pid), stop: () => stopChild(child, "SIGTERM") };
}

export function peakRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
