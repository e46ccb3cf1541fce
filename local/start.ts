/**
 * `npm start`: the whole system on one machine. Starts the local Secrets Manager endpoint (port 4566, data
 * in `.local/`) and `serverless offline` (HTTP 3000, Lambda invoke 3002) with the functions pointed at it
 * and dummy credentials; the endpoint invokes the rotation functions and delivers rotation events to
 * `onRotationEvent` through offline's Lambda Invoke API. Creates the API token secret when it is missing,
 * prints the token, a `curl` example and how to rotate the token, and stops both on Ctrl-C. Every request's
 * audit record is printed among the functions' output; `--audit-log FILE` also appends them to FILE.
 *
 * Offline's Lambda Invoke API runs any function without the authorizer and answers any web page, so it
 * listens on a Unix socket in the data folder (`lambda.sock`; a private temporary folder with
 * `--in-memory`), which the endpoint invokes through; `--lambda-port` serves a guarded front of it for
 * the AWS SDKs and CLIs (lambda-front.ts).
 *
 *   npm start -- [--secrets-port 4566] [--http-port 3000] [--lambda-port 3002] [--data DIR | --in-memory]
 *                [--audit-log FILE]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { newToken } from "../shared/access/api-token";
import { ADMIN_CLIENT_ID } from "../shared/access/principal";
import { writeAuditLog } from "./audit-log";
import { freeSocketPath, startLambdaFront } from "./lambda-front";
import { API_TOKEN_SECRET_ID, localFunctionName } from "./local-functions";
import { startEndpoint } from "./server";

const REPO = join(__dirname, "..");
const SERVERLESS = join(REPO, "node_modules", "osls", "bin", "serverless.js");

interface StartOptions {
  secretsPort: number;
  httpPort: number;
  lambdaPort: number;
  dataDir?: string;
  inMemory: boolean;
  auditLog?: string;
}

function parseOptions(): StartOptions {
  const { values } = parseArgs({
    options: {
      "secrets-port": { type: "string", default: "4566" },
      "http-port": { type: "string", default: "3000" },
      "lambda-port": { type: "string", default: "3002" },
      data: { type: "string" },
      "in-memory": { type: "boolean", default: false },
      "audit-log": { type: "string" },
    },
  });
  return {
    secretsPort: Number(values["secrets-port"]),
    httpPort: Number(values["http-port"]),
    lambdaPort: Number(values["lambda-port"]),
    dataDir: values.data,
    inMemory: values["in-memory"],
    auditLog: values["audit-log"],
  };
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

/** Starts `serverless offline` and resolves once both its HTTP API and its Lambda Invoke API listen; its output is passed on. */
function startOffline(
  options: StartOptions,
  socketPath: string,
  env: NodeJS.ProcessEnv,
): Promise<ChildProcess> {
  // hapi takes a port given as a path as a Unix socket to listen on; offline passes it through.
  const offline = spawn(
    process.execPath,
    [SERVERLESS, "offline", "--httpPort", String(options.httpPort), "--lambdaPort", socketPath],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env },
  );
  offline.stdout?.pipe(process.stdout);
  offline.stderr?.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString("utf8")).slice(-4096);
      if (seen.includes("Server ready:")) resolve(offline);
    };
    offline.stdout?.on("data", onData);
    offline.stderr?.on("data", onData);
    offline.once("exit", (code) =>
      reject(new Error(`serverless offline exited (${code}) before it was ready`)),
    );
  });
}

async function main(): Promise<void> {
  // This process runs on Node 20 in development; the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const options = parseOptions();
  const socket = lambdaSocket(options);
  const endpoint = await startEndpoint({
    port: options.secretsPort,
    inMemory: options.inMemory,
    dataDir: options.dataDir,
    lambdaEndpoint: `unix:${socket.path}`,
    eventsTargets: [localFunctionName("onRotationEvent")],
  });
  await freeSocketPath(socket.path);
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const client = new SecretsManagerClient({ endpoint: endpoint.url, region: "us-east-1", credentials });
  const token = await ensureApiToken(client);
  client.destroy();

  let offline: ChildProcess | undefined;
  let lambdaFront: Awaited<ReturnType<typeof startLambdaFront>> | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await lambdaFront?.close();
    if (offline && offline.exitCode === null) {
      // Offline removes its socket as it stops; SIGKILL after 5 s if it does not.
      const child = offline;
      const exited = new Promise((done) => child.once("exit", done));
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.kill("SIGINT");
      await exited;
      clearTimeout(killer);
    }
    socket.cleanup();
    await endpoint.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  // serverless offline takes env AUTHORIZER as every request's authorizer answer: never from here.
  const { AUTHORIZER: _ignored, ...environment } = process.env;
  offline = await startOffline(options, socket.path, {
    ...environment,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: "us-east-1",
    API_TOKEN_SECRET_ID,
    // No SNS topic locally: the events handler logs the alerts it would publish.
    ROTATION_ALERTS_TOPIC_ARN: process.env.ROTATION_ALERTS_TOPIC_ARN ?? "",
    // Local databases only: the rotation functions may connect to loopback, any port.
    ROTATION_ALLOWED_HOSTS:
      process.env.ROTATION_ALLOWED_HOSTS ?? "127.0.0.1:*,127.0.0.1:*=localhost,localhost:*,[::1]:*",
  });
  offline.on("exit", (code) => void stop(code ?? 0));
  chmodSync(socket.path, 0o600);
  lambdaFront = await startLambdaFront({ port: options.lambdaPort, socketPath: socket.path });
  if (options.auditLog) writeAuditLog(offline.stdout, options.auditLog);

  const api = `http://127.0.0.1:${options.httpPort}`;
  console.log(`\nLocal Secrets Manager endpoint: ${endpoint.url}`);
  console.log(`API: ${api} (token secret ${API_TOKEN_SECRET_ID})`);
  console.log(`API token: ${token}`);
  // Single-quoted: a token holds only letters, digits, '-' and '.', but one made before may hold more.
  const header = `'Authorization: Bearer ${token.replaceAll("'", "'\\''")}'`;
  console.log(
    `Try: curl -s -H ${header} -H 'Content-Type: application/json' ` +
      `-d '{"name":"app/example","value":{"username":"u","password":"p"}}' ${api}/secrets`,
  );
  console.log(
    `Rotate the API token: npm run rotate-token -- --secrets-port ${options.secretsPort} (prints the new one)`,
  );
  console.log(
    `API clients: npm run clients -- add NAME --scope read:app/NAME/ --secrets-port ${options.secretsPort}`,
  );
  if (options.auditLog) console.log(`Audit records: ${options.auditLog}`);
  console.log(`Lambda invoke (AWS SDK and CLI, signed requests only): ${lambdaFront.url}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
