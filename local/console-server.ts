/**
 * Serves a built console folder (`npm run console:build`) over HTTP with its security headers: the
 * Content-Security-Policy of the build's own meta element plus `frame-ancestors 'none'` (which only a
 * header can carry), and nosniff, no referrer, no framing, same-origin isolation. Files only, GET and
 * HEAD only, nothing outside the folder; the folder's `index.html` answers `/`.
 *
 * @example
 * const { outDir } = await buildConsole({ apiUrl: "http://127.0.0.1:3000" }); // console/build.ts
 * const server = await startConsoleServer({ root: outDir, port: 3001 });
 * console.log(`Console: ${server.url}`);
 * await server.close();
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { FRAME_ANCESTORS } from "../console/policy";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

export interface ConsoleServerOptions {
  /** The built console folder (it must hold `index.html` with a Content-Security-Policy meta element). */
  root: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** `127.0.0.1` when absent. */
  host?: string;
}

export interface ConsoleServer {
  /** `http://<host>:<port>/`. */
  url: string;
  port: number;
  /** The Content-Security-Policy header every answer carries. */
  policy: string;
  close(): Promise<void>;
}

/**
 * The policy of a built `index.html`'s `<meta http-equiv="Content-Security-Policy">`, entities decoded.
 * Throws when there is none: a console served without its policy is not served at all.
 */
export function builtPolicy(indexHtml: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml);
  if (!meta?.[1])
    throw new Error("index.html has no Content-Security-Policy meta element: is it a console build?");
  return meta[1]
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The headers every answer carries. */
export function securityHeaders(policy: string): Record<string, string> {
  return {
    "Content-Security-Policy": `${policy}; ${FRAME_ANCESTORS}`,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
}

/** The file a request path names inside `root`, or undefined (outside it, not a file, or malformed). */
function fileFor(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0] ?? "/");
  } catch {
    return undefined;
  }
  if (path.includes("\0") || path.includes("\\")) return undefined;
  if (path.endsWith("/")) path += "index.html";
  const file = resolve(root, `.${path}`);
  if (!file.startsWith(root + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function answer(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  text: string,
  head = false,
): void {
  response.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
  response.end(head ? undefined : text);
}

/**
 * Starts serving `root`. The policy is read once from `root/index.html` (rebuild, then restart).
 *
 * @example
 * const server = await startConsoleServer({ root: "console/dist" }); // a free port on 127.0.0.1
 */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const root = resolve(options.root);
  const policy = builtPolicy(readFileSync(join(root, "index.html"), "utf8"));
  const headers = securityHeaders(policy);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const head = request.method === "HEAD";
    if (request.method !== "GET" && !head) {
      answer(response, 405, { ...headers, Allow: "GET, HEAD" }, "Method not allowed\n");
      return;
    }
    const file = fileFor(root, request.url ?? "/");
    if (!file) {
      answer(response, 404, headers, "Not found\n", head);
      return;
    }
    const hashed = file.startsWith(join(root, "assets") + sep);
    response.writeHead(200, {
      ...headers,
      "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "Content-Length": String(statSync(file).size),
      // Vite names what it puts in assets/ by content hash: those never change. The rest is checked each time.
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (head) {
      response.end();
      return;
    }
    createReadStream(file)
      .on("error", () => response.destroy())
      .pipe(response);
  });

  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => done());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    port,
    policy: headers["Content-Security-Policy"] ?? "",
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
