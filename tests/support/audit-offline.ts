/**
 * `serverless offline` for the scheduled family's e2e test, like `offline.ts` but keeping the functions'
 * output readable, since on-rotation-event's records are log lines.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePorts } from "./ports";
import { captureStream } from "./redaction-registry";

const REPO = join(__dirname, "..", "..");
const SERVERLESS = join(REPO, "node_modules", "osls", "bin", "serverless.js");

export interface WatchedOffline {
  lambdaEndpoint: string;
  /** Every JSON line the functions wrote so far, parsed. */
  jsonLines(): Record<string, unknown>[];
  stop(): Promise<void>;
}

export async function startWatchedOffline(
  lambdaPort: number,
  env: Record<string, string>,
): Promise<WatchedOffline> {
  const [httpPort = 0, websocketPort = 0] = await freePorts(2);
  const child = spawn(
    process.execPath,
    [
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
    ],
    {
      cwd: REPO,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serverless offline not ready:\n${output.slice(-4_000)}`)),
      150_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (/\[http for lambda\] listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    captureStream("audit-offline", child.stdout);
    captureStream("audit-offline", child.stderr);
    void exited.then(() => reject(new Error(`serverless offline exited:\n${output.slice(-4_000)}`)));
  });
  return {
    lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
    jsonLines: () =>
      output
        .split("\n")
        .map((line) => line.slice(line.indexOf("{")))
        .filter((line) => line.startsWith("{"))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.kill("SIGINT");
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
