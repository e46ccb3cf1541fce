/**
 * An in-process Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`), the path
 * serverless-offline serves on its Lambda port, hosting plain async functions. The local endpoint invokes
 * rotation functions and delivers rotation events through it exactly as it does through serverless offline,
 * without building anything: the tests use it, and `npm run seed` runs the real rotation handlers in it for
 * a store of its own (`tests/support/rotation-lambda-server.ts` adds per-step hooks on top).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context } from "aws-lambda";

export type LambdaFunction = (event: unknown, context: Context) => Promise<unknown>;

export interface LambdaServer {
  url: string;
  /** Every invocation so far: function name and invocation type. */
  invocations: { name: string; type: string }[];
  /** Serves `fn` as the function `name` from now on. */
  host(name: string, fn: LambdaFunction): void;
  /** Resolves when every invocation received so far (Event ones included) has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function contextFor(name: string): Context {
  return {
    functionName: name,
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => 30_000,
  } as unknown as Context;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

/** The function error's type: its `code` when it has one (e.g. a RotationError's), else its name; never a message. */
function errorTypeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code) return code;
  return error instanceof Error ? error.name : "Error";
}

/**
 * @example
 * const lambdas = await startLambdaServer({ rotate: async (event) => ({ ok: true }) });
 * await startEndpoint({ lambdaEndpoint: lambdas.url });
 */
export async function startLambdaServer(functions: Record<string, LambdaFunction>): Promise<LambdaServer> {
  const invocations: { name: string; type: string }[] = [];
  const running = new Set<Promise<unknown>>();
  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? "");
      const name = decodeURIComponent(match?.[1] ?? "");
      const fn = functions[name];
      if (!fn) {
        res.writeHead(404, { "x-amzn-errortype": "ResourceNotFoundException" }).end("{}");
        return;
      }
      const event = await body(req);
      const type = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
      if (type === "DryRun") {
        // As Lambda answers it: the function exists and may be invoked; nothing runs.
        res.writeHead(204).end();
        return;
      }
      invocations.push({ name, type });
      const run = fn(event, contextFor(name));
      running.add(run);
      void run.catch(() => {}).finally(() => running.delete(run));
      if (type === "Event") {
        res.writeHead(202).end();
        return;
      }
      try {
        const result = await run;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result ?? null));
      } catch (error) {
        const errorType = errorTypeOf(error);
        res
          .writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" })
          .end(JSON.stringify({ errorType, errorMessage: errorType }));
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    invocations,
    host: (name, fn) => {
      functions[name] = fn;
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
