/**
 * Starts the local endpoint in-process for a test: in memory on a free port, with an SDK client and
 * helpers for the `/_local/*` controls.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type LambdaFunction, startLambdaServer } from "../../local/lambda-invoke-server";
import { type Endpoint, type EndpointOptions, startEndpoint } from "../../local/server";
import { localClient } from "./client";
import { rememberSecretValue } from "./redaction-registry";

export interface TestEndpoint {
  endpoint: Endpoint;
  url: string;
  client: SecretsManagerClient;
  /** POSTs (or GETs when body is undefined and method is GET) a `/_local/<name>` control; returns its JSON. */
  control(name: string, body?: unknown, method?: "GET" | "POST"): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startTestEndpoint(options: EndpointOptions = {}): Promise<TestEndpoint> {
  const endpoint = await startEndpoint({
    port: 0,
    inMemory: options.dataDir === undefined,
    // Every value stored or generated is registered for the suite-wide redaction check.
    onSecretValue: rememberSecretValue,
    ...options,
  });
  const client = localClient(endpoint.url);
  return {
    endpoint,
    url: endpoint.url,
    client,
    control: async (name, body, method = "POST") => {
      const response = await fetch(`${endpoint.url}/_local/${name}`, {
        method,
        ...(method === "POST"
          ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) }
          : {}),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`/_local/${name} answered ${response.status} ${String(json.__type)}`);
      return json;
    },
    close: async () => {
      client.destroy();
      await endpoint.close();
    },
  };
}

/**
 * A test endpoint whose rotations invoke `functions` through an in-process Lambda Invoke API (scheduler
 * off); `close` stops both.
 *
 * @example
 * const local = await startTestEndpointWithLambdas({ rotate: async () => ({}) });
 * // RotationLambdaARN "arn:aws:lambda:us-east-1:000000000000:function:rotate" now exists
 */
export async function startTestEndpointWithLambdas(
  functions: Record<string, LambdaFunction>,
  options: EndpointOptions = {},
): Promise<TestEndpoint> {
  const lambdas = await startLambdaServer(functions);
  const local = await startTestEndpoint({ lambdaEndpoint: lambdas.url, schedulerIntervalMs: 0, ...options });
  return {
    ...local,
    close: async () => {
      await local.close();
      await lambdas.close();
    },
  };
}

/** Sends one raw AWS JSON 1.1 request; returns status, headers and parsed body (for wire-protocol tests). */
export async function rawCall(
  url: string,
  init: {
    target?: string;
    body?: string | Buffer;
    contentType?: string | null;
    method?: string;
    /** The region the request's SigV4 credential scope names (none: the endpoint's default, us-east-1). */
    region?: string;
  },
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (init.region !== undefined)
    headers.authorization = `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20240101/${init.region}/secretsmanager/aws4_request, SignedHeaders=host, Signature=0`;
  if (init.target !== undefined) headers["x-amz-target"] = init.target;
  if (init.contentType !== null) headers["content-type"] = init.contentType ?? "application/x-amz-json-1.1";
  const response = await fetch(url, { method: init.method ?? "POST", headers, body: init.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : {} };
}
