/**
 * `npm start`: the whole system on one machine. Starts the local Secrets Manager endpoint (port 4566, data
 * in `.local/`), `serverless offline` (HTTP 3000, Lambda invoke 3002) with the functions pointed at it
 * and dummy credentials, and the web console built for that API (port 3001, allowed by the API's CORS
 * from `127.0.0.1` and `localhost`); the endpoint invokes the rotation functions and delivers rotation
 * events to `onRotationEvent` through offline's Lambda Invoke API. Creates the API token secret when it is
 * missing, prints the token, the console's URL, a `curl` example and how to rotate the token, and stops
 * everything on Ctrl-C. Every request's audit record is printed among the functions' output;
 * `--audit-log FILE` also appends them to FILE.
 *
 * Offline's Lambda Invoke API runs any function without the authorizer and answers any web page, so it
 * listens on a Unix socket in the data folder (`lambda.sock`; a private temporary folder with
 * `--in-memory`), which the endpoint invokes through; `--lambda-port` serves a guarded front of it for
 * the AWS SDKs and CLIs (lambda-front.ts).
 *
 * The console is built (local/local-console.ts) while offline starts, into a private temporary folder
 * removed on exit: each start builds it for the ports of that start, and two starts never share a folder.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { newToken } from "../shared/access/api-token";
import { ADMIN_CLIENT_ID } from "../shared/access/principal";
import { writeAuditLog } from "./audit-log";
import { integerOption, parseCommandLine, portOption, runCommand, UsageError } from "./command-line";
import type { ConsoleServer } from "./console-server";
import { freeSocketPath, startLambdaFront } from "./lambda-front";
import { consoleOrigins, startLocalConsole } from "./local-console";
import { API_TOKEN_SECRET_ID, localFunctionName } from "./local-functions";
import { startEndpoint } from "./server";

const REPO = join(__dirname, "..");
const SERVERLESS = join(REPO, "node_modules", "osls", "bin", "serverless.js");

const USAGE = `usage: npm start -- [--secrets-port 4566] [--http-port 3000] [--lambda-port 3002] [--console-port 3001]
                    [--data DIR | --in-memory] [--audit-log FILE]

Runs the whole system on this machine: the local Secrets Manager endpoint, serverless offline with every
function behind the token authorizer, and the web console built for that API. Prints the API token, the
console's URL and a curl example; Ctrl-C stops everything.

  --secrets-port N  the local Secrets Manager endpoint (default 4566; 0 picks a free port)
  --http-port N     the HTTP API, serverless offline (default 3000)
  --lambda-port N   Lambda invoke for the AWS SDKs and CLIs, signed requests only (default 3002; 0 picks
                    a free port)
  --console-port N  the web console (default 3001); the API allows it by CORS, from 127.0.0.1 and
                    localhost. It and --http-port cannot be 0: the console is built for the API's port,
                    and the API's CORS names the console's, before either listens
  --data DIR        the endpoint's data folder (default .local)
  --in-memory       keep nothing on disk
  --audit-log FILE  also append every request's audit record to FILE (JSON lines)
  -h, --help        this text

Environment: CONSOLE_ORIGINS (more origins the API allows, comma-separated), ROTATION_ALLOWED_HOSTS
(default: loopback), and the functions' settings (README, Configuration).
Exit codes: 0 stopped by Ctrl-C, 1 failed to start, 2 a bad command line.`;

const OPTIONS = {
  "secrets-port": { type: "string", default: "4566" },
  "http-port": { type: "string", default: "3000" },
  "lambda-port": { type: "string", default: "3002" },
  "console-port": { type: "string", default: "3001" },
  data: { type: "string" },
  "in-memory": { type: "boolean", default: false },
  "audit-log": { type: "string" },
} as const;

export interface StartOptions {
  secretsPort: number;
  httpPort: number;
  lambdaPort: number;
  consolePort: number;
  dataDir?: string;
  inMemory: boolean;
  auditLog?: string;
}

/** A port that must be known before anything listens (no 0). */
function knownPortOption(name: string, text: string | undefined): number {
  if (text?.trim() === "0")
    throw new UsageError(`--${name} cannot be 0: the console and the API's CORS name it before it listens`);
  return integerOption(name, text, { min: 1, max: 65535 });
}

/**
 * npm start's command line; a UsageError (exit 2, nothing started) when it is wrong.
 *
 * @example
 * parseStartOptions(["--http-port", "8080", "--in-memory"]).consolePort // 3001
 * parseStartOptions(["--http-port", "x"])                              // throws UsageError
 */
