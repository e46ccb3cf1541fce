/**
 * Invoking a Lambda function through the Lambda Invoke API
 * (`POST {endpoint}/2015-03-31/functions/{name}/invocations`), as serverless-offline serves it on its
 * Lambda port (3002 by default).
 */

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
  const base = endpoint.replace(/\/+$/, "");
  const query = qualifier ? `?Qualifier=${encodeURIComponent(qualifier)}` : "";
  const url = `${base}/2015-03-31/functions/${encodeURIComponent(name)}/invocations${query}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-amz-invocation-type": options.invocationType ?? "RequestResponse",
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs ?? 300_000),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.name : "Error";
    return { ok: false, status: 0, payload: undefined, failure: `invoke failed (${reason})` };
  }
  const text = await response.text().catch(() => "");
  const parsed = parseMaybeJson(text);
  const functionError = response.headers.get("x-amz-function-error");
  const errorType = response.headers.get("x-amzn-errortype");
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
