/**
 * One HTTP request with node:http (which, unlike fetch, sends a body with any method), or raw bytes over TCP;
 * for the fuzz tests and the benchmarks' load generator.
 */
import { type RequestOptions, request } from "node:http";
import { connect } from "node:net";

export interface RawAnswer {
  status: number;
  body: string;
}

export function httpRequest(
  url: string,
  init: { method: string; path: string; headers: Record<string, string>; body: string | Buffer },
): Promise<RawAnswer> {
  const base = new URL(url);
  return sendRequest(
    {
      host: base.hostname,
      port: base.port,
      method: init.method,
      path: init.path,
      headers: { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
      agent: false,
    },
    init.body,
  );
}

/** Sends one request (`options` as node:http takes them) with `body`, and reads the whole answer as UTF-8. */
export function sendRequest(options: RequestOptions, body?: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Writes `bytes` on a fresh connection, half-closes it and returns whatever came back (status 0 if none). */
export function rawExchange(
  url: string,
  bytes: Buffer,
  timeoutMs = 2_000,
): Promise<{ status: number; text: string }> {
  const base = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("connect", () => socket.end(bytes));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // The server may drop a connection it cannot parse; that is not a crash.
      if (error.code !== "ECONNRESET" && error.code !== "EPIPE") reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match?.[1] ? Number(match[1]) : 0, text });
    });
  });
}
