/**
 * Runs `serverless offline` (osls + serverless-offline) in a folder on free ports, for tests that need a
 * real Lambda Invoke API. Output is kept in memory and shown only when startup fails.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freePorts } from "./ports";
import { captureStream } from "./redaction-registry";

const REPO = join(__dirname, "..", "..");
const SERVERLESS = join(REPO, "node_modules", "osls", "bin", "serverless.js");

export interface Offline {
  lambdaEndpoint: string;
  httpPort: number;
  lambdaPort: number;
  stop(): Promise<void>;
}

export interface OfflineOptions {
  cwd: string;
  env?: Record<string, string>;
  /** The Lambda Invoke API port; a free one when absent. */
  lambdaPort?: number;
  startTimeoutMs?: number;
}

export async function startOffline(options: OfflineOptions): Promise<Offline> {
  const [httpPort = 0, websocketPort = 0, freeLambdaPort = 0] = await freePorts(3);
  const lambdaPort = options.lambdaPort ?? freeLambdaPort;
  const args = [
    SERVERLESS,
    "offline",
    "--host",
    "127.0.0.1",
    "--httpPort",
    String(httpPort),
    "--lambdaPort",
    String(lambdaPort),
    "--websocketPort",
    String(websocketPort),
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (/\[http for lambda\] listening on/.test(output)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    captureStream("offline", child.stdout);
    captureStream("offline", child.stderr);
    child.once("exit", (code) => reject(new Error(`serverless offline exited (${code}):\n${output}`)));
    setTimeout(
      () => reject(new Error(`serverless offline not ready:\n${output}`)),
      options.startTimeoutMs ?? 60_000,
    );
  });
  try {
    await ready;
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
    httpPort,
    lambdaPort,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGINT");
  });
}
