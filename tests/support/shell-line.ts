/**
 * Runs a line of the docs through a real shell (`bash -c LINE`) in the repository, as a reader who pastes
 * it does: with none of the suite's `AWS_*` variables (a doc that needs one must set it), and with `npm ci`
 * turned into `npm ci --dry-run`, which checks that package-lock.json installs package.json as written
 * but leaves the installed node_modules alone (a real reinstall would pull them from under the running
 * suite; `.ci/run` does the real one on a fresh clone).
 *
 * @example
 * const { code, stdout } = await runShellLine("npm run seed -- --count 3 --data /tmp/x");
 * const running = startShellLine("npm start -- --in-memory"); // a long-running line; running.stop()
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandResult } from "./npm-command";
import { REPO } from "./paths";
import { captureStream } from "./redaction-registry";

let shimFolder: string | undefined;

/** A folder holding an `npm` that runs the real one, `ci` as `ci --dry-run`. */
function npmShim(): string {
  if (shimFolder) return shimFolder;
  const realNpm = execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  shimFolder = mkdtempSync(join(tmpdir(), "doc-npm-"));
  const script = `#!/usr/bin/env bash\nif [ "$1" = ci ]; then shift; exec "${realNpm}" ci --dry-run "$@"; fi\nexec "${realNpm}" "$@"\n`;
  writeFileSync(join(shimFolder, "npm"), script);
  chmodSync(join(shimFolder, "npm"), 0o755);
  return shimFolder;
}

/** The environment a reader's shell has: the suite's own AWS settings removed, the npm shim first. */
function readerEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  // Node 20's notice about the SDK's supported versions is not the doc's concern.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  return { ...env, PATH: `${npmShim()}:${process.env.PATH ?? ""}`, ...extra };
}

export interface ShellLine {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Ctrl-C to the line's whole process group, as a terminal sends it; SIGKILL after `killAfterMs`. */
  stop(killAfterMs?: number): Promise<void>;
}

interface LineOptions {
  env?: Record<string, string>;
  /** false for a line whose stdout shows a credential on purpose: only its stderr is checked for leaks. */
  captureStdout?: boolean;
  /** Hands both streams to the redaction check in place of the default (npm start's banner shows the token). */
  capture?: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => void;
}

/** Starts `line` in its own process group. */
export function startShellLine(line: string, options: LineOptions = {}): ShellLine {
  const child = spawn("bash", ["-c", line], {
    cwd: REPO,
    env: readerEnvironment(options.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (options.capture) options.capture(child.stdout, child.stderr);
  else {
    if (options.captureStdout !== false) captureStream("doc-line", child.stdout);
    captureStream("doc-line", child.stderr);
  }
  let output = "";
  for (const stream of [child.stdout, child.stderr])
    stream.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  return {
    child,
    output: () => output,
    async stop(killAfterMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup("SIGINT");
      const timer = setTimeout(() => signalGroup("SIGKILL"), killAfterMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs `line` to its end; its exit code and output. The whole group is killed after `timeoutMs`. */
export async function runShellLine(
  line: string,
  options: LineOptions & { timeoutMs?: number } = {},
): Promise<CommandResult> {
  const running = startShellLine(line, options);
  let stdout = "";
  let stderr = "";
  running.child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  running.child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      void running.stop(0);
      reject(new Error(`"${line}" did not end within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    running.child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, stdout, stderr };
}
