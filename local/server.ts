/**
 * The local Secrets Manager endpoint: an HTTP server speaking AWS JSON 1.1 in front of the core, plus the
 * test controls, the rotation runner and its scheduler.
 *
 * @example
 * const endpoint = await startEndpoint({ port: 0, inMemory: true });
 * // new SecretsManagerClient({ endpoint: endpoint.url, ... })
 * await endpoint.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONTROL_BODY_LIMIT, CONTROL_PREFIX, handleControl } from "./controls";
import { createClock } from "./core/clock";
import { AwsError } from "./core/errors";
import { createCore } from "./core/index";
import type { Clock, CoreOptions, SecretsCore } from "./core/types";
import { GroupCommit } from "./group-commit";
import { allowedHostNames, browserRefusal, isLoopbackHost } from "./request-guard";
import { EventDelivery } from "./rotation/events";
import { RotationRunner } from "./rotation/runner";
import { RotationScheduler } from "./rotation/scheduler";
import { type AccessKeyPair, verifySignature } from "./sigv4";
import { dataFolderWarning, makeDataFolder } from "./store/data-folder";
import { Throttle } from "./throttle";
import {
  checkContentType,
  isAwsErrorShape,
  MAX_BODY_BYTES,
  operationFromTarget,
  parseRequestObject,
  readBody,
  regionFromAuthorization,
  sendError,
  sendJson,
} from "./wire";

export const DEFAULT_ACCOUNT_ID = "000000000000";
export const DEFAULT_LAMBDA_ENDPOINT = "http://127.0.0.1:3002";

export interface EndpointOptions {
  /** 0 picks a free port. */
  port?: number;
  /**
   * The address to listen on; `127.0.0.1` by default. Any address other than loopback needs
   * `remoteAccess`: the endpoint refuses to serve secrets to a network unauthenticated.
   */
  host?: string;
  /**
   * The access key pair every request must be signed with (SigV4, checked with the endpoint's clock);
   * none by default, when only this machine can reach the endpoint and any credentials are accepted.
   */
  remoteAccess?: AccessKeyPair;
  inMemory?: boolean;
  /** Folder for the data file (made when missing); `.local` when neither this nor inMemory is given. */
  dataDir?: string;
  lambdaEndpoint?: string;
  /** Lambda function names (or ARNs) that receive the rotation lifecycle events. */
  eventsTargets?: string[];
  /** Defaults to env LOCAL_ACCOUNT_ID, then 000000000000. */
  accountId?: string;
  /** One line per request and rotation news; silent when absent. Never given a secret value. */
  log?: (line: string) => void;
  /** What the user must see even when `log` is silent (a data folder open to others); stderr by default. */
  warn?: (line: string) => void;
  /** How often the scheduler looks for due rotations; 0 turns the timer off (ticks still follow `/_local/clock`). */
  schedulerIntervalMs?: number;
  /** Builds the core; `createCore` from `local/core` by default (tests may pass a fake). */
  createCore?: (options: CoreOptions) => SecretsCore;
  clock?: Clock;
  /**
   * Sees every secret value the endpoint is sent or generates (SecretString, SecretBinary as base64,
   * RandomPassword). For test suites: they register these values and check their captured logs never
   * carry one. Never used for logging.
   */
  onSecretValue?: (value: string) => void;
}

export interface Endpoint {
  url: string;
  host: string;
  port: number;
  core: SecretsCore;
  clock: Clock;
  rotation: RotationRunner;
  scheduler: RotationScheduler;
  /** Stops the scheduler, the server (dropping idle connections), the runner and the core. */
  close(): Promise<void>;
}

export async function startEndpoint(options: EndpointOptions = {}): Promise<Endpoint> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && !options.remoteAccess) throw new Error(remoteRefusal(host));
  const log = options.log ?? (() => {});
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const accountId = options.accountId ?? process.env.LOCAL_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID;
  const lambdaEndpoint = options.lambdaEndpoint ?? DEFAULT_LAMBDA_ENDPOINT;
  const clock = options.clock ?? createClock();
  const events = new EventDelivery(lambdaEndpoint, options.eventsTargets ?? [], log);
  const rotation = new RotationRunner({ lambdaEndpoint, events, clock, log });
  const inMemory = options.inMemory ?? false;
  const dataDir = inMemory ? undefined : (options.dataDir ?? ".local");
  if (dataDir) {
    makeDataFolder(dataDir);
    const warning = dataFolderWarning(dataDir);
    if (warning) warn(warning);
  }
  const core = (options.createCore ?? createCore)({ dataDir, inMemory, clock, rotation });
  rotation.attach(core);
  const scheduler = new RotationScheduler(core, clock, rotation, log, options.schedulerIntervalMs ?? 5_000);
  const throttle = new Throttle();
  const controls = { core, clock, throttle, onClockAdvanced: () => scheduler.tick() };
  const deps: RequestDeps = {
    core,
    commits: new GroupCommit(core),
    throttle,
    accountId,
    controls,
    clock,
    allowedHosts: allowedHostNames(host),
    remoteAccess: options.remoteAccess,
    log,
    onSecretValue: options.onSecretValue,
  };

  const server = createServer((req, res) => {
    // The endpoint's clock, not the machine's: the SDK learns its clock offset from this header, so a
    // client judging dates "as the service sees them" follows `/_local/clock` too.
    res.setHeader("date", new Date(clock.now() * 1000).toUTCString());
    handleRequest(req, res, deps).catch(() => {
      // handleRequest answers every error itself; this only guards against a failure while answering.
      try {
        if (!res.headersSent) sendError(res, new AwsError("InternalServiceError", "Internal error", 500));
        else res.destroy();
      } catch {
        res.destroy();
      }
    });
  });
  server.on("error", (error: NodeJS.ErrnoException) => log(`server error: ${error.code ?? error.name}`));
  server.on("clientError", (_error, socket) => {
    if (socket.writable)
      socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  try {
    await listen(server, options.port ?? 4566, host);
  } catch (error) {
    core.close();
    throw error;
  }
  scheduler.start();
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    host,
    port,
    core,
    clock,
    rotation,
    scheduler,
    close: () => {
      closing ??= (async () => {
        scheduler.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await rotation.close();
        server.closeAllConnections();
        await closed;
        core.close();
      })();
      return closing;
    },
  };
}

