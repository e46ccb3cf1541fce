/**
 * The console end to end for tests: the HTTP API stack (local endpoint + `serverless offline`,
 * tests/support/http-stack.ts) with CORS for the console's origins (`CONSOLE_ORIGINS`: `127.0.0.1` and
 * `localhost` on the console's port), and the console as `npm start` runs it (local/local-console.ts):
 * built for that API into a temporary folder and served by local/console-server.ts on that port.
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
import type { ConsoleServer } from "../../local/console-server";
import { consoleOrigins, startLocalConsole } from "../../local/local-console";
import { type HttpStack, startHttpStack } from "./http-stack";
import { freePort } from "./ports";

export interface ConsoleStack {
  http: HttpStack;
  /** The typed client, signed in with the stack's token. */
  api: SecretsApi;
  server: ConsoleServer;
  /** `http://127.0.0.1:<port>/`. */
  consoleUrl: string;
  /** The origins CORS allows (`http://127.0.0.1:<port>`, `http://localhost:<port>`). */
  consoleOrigins: string[];
  stop(): Promise<void>;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const port = await freePort();
  const origins = consoleOrigins(port);
  const http = await startHttpStack({ env: { CONSOLE_ORIGINS: origins.join(",") } });
  const outDir = mkdtempSync(join(tmpdir(), "console-build-"));
  const removeBuild = () => rmSync(outDir, { recursive: true, force: true });
  let server: ConsoleServer;
  try {
    server = await startLocalConsole({ apiUrl: http.baseUrl, port, outDir });
  } catch (error) {
    await http.stop();
    removeBuild();
    throw error;
  }
  return {
    http,
    api: createSecretsApi({ baseUrl: http.baseUrl, token: http.token }),
    server,
    consoleUrl: server.url,
    consoleOrigins: origins,
    stop: async () => {
      await server.close();
      await http.stop();
      removeBuild();
    },
  };
}