export function parseStartOptions(argv: string[]): StartOptions {
  const { values } = parseCommandLine(argv, OPTIONS);
  const options: StartOptions = {
    secretsPort: portOption("secrets-port", values["secrets-port"]),
    httpPort: knownPortOption("http-port", values["http-port"]),
    lambdaPort: portOption("lambda-port", values["lambda-port"]),
    consolePort: knownPortOption("console-port", values["console-port"]),
    dataDir: values.data,
    inMemory: values["in-memory"],
    auditLog: values["audit-log"],
  };
  if (options.dataDir !== undefined && options.inMemory)
    throw new UsageError("--data and --in-memory exclude each other");
  if (options.dataDir?.trim() === "") throw new UsageError("--data needs a folder");
  if (options.auditLog?.trim() === "") throw new UsageError("--audit-log needs a file");
  const ports = Object.entries({
    "secrets-port": options.secretsPort,
    "http-port": options.httpPort,
    "lambda-port": options.lambdaPort,
    "console-port": options.consolePort,
  }).filter(([, port]) => port !== 0);
  for (const [index, [name, port]] of ports.entries()) {
    const other = ports.slice(index + 1).find(([, otherPort]) => otherPort === port);
    if (other)
      throw new UsageError(`--${name} and --${other[0]} are both ${port}: each needs a port of its own`);
  }
  return options;
}

/** The API token: read from the token secret, or made and stored when the secret is missing. */
async function ensureApiToken(client: SecretsManagerClient): Promise<string> {
  try {
    const current = await client.send(new GetSecretValueCommand({ SecretId: API_TOKEN_SECRET_ID }));
    return (JSON.parse(current.SecretString ?? "{}") as { token: string }).token;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    const token = await newToken(ADMIN_CLIENT_ID, { client });
    await client.send(
      new CreateSecretCommand({ Name: API_TOKEN_SECRET_ID, SecretString: JSON.stringify({ token }) }),
    );
    return token;
  }
}

/** The longest Unix socket path Linux takes (sun_path is 108 bytes with its NUL), with a margin. */
const MAX_SOCKET_PATH = 100;

/**
 * Where offline's Lambda Invoke API listens: `lambda.sock` in the data folder (0700, made by the
 * endpoint), or in a private temporary folder (removed on exit) with `--in-memory` or when the data
 * folder's path is too long for a socket.
 */
function lambdaSocket(options: StartOptions): { path: string; cleanup(): void } {
  if (!options.inMemory) {
    const path = resolve(options.dataDir ?? ".local", "lambda.sock");
    if (path.length <= MAX_SOCKET_PATH) return { path, cleanup: () => rmSync(path, { force: true }) };
  }
  const dir = mkdtempSync(join(tmpdir(), "secrets-lambda-"));
  return { path: join(dir, "lambda.sock"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A started `serverless offline`: its process at once (so a stop can end it), and when it is ready. */
interface OfflineProcess {
  child: ChildProcess;
  /** Resolves once both its HTTP API and its Lambda Invoke API listen; rejects when it exits first. */
  ready: Promise<void>;
}

/** Starts `serverless offline`; its output is passed on. */
function startOffline(options: StartOptions, socketPath: string, env: NodeJS.ProcessEnv): OfflineProcess {
  // hapi takes a port given as a path as a Unix socket to listen on; offline passes it through.
  const child = spawn(
    process.execPath,
    [SERVERLESS, "offline", "--httpPort", String(options.httpPort), "--lambdaPort", socketPath],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env },
  );
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  const ready = new Promise<void>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString("utf8")).slice(-4096);
      if (seen.includes("Server ready:")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`serverless offline exited (${code}) before it was ready`)),
    );
  });
  return { child, ready };
}

/** Ends offline: SIGINT (it removes its socket as it stops), SIGKILL after 5 s if it has not exited. */
async function stopOffline(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  child.kill("SIGINT");
  await exited;
  clearTimeout(killer);
}

/**
 * The origins the API allows: the console's (`127.0.0.1` and `localhost` on its port) and any the
 * environment's `CONSOLE_ORIGINS` adds (a console under development elsewhere).
 */
function allowedOrigins(consolePort: number): string {
  const more = (process.env.CONSOLE_ORIGINS ?? "").split(",").map((origin) => origin.trim());
  return [...new Set([...consoleOrigins(consolePort), ...more.filter((origin) => origin !== "")])].join(",");
}

/** Registers what to undo when npm start stops; undone in the reverse order. */
type Stopper = (undo: () => unknown) => void;

/**
 * The console, built for `apiUrl` into a private temporary folder and served on `port`; `onStop` gets
 * its closing and the folder's removal.
 */
