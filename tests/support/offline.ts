/**
 * Runs `serverless offline` (osls + serverless-offline) in a service folder on free ports: the one harness
 * for tests and benchmarks that need the HTTP API or the Lambda Invoke API served from real bundles. Each
 * instance builds into its own `ESBUILD_WORK_FOLDER` (removed on stop), so instances run side by side;
 * its output is kept in memory, copied to the redaction check's log folder, and shown when startup fails.
 *
 * @example
 * const offline = await startOffline({ env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: local.url } });
 * await fetch(`${offline.lambdaEndpoint}/2015-03-31/functions/${name}/invocations`, { method: "POST" });
 * await offline.stop();
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO, SERVERLESS_CLI } from "./paths";
import { freePorts } from "./ports";
import { captureStream } from "./redaction-registry";
import { stopChild } from "./stop-child";

/** The line that says a server is up: the Lambda Invoke API's, or the HTTP API's (not the ALB's). */
const READY_LINE = {
  lambda: /\[http for lambda\] listening on/,
  http: /(?<!ALB )Server ready:/,
} as const;

export interface Offline {
  /** `http://127.0.0.1:<lambdaPort>`: the Lambda Invoke API. */
  lambdaEndpoint: string;
  /** `http://127.0.0.1:<httpPort>`: the HTTP API. */
  baseUrl: string;
  httpPort: number;
  lambdaPort: number;
  /** Everything offline wrote so far, stdout and stderr. */
  output(): string;
  /** Stops offline (SIGINT, then SIGKILL) and removes its esbuild work folder. */
  stop(): Promise<void>;
}

export interface OfflineOptions {
  /** The service folder (where serverless.yml is); the repository root when absent. */
  cwd?: string;
  /** Added to this process's env, for offline and the functions it runs. */
  env?: Record<string, string>;
  /** The Lambda Invoke API port, when something must know it before offline starts; a free one when absent. */
  lambdaPort?: number;
  /** Which server's line means ready: the Lambda Invoke API's (the default) or the HTTP API's. */
  readyOn?: keyof typeof READY_LINE;
  startTimeoutMs?: number;
  /** The name offline's output is captured under for the redaction check. */
  captureAs?: string;
  /** Called with each piece of output (stdout or stderr) as it comes. */
  onOutput?(text: string): void;
}

export async function startOffline(options: OfflineOptions = {}): Promise<Offline> {
  const cwd = options.cwd ?? REPO;
  const [httpPort = 0, websocketPort = 0, albPort = 0, freeLambdaPort = 0] = await freePorts(4);
  const lambdaPort = options.lambdaPort ?? freeLambdaPort;
  const workFolder = `.esbuild/offline-${process.pid}-${randomBytes(4).toString("hex")}`;
  const ports = { httpPort, lambdaPort, websocketPort, albPort };
  const args = Object.entries(ports).flatMap(([name, port]) => [`--${name}`, String(port)]);
  const child = spawn(process.execPath, [SERVERLESS_CLI, "offline", "--host", "127.0.0.1", ...args], {
    cwd,
    env: {
      ...process.env,
      SLS_TELEMETRY_DISABLED: "1",
      SLS_NOTIFICATIONS_MODE: "off",
      ...options.env,
      ESBUILD_WORK_FOLDER: workFolder,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = async () => {
    await stopChild(child);
    rmSync(join(cwd, workFolder), { recursive: true, force: true });
  };

  let output = "";
  const readyLine = READY_LINE[options.readyOn ?? "lambda"];
  const ready = new Promise<void>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`serverless offline ${why}:\n${output.slice(-8_000)}`));
    const timer = setTimeout(() => fail("not ready"), options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      options.onOutput?.(text);
      if (readyLine.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    captureStream(options.captureAs ?? "offline", child.stdout);
    captureStream(options.captureAs ?? "offline", child.stderr);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`exited (${code})`);
    });
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
    baseUrl: `http://127.0.0.1:${httpPort}`,
    httpPort,
    lambdaPort,
    output: () => output,
    stop,
  };
}
