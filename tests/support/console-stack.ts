/**
 * The console end to end for tests: `npm start` itself (`node --import tsx local/start.ts`, as the
 * `start` script runs it), with a free port for each of its ports and `--in-memory`: the local endpoint,
 * `serverless offline` with CORS for the console's origins, and the console built for that API and served
 * on its own port. The token and the URLs are read from what it prints, as a user reads them.
 *
 * Its output goes to the suite's redaction check (`captureStream`), but for the two banner lines that show
 * the token on purpose (`API token:`, `Try: curl`); the token is registered as a secret, so no other line
 * (a function's log, an audit record) may hold it.
 *
 * @example
 * const stack = await startConsoleStack();
 * await stack.api.POST("/secrets", { body: { name: "app/x", value: { password: "p" } } });
 * await page.goto(stack.consoleUrl);
 * await stack.stop();
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createSecretsApi, type SecretsApi } from "../../client";
import { consoleOrigins } from "../../local/local-console";
import { npmRun } from "./npm-command";
import { REPO } from "./paths";
import { freePorts } from "./ports";
import { captureStream, rememberTestSecret } from "./redaction-registry";
import { stopChild } from "./stop-child";
import { waitFor } from "./wait";

export interface ConsoleStack {
  /** The typed client, signed in with the stack's token. */
  api: SecretsApi;
  /** The API token `npm start` printed. */
  token: string;
  /** The HTTP API's base URL as printed (`http://127.0.0.1:<port>`). */
  apiUrl: string;
  /** The console's URL as printed (`http://127.0.0.1:<port>/`). */
  consoleUrl: string;
  /** The origins CORS allows (`http://127.0.0.1:<port>`, `http://localhost:<port>`). */
  consoleOrigins: string[];
  /**
   * Adds an API client with `scopes` through `npm run clients -- add` against this stack, as a user
   * does; its token (remembered as a secret).
   */
  addClient(name: string, scopes: string[]): Promise<string>;
  /** Remembers a value that must never appear in a log line (the suite's redaction check). */
  rememberSecret(value: string): void;
  stop(): Promise<void>;
}

/** The banner lines that show the token on purpose. */
const TOKEN_LINES = /^(API token:|Try: curl)/;

/**
 * Captures `stream` of `npm start` for the redaction check line by line, leaving out the banner's token
 * lines (the doc-commands test runs it too).
 */
export function captureWithoutBanner(source: string, stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  const lines = new PassThrough();
  captureStream(source, lines);
  let partial = "";
  stream.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    const kept = parts.filter((line) => !TOKEN_LINES.test(line));
    if (kept.length > 0) lines.write(`${kept.join("\n")}\n`);
  });
  stream.on("end", () => {
    if (partial !== "" && !TOKEN_LINES.test(partial)) lines.write(partial);
    lines.end();
  });
}

/** A printed line's value: `<label> <value>`. */
function printed(output: string, label: string): string | undefined {
  return new RegExp(`^${label} (\\S+)`, "m").exec(output)?.[1];
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const [secretsPort = 0, httpPort = 0, lambdaPort = 0, consolePort = 0] = await freePorts(4);
  // offline's esbuild output for this run, apart from any other offline running at once.
  const workFolder = `.esbuild/console-stack-${process.pid}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(REPO, "local", "start.ts"),
      ...["--secrets-port", String(secretsPort), "--http-port", String(httpPort)],
      ...["--lambda-port", String(lambdaPort), "--console-port", String(consolePort)],
      "--in-memory",
    ],
    {
      cwd: REPO,
      env: { ...process.env, ESBUILD_WORK_FOLDER: workFolder },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
  captureWithoutBanner("console-stack-npm-start", child.stdout);
  captureWithoutBanner("console-stack-npm-start", child.stderr);

  const stop = async () => {
    await stopChild(child);
    rmSync(join(REPO, workFolder), { recursive: true, force: true });
  };
  try {
    // The last line of the banner: everything listens once it is out.
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      return /^Lambda invoke .*$/m.test(output) || undefined;
    }, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const token = printed(output, "API token:") ?? "";
  const apiUrl = printed(output, "API:") ?? "";
  const consoleUrl = printed(output, "Console:") ?? "";
  const endpointUrl = printed(output, "Local Secrets Manager endpoint:") ?? "";
  if (!token || !apiUrl || !consoleUrl || !endpointUrl) {
    await stop();
    throw new Error(`npm start printed no token, API, console or endpoint URL:\n${output}`);
  }
  rememberTestSecret(token);
  return {
    api: createSecretsApi({ baseUrl: apiUrl, token }),
    token,
    apiUrl,
    consoleUrl,
    consoleOrigins: consoleOrigins(consolePort),
    addClient: async (name, scopes) => {
      const scopeFlags = scopes.flatMap((scope) => ["--scope", scope]);
      const port = new URL(endpointUrl).port;
      const added = await npmRun("clients", ["add", name, ...scopeFlags, "--secrets-port", port], {
        captureStdout: false,
      });
      const clientToken = /^token: (\S+)$/m.exec(added.stdout)?.[1];
      if (added.code !== 0 || !clientToken) throw new Error(`clients add ${name} failed:\n${added.stderr}`);
      return rememberTestSecret(clientToken);
    },
    rememberSecret: (value) => {
      rememberTestSecret(value);
    },
    stop,
  };
}
