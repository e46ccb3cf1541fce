/**
 * Stops a child process: sends `signal`, and SIGKILL when it has not exited after `killAfterMs`. Resolves
 * once it has exited (at once when it already had).
 *
 * @example
 * await stopChild(child);            // SIGINT, as `serverless offline` wants it
 * await stopChild(child, "SIGTERM"); // the local endpoint's CLI
 */
import type { ChildProcess } from "node:child_process";

export function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGINT",
  killAfterMs = 5_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
