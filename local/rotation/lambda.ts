/**
 * Invoking a Lambda function through the Lambda Invoke API
 * (`POST {endpoint}/2015-03-31/functions/{name}/invocations`), as serverless-offline serves it. The
 * endpoint is an `http(s)://host:port` URL, or `unix:/path/to/socket` for an offline listening on a Unix
 * socket (what `npm start` does, so that no web page can reach its Lambda port: see start.ts).
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";

/** What one invocation came to; `ok` is false for a non-2xx status, a function error or an unreachable endpoint. */
export interface InvokeResult {
  ok: boolean;
  status: number;
  /** The parsed response payload (JSON when it parses, else the text); never logged. */
  payload: unknown;
  /** Why it failed, safe to log: an error type or a transport error name, never a payload. */
  failure?: string;
}

export interface InvokeOptions {
  /**
   * `RequestResponse` (default) waits for the function; `Event` returns at once (HTTP 202); `DryRun`
   * only checks that the function can be invoked, running nothing.
   */
  invocationType?: "RequestResponse" | "Event" | "DryRun";
  timeoutMs?: number;
}

export interface FunctionRef {
  name: string;
  qualifier?: string;
}

/**
 * The function name (and qualifier) of a Lambda ARN, a partial ARN or a bare name.
 *
 * @example functionFromArn("arn:aws:lambda:us-east-1:000000000000:function:rotate:live") // {name:"rotate", qualifier:"live"}
 */
export function functionFromArn(arnOrName: string): FunctionRef {
  const parts = arnOrName.split(":");
  const index = parts.indexOf("function");
  if (index === -1) {
    const [name = arnOrName, qualifier] = parts;
    return qualifier ? { name, qualifier } : { name };
  }
  const name = parts[index + 1] ?? "";
  const qualifier = parts[index + 2];
  return qualifier ? { name, qualifier } : { name };
}

/** Invokes `functionArn` with `payload`; never throws. */
export async function invokeLambda(
  endpoint: string,
  functionArn: string,
  payload: unknown,
  options: InvokeOptions = {},
): Promise<InvokeResult> {
  const { name, qualifier } = functionFromArn(functionArn);
  const query = qualifier ? `?Qualifier=${encodeURIComponent(qualifier)}` : "";
  const path = `/2015-03-31/functions/${encodeURIComponent(name)}/invocations${query}`;
  let response: { status: number; text: string; header(name: string): string | undefined };
  try {
    response = await post(
      endpoint,
      path,
      JSON.stringify(payload),
      {
        "content-type": "application/json",
        "x-amz-invocation-type": options.invocationType ?? "RequestResponse",
      },
      options.timeoutMs ?? 300_000,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.name : "Error";
    return { ok: false, status: 0, payload: undefined, failure: `invoke failed (${reason})` };
  }
  const parsed = parseMaybeJson(response.text);
  const functionError = response.header("x-amz-function-error");
  const errorType = response.header("x-amzn-errortype");
  if (response.status < 200 || response.status > 299) {
    return {
      ok: false,
      status: response.status,
      payload: parsed,
      failure: `HTTP ${response.status} ${errorType ?? ""}`.trim(),
    };
  }
  if (functionError) {
    return {
      ok: false,
      status: response.status,
      payload: parsed,
      failure: `function error (${functionError})`,
    };
  }
  if (isErrorPayload(parsed)) {
    return {
      ok: false,
      status: response.status,
      payload: parsed,
      failure: `function error (${String(parsed.errorType ?? "Error")})`,
    };
  }
  return { ok: true, status: response.status, payload: parsed };
}

/** POSTs `body` to `path` at an `http(s)://` or `unix:` endpoint; rejects on a transport error or timeout. */
function post(
  endpoint: string,
  path: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string; header(name: string): string | undefined }> {
  const target = endpointTarget(endpoint, path);
  const send = target.secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        ...target.options,
        method: "POST",
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const header = (name: string) => {
            const value = res.headers[name];
            return Array.isArray(value) ? value[0] : value;
          };
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), header });
        });
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { name: "TimeoutError" })));
    req.on("error", reject);
    req.end(body);
  });
}

function endpointTarget(endpoint: string, path: string): { secure: boolean; options: RequestOptions } {
  if (endpoint.startsWith("unix:"))
    return { secure: false, options: { socketPath: endpoint.slice("unix:".length), path } };
  const url = new URL(endpoint);
  const base = url.pathname.replace(/\/+$/, "");
  return {
    secure: url.protocol === "https:",
    options: { hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port, path: `${base}${path}` },
  };
}

function parseMaybeJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isErrorPayload(payload: unknown): payload is { errorType?: unknown; errorMessage?: unknown } {
  return (
    typeof payload === "object" && payload !== null && ("errorType" in payload || "errorMessage" in payload)
  );
}
