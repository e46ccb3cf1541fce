/**
 * Runs `local/cli.ts` as a child process (`node --import tsx local/cli.ts ... --port 0`) and waits for
 * its `listening on http://HOST:PORT` line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./paths";
import { captureStream } from "./redaction-registry";

export interface CliProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote on stdout so far (the `listening on` line, and what follows it). */
  stdout(): string;
  /** Everything the process wrote on stderr so far (its request log). */
  stderr(): string;
  /** Sends `signal` and resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startCli(args: string[], env: Record<string, string> = {}): Promise<CliProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO, "local", "cli.ts"), "--port", "0", ...args],
    {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  captureStream("endpoint-cli", child.stdout);
  captureStream("endpoint-cli", child.stderr);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`endpoint did not start:\n${stderr}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`endpoint exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