/** Why `host` is refused without `remoteAccess` (the CLI's `--allow-remote`). */
export function remoteRefusal(host: string): string {
  return (
    `Refusing to listen on ${host}: it is not a loopback address, so anyone who can reach it could read ` +
    "and change every secret. Use --allow-remote to serve the network with a generated access key pair " +
    "that every request must be signed with (SigV4), or --host 127.0.0.1."
  );
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

interface RequestDeps {
  core: SecretsCore;
  commits: GroupCommit;
  throttle: Throttle;
  accountId: string;
  controls: Parameters<typeof handleControl>[4];
  clock: Clock;
  /** The `Host` names this endpoint answers to (request-guard.ts). */
  allowedHosts: ReadonlySet<string>;
  remoteAccess: AccessKeyPair | undefined;
  log: (line: string) => void;
  onSecretValue?: (value: string) => void;
}

/**
 * One request: refused at once when it comes from a web page (request-guard.ts); then its body is read
 * (bounded), its signature checked when the endpoint serves the network, and it goes to the controls or
 * to an operation.
 */
async function handleRequest(req: IncomingMessage, res: ServerResponse, deps: RequestDeps): Promise<void> {
  const started = performance.now();
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const meta = { operation: "-" };
  let status = 200;
  let code = "-";
  try {
    const refusal = browserRefusal(req.headers, deps.allowedHosts);
    if (refusal) throw new AwsError("AccessDeniedException", refusal, 403);
    const control = path.startsWith(CONTROL_PREFIX);
    if (control) meta.operation = path.slice(1, 64);
    const body = await readBody(req, control ? CONTROL_BODY_LIMIT : MAX_BODY_BYTES);
    if (deps.remoteAccess) {
      const received = { method: req.method ?? "", url: req.url ?? "/", rawHeaders: req.rawHeaders, body };
      verifySignature(received, deps.remoteAccess, deps.clock.now());
    }
    if (control) handleControl(req, res, path, body, deps.controls);
    else await handleOperation(req, res, body, deps, meta);
  } catch (error) {
    const answer = toWireError(error);
    status = answer.statusCode;
    code = answer.code;
    // A body left unread (refused early, or too large) would be taken for the next request.
    sendError(res, answer, !req.complete);
    if (answer.statusCode >= 500) deps.log(`internal error in ${meta.operation}: ${internalName(error)}`);
  } finally {
    const ms = (performance.now() - started).toFixed(1);
    deps.log(`${req.method ?? "-"} ${meta.operation} ${status} ${code} ${ms}ms`);
  }
}

async function handleOperation(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  deps: RequestDeps,
  meta: { operation: string },
): Promise<void> {
  if (req.method !== "POST") throw new AwsError("UnknownOperationException", "Use POST");
  const operation = operationFromTarget(req.headers["x-amz-target"]);
  meta.operation = operation.slice(0, 64);
  if (!deps.core.isKnownOperation(operation)) {
    throw new AwsError("UnknownOperationException", "Unknown operation");
  }
  checkContentType(req.headers["content-type"]);
  const input = parseRequestObject(body);
  if (deps.throttle.shouldThrottle(operation)) throw new AwsError("ThrottlingException", "Rate exceeded");
  const context = { region: regionFromAuthorization(req.headers.authorization), accountId: deps.accountId };
  if (deps.onSecretValue) observeSecretValues(input, deps.onSecretValue);
  // Answered once its group's transaction has committed (local/group-commit.ts); a promise beyond that for
  // RotateSecret naming a function (does it exist?) and for its test run (RotateImmediately=false).
  const output = await deps.commits.dispatch(operation, input, context);
  if (deps.onSecretValue) observeSecretValues(output, deps.onSecretValue);
  sendJson(res, 200, output);
}

/** Hands the secret values a request or an answer carries to `observe`. */
function observeSecretValues(message: unknown, observe: (value: string) => void): void {
  if (message === null || typeof message !== "object") return;
  for (const field of ["SecretString", "SecretBinary", "RandomPassword"]) {
    const value = (message as Record<string, unknown>)[field];
    if (typeof value === "string") observe(value);
  }
}

/** AwsError from the core passes through; anything else is a bug: 500 InternalServiceError, no details. */
function toWireError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  if (isAwsErrorShape(error)) {
    const status = Number.isInteger(error.statusCode) && error.statusCode >= 400 ? error.statusCode : 400;
    return new AwsError(error.code, String(error.message ?? ""), status);
  }
  return new AwsError("InternalServiceError", "An internal error occurred", 500);
}

function internalName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