async function startConsole(apiUrl: string, port: number, onStop: Stopper): Promise<ConsoleServer> {
  const outDir = mkdtempSync(join(tmpdir(), "secrets-console-"));
  onStop(() => rmSync(outDir, { recursive: true, force: true }));
  try {
    const server = await startLocalConsole({ apiUrl, port, outDir });
    onStop(() => server.close());
    return server;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new Error(`the console's port ${port} is taken (--console-port picks another)`);
    throw new Error(`the console did not build: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseStartOptions(argv);
  // This process runs on Node 20 in development; the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

  // Everything started is registered at once, so a Ctrl-C or a failure at any moment stops it all.
  const undos: (() => unknown)[] = [];
  const onStop: Stopper = (undo) => undos.push(undo);
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const undo of undos.splice(0).reverse()) {
        try {
          await undo();
        } catch (error) {
          process.stderr.write(
            `npm start: while stopping: ${error instanceof Error ? error.message : error}\n`,
          );
        }
      }
    })();
    return stopping;
  };
  const stop = (code: number) => void stopAll().then(() => process.exit(code));
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  // A reader that went away (`npm start | head`) would otherwise end this process with offline left running.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => stop(1));

  try {
    const socket = lambdaSocket(options);
    onStop(() => socket.cleanup());
    const endpoint = await startEndpoint({
      port: options.secretsPort,
      inMemory: options.inMemory,
      dataDir: options.dataDir,
      lambdaEndpoint: `unix:${socket.path}`,
      eventsTargets: [localFunctionName("onRotationEvent")],
    });
    onStop(() => endpoint.close());
    await freeSocketPath(socket.path);
    const credentials = { accessKeyId: "local", secretAccessKey: "local" };
    const client = new SecretsManagerClient({ endpoint: endpoint.url, region: "us-east-1", credentials });
    const token = await ensureApiToken(client);
    client.destroy();

    const api = `http://127.0.0.1:${options.httpPort}`;
    // serverless offline takes env AUTHORIZER as every request's authorizer answer: never from here.
    const { AUTHORIZER: _ignored, ...environment } = process.env;
    const offline = startOffline(options, socket.path, {
      ...environment,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
      API_TOKEN_SECRET_ID,
      // The API allows the console by CORS (serverless.yml reads it through custom.settings).
      CONSOLE_ORIGINS: allowedOrigins(options.consolePort),
      // No SNS topic locally: the events handler logs the alerts it would publish.
      ROTATION_ALERTS_TOPIC_ARN: process.env.ROTATION_ALERTS_TOPIC_ARN ?? "",
      // Local databases only: the rotation functions may connect to loopback, any port.
      ROTATION_ALLOWED_HOSTS:
        process.env.ROTATION_ALLOWED_HOSTS ?? "127.0.0.1:*,127.0.0.1:*=localhost,localhost:*,[::1]:*",
    });
    onStop(() => stopOffline(offline.child));
    if (options.auditLog) writeAuditLog(offline.child.stdout, options.auditLog);
    // The console's build (well under a second) runs while offline bundles the functions.
    const [consoleServer] = await Promise.all([
      startConsole(api, options.consolePort, onStop),
      offline.ready,
    ]);
    offline.child.on("exit", (code) => stop(code ?? 0));
    chmodSync(socket.path, 0o600);
    const lambdaFront = await startLambdaFront({ port: options.lambdaPort, socketPath: socket.path });
    onStop(() => lambdaFront.close());

    const secretsPort = new URL(endpoint.url).port;
    console.log(`\nLocal Secrets Manager endpoint: ${endpoint.url}`);
    console.log(`API: ${api} (token secret ${API_TOKEN_SECRET_ID})`);
    console.log(`API token: ${token}`);
    console.log(
      `Console: ${consoleServer.url} (or http://localhost:${consoleServer.port}/): sign in with the API token`,
    );
    // Single-quoted: a token holds only letters, digits, '-' and '.', but one made before may hold more.
    const header = `'Authorization: Bearer ${token.replaceAll("'", "'\\''")}'`;
    console.log(
      `Try: curl -s -H ${header} -H 'Content-Type: application/json' ` +
        `-d '{"name":"app/example","value":{"username":"u","password":"p"}}' ${api}/secrets`,
    );
    console.log(
      `Rotate the API token: npm run rotate-token -- --secrets-port ${secretsPort} (prints the new one)`,
    );
    console.log(
      `API clients: npm run clients -- add NAME --scope read:app/NAME/ --secrets-port ${secretsPort}`,
    );
    if (options.auditLog) console.log(`Audit records: ${options.auditLog}`);
    console.log(`Lambda invoke (AWS SDK and CLI, signed requests only): ${lambdaFront.url}`);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

if (require.main === module) runCommand("npm start", USAGE, main);
