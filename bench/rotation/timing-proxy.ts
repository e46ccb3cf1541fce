/**
 * A pass-through proxy in front of serverless-offline's Lambda Invoke API that times each invocation and
 * reads its rotation `Step` from the request body, so the bench can tell the share of each step.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface StepTiming {
  step: string;
  ms: number;
}

export interface TimingProxy {
  url: string;
  /** Timings recorded since the last `take()`, in arrival order. */
  take(): StepTiming[];
  close(): Promise<void>;
}

export async function startTimingProxy(target: string): Promise<TimingProxy> {
  const upstream = new URL(target);
  let timings: StepTiming[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      let step = "-";
      try {
        step = String((JSON.parse(body.toString("utf8")) as { Step?: unknown }).Step ?? "-");
      } catch {
        // not a rotation event
      }
      const started = performance.now();
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("end", () => timings.push({ step, ms: performance.now() - started }));
        },
      );
      forward.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take: () => {
      const taken = timings;
      timings = [];
      return taken;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
