/**
 * The console `npm start` runs: built for its own API into a folder of that run and served on its own
 * port by local/console-server.ts, offering the local rotation functions. The API must allow the
 * console's origins (`consoleOrigins(port)`) in `CONSOLE_ORIGINS` when `serverless offline` starts.
 *
 * @example
 * const origins = consoleOrigins(3001);                      // pass to offline: CONSOLE_ORIGINS=origins.join(",")
 * const outDir = mkdtempSync(join(tmpdir(), "console-"));
 * const consoleServer = await startLocalConsole({ apiUrl: "http://127.0.0.1:3000", port: 3001, outDir });
 * console.log(`Console: ${consoleServer.url}`);
 * await consoleServer.close();
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type ConsoleServer, startConsoleServer } from "./console-server";
import { localFunctionArn } from "./local-functions";

const REPO = join(__dirname, "..");

/** The origins a console on `port` is opened from: `127.0.0.1` and `localhost`. */
export function consoleOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** This service's rotation functions (serverless/rotation-functions.yml), as `serverless offline` names them. */
export function localRotationFunctionArns(): string[] {
  const functions = parse(readFileSync(join(REPO, "serverless", "rotation-functions.yml"), "utf8")) as object;
  return Object.keys(functions).map((name) => localFunctionArn(name));
}

export interface LocalConsoleOptions {
  /** The API the console calls (`http://127.0.0.1:<http port>`). */
  apiUrl: string;
  /** The console's port; 0 picks a free one. */
  port: number;
  /** Where the build goes (emptied first): a folder of this console's own. */
  outDir: string;
}

/** Builds the console for `apiUrl` and serves it on `port` (127.0.0.1). */
export async function startLocalConsole(options: LocalConsoleOptions): Promise<ConsoleServer> {
  // Vite loads here, not with this module: npm start has spawned serverless offline by then, so loading
  // it overlaps offline's start instead of delaying it.
  const { buildConsole } = await import("../console/build.js");
  const { outDir } = await buildConsole({
    apiUrl: options.apiUrl,
    outDir: options.outDir,
    rotationFunctionArns: localRotationFunctionArns(),
    quiet: true,
  });
  return startConsoleServer({ root: outDir, port: options.port });
}
