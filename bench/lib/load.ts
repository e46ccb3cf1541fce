/**
 * A closed-loop HTTP load generator: `concurrency` clients, each sending its next request as soon as the
 * previous answer arrived, over keep-alive connections, for a fixed time. Counts answers by status (and
 * error code from an AWS JSON `__type` or an API `{"error":{"code"}}` body) and records latencies.
 */
import { Agent } from "node:http";
import { type RawAnswer, sendRequest } from "../../tests/support/raw-http";
import { percentile } from "./stats";

export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  url: string;
  concurrency: number;
  durationMs: number;
  /** When set, each client sends exactly this many requests (the duration is then ignored). */
  perClient?: number;
  /** Builds the next request of client `client`. */
  next(client: number): LoadRequest;
}

export interface LoadResult {
  requests: number;
  rps: number;
  /** Count by `status` or `status code` (e.g. `400 ThrottlingException`); transport errors as `error <code>`. */
  outcomes: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const outcomes: Record<string, number> = {};
  const latencies: number[] = [];
  const count = (key: string) => {
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  };
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async (index: number) => {
    for (
      let sent = 0;
      options.perClient ? sent < options.perClient : performance.now() < deadline;
      sent += 1
    ) {
      const spec = options.next(index);
      const sent = performance.now();
      try {
        const { status, body } = await send(agent, target, spec);
        latencies.push(performance.now() - sent);
        count(status < 400 ? String(status) : `${status} ${errorCode(body)}`.trimEnd());
      } catch (error) {
        count(`error ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => client(i)));
  const elapsed = performance.now() - started;
  agent.destroy();
  return {
    requests: latencies.length,
    rps: (latencies.length / elapsed) * 1000,
    outcomes,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

function send(agent: Agent, base: URL, spec: LoadRequest): Promise<RawAnswer> {
  return sendRequest(
    {
      agent,
      host: base.hostname,
      port: base.port,
      method: spec.method ?? "POST",
      path: spec.path ?? "/",
      headers: {
        ...spec.headers,
        ...(spec.body !== undefined ? { "content-length": Buffer.byteLength(spec.body) } : {}),
      },
    },
    spec.body,
  );
}

function errorCode(body: string): string {
  try {
    const json = JSON.parse(body) as { __type?: unknown; error?: { code?: unknown } };
    const code = json.__type ?? json.error?.code;
    return typeof code === "string" ? code : "";
  } catch {
    return "";
  }
}

/** One AWS JSON 1.1 Secrets Manager call as a load request. */
export function awsJsonRequest(operation: string, input: unknown): LoadRequest {
  return {
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `secretsmanager.${operation}`,
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20240101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(input),
  };
}
