/**
 * The local endpoint as its own process (`node --import tsx local/cli.ts --port 0 --data DIR --quiet`,
 * which is `tsx local/cli.ts` without tsx's extra wrapper process, so the pid is the endpoint's own), timed
 * from spawn to its `listening on` line; its peak RSS read from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const REPO = join(__dirname, "..", "..");

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
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO, "local", "cli.ts"), "--port", "0", "--data", dataDir, "--quiet"],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } },
  );
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`endpoint did not start in 30 s: ${stderr}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`endpoint exited (${code}) before listening: ${stderr}`));
    });
  });
  const startupMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return { url, pid, startupMs, peakRssMiB: () => peakRssMiB(pid), stop: () => stopChild(child) };
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

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
