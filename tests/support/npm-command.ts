/**
 * Runs one of the project's commands exactly as the README writes it, `npm run <script> -- <args>`, in the
 * repository, and collects what it printed and how it exited (for the commands' own tests: --help, bad
 * flags, what they print).
 *
 * @example
 * const { code, stdout } = await npmRun("seed", ["--help"]);
 */
import { spawn } from "node:child_process";
import { REPO } from "./paths";
import { captureStream } from "./redaction-registry";

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function npmRun(
  script: string,
  args: string[],
  options: {
    env?: Record<string, string>;
    timeoutMs?: number;
    /**
     * false for a command whose stdout is a credential it prints on purpose (`clients add`'s `token:`
     * line): the redaction check then reads only its stderr.
     */
    captureStdout?: boolean;
  } = {},
): Promise<CommandResult> {
  // A process group of its own, so a timeout ends the command too, not only npm.
  const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
    cwd: REPO,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (options.captureStdout !== false) captureStream(`npm-run-${script}`, child.stdout);
  captureStream(`npm-run-${script}`, child.stderr);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
      reject(new Error(`npm run ${script} did not end within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, stdout, stderr };
}
