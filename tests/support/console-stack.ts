/**
 * The console end to end for tests: the HTTP API stack (local endpoint + `serverless offline`,
 * tests/support/http-stack.ts) with CORS for the console's origin (`CONSOLE_ORIGINS`, both `127.0.0.1`
 * and `localhost` on the console's port), the console built for that API into a temporary folder, and
 * the console's static server (local/console-server.ts) on that port.
 *
 * @example
 * const stack = await startConsoleStack();
 * await stack.api.POST("/secrets", { body: { name: "app/x", value: { password: "p" } } });
 * await page.goto(stack.consoleUrl);
 * await stack.stop();
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSecretsApi, type SecretsApi } from "../../client";
import { buildConsole, type ConsoleBuild } from "../../console/build";
import { type ConsoleServer, startConsoleServer } from "../../local/console-server";
import { type HttpStack, localLambdaArn, startHttpStack } from "./http-stack";
import { freePort } from "./ports";

/** The rotation functions the test build's rotation form offers (serverless/rotation-functions.yml). */
export const ROTATION_FUNCTIONS = [
  "rotationGeneric",
  "rotationPostgresSingleUser",
  "rotationPostgresAlternatingUsers",
  "rotationMysqlSingleUser",
  "rotationMysqlAlternatingUsers",
];

export interface ConsoleStack {
  http: HttpStack;
  /** The typed client, signed in with the stack's token. */
  api: SecretsApi;
  build: ConsoleBuild;
  server: ConsoleServer;
  /** `http://127.0.0.1:<port>/`. */
  consoleUrl: string;
  /** The origins CORS allows (`http://127.0.0.1:<port>`, `http://localhost:<port>`). */
  consoleOrigins: string[];
  stop(): Promise<void>;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const consolePort = await freePort();
  const consoleOrigins = [`http://127.0.0.1:${consolePort}`, `http://localhost:${consolePort}`];
  const http = await startHttpStack({ env: { CONSOLE_ORIGINS: consoleOrigins.join(",") } });
  const outDir = mkdtempSync(join(tmpdir(), "console-build-"));
  let server: ConsoleServer | undefined;
  try {
    const build = await buildConsole({
      apiUrl: http.baseUrl,
      outDir,
      rotationFunctionArns: ROTATION_FUNCTIONS.map(localLambdaArn),
      quiet: true,
    });
    server = await startConsoleServer({ root: build.outDir, port: consolePort });
    const api = createSecretsApi({ baseUrl: http.baseUrl, token: http.token });
    const started = server;
    return {
      http,
      api,
      build,
      server,
      consoleUrl: server.url,
      consoleOrigins,
      stop: async () => {
        await started.close();
        await http.stop();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.close();
    await http.stop();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
}
