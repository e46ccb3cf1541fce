/**
 * The Lambda port of `npm start` (`--lambda-port`, 3002 by default) as a guarded front. serverless
 * offline's own Lambda Invoke API runs any function without the authorizer and answers any origin with
 * CORS headers, and has no option to protect it; so `npm start` makes offline listen on a Unix socket in
 * a private folder (no browser can reach one) and serves this front on the TCP port instead. It passes
 * on what the AWS SDKs and CLIs send (`aws lambda invoke --endpoint-url http://127.0.0.1:3002`, any
 * credentials) and refuses anything a web page can send:
 *
 * - a request carrying an `Origin` header, or a `Host` that is not loopback (request-guard.ts);
 * - a request without a SigV4 `Authorization` header, which no page can send without a CORS preflight
 *   (a form post, a `no-cors` fetch, a beacon or an image cannot), and preflights are never granted.
 *
 * Offline's `access-control-*` answer headers are dropped on the way back.
 *
 * @example
 * const front = await startLambdaFront({ port: 3002, socketPath: ".local/lambda.sock" });
 * await front.close();
 */

import { existsSync, unlinkSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from "node:http";
import { type AddressInfo, connect } from "node:net";
import { allowedHostNames, browserRefusal } from "./request-guard";

export interface LambdaFrontOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where offline's Lambda Invoke API listens. */
  socketPath: string;
  host?: string;
}

export interface LambdaFront {
  url: string;
  port: number;
  close(): Promise<void>;
}

const SIGNED = /^AWS4-HMAC-SHA256 /;

/** Why a request may not pass, or undefined. */
export function lambdaFrontRefusal(
  req: IncomingMessage,
  allowedHosts: ReadonlySet<string>,
): string | undefined {
  const refusal = browserRefusal(req.headers, allowedHosts);
  if (refusal) return refusal;
  if (!SIGNED.test(req.headers.authorization ?? ""))
    return "The Lambda port answers SigV4-signed requests (the AWS SDKs and CLIs; any credentials).";
  return undefined;
}

export async function startLambdaFront(options: LambdaFrontOptions): Promise<LambdaFront> {
  const host = options.host ?? "127.0.0.1";
  const allowedHosts = allowedHostNames(host);
  const server = createServer((req, res) => {
    const refusal = lambdaFrontRefusal(req, allowedHosts);
    if (refusal) refuse(res, refusal);
    else forward(req, res, options.socketPath);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refuse(res: ServerResponse, message: string): void {
  const body = JSON.stringify({ Type: "User", message });
  res.writeHead(403, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-amzn-errortype": "AccessDeniedException",
    // The request body is not read: the connection ends with this answer.
    connection: "close",
  });
  res.end(body);
}

function forward(req: IncomingMessage, res: ServerResponse, socketPath: string): void {
  const upstream = request(
    { socketPath, path: req.url, method: req.method, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, withoutCors(answer.headers));
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) {
      const body = JSON.stringify({ Type: "Service", message: "serverless offline is not answering" });
      res.writeHead(502, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    } else res.destroy();
  });
  req.pipe(upstream);
}

function withoutCors(headers: IncomingMessage["headers"]): OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.startsWith("access-control-") && name !== "vary"),
  );
}

/**
 * Makes `socketPath` free for offline to listen on: a socket file left by a process that died is
 * removed; one that still answers belongs to another `npm start` on the same data folder, and is an error.
 */
export async function freeSocketPath(socketPath: string): Promise<void> {
  if (!existsSync(socketPath)) return;
  const answering = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (answering)
    throw new Error(`${socketPath} is in use: another \`npm start\` is running on this data folder`);
  unlinkSync(socketPath);
}
