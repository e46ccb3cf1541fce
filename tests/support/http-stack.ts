/**
 * The HTTP API end to end for tests: the local Secrets Manager endpoint in-process, `serverless offline`
 * (all functions, the authorizer in front) on free ports pointed at it, the API token secret, and a
 * capture of every log line (offline's stdout/stderr, the endpoint's log, this process's logger sink) so a
 * test can prove no secret value was ever logged.
 */
import { randomBytes } from "node:crypto";
import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { setLogSink } from "../../shared/observability/logger.js";
import { startTestEndpoint, type TestEndpoint } from "./endpoint.js";
import { startOffline } from "./offline.js";
import { freePort } from "./ports.js";
import { captureLogLine, rememberTestSecret } from "./redaction-registry.js";

export const TOKEN_SECRET_ID = "secrets-api/token";

export interface HttpStack {
  /** `http://127.0.0.1:<port>` of serverless offline. */
  baseUrl: string;
  token: string;
  endpoint: TestEndpoint;
  client: SecretsManagerClient;
  /** The env the functions run with (for `invoke local`). */
  functionEnv: Record<string, string>;
  /** Every log line captured so far. */
  logLines(): string[];
  /** Remembers a value that must never appear in a log line. */
  rememberSecret(value: string): void;
  /** The remembered secret values that appear in any captured line. */
  leakedSecrets(): string[];
  /** Calls the API with the token (unless `token: null`). */
  call(method: string, path: string, init?: CallInit): Promise<ApiAnswer>;
  stop(): Promise<void>;
}

export interface CallInit {
  body?: unknown;
  /** Raw body text, sent as is. */
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string | null;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** A function's ARN as serverless offline serves it (`ROTATION_FUNCTION_ARNS` lists the rotation ones so). */
export function localLambdaArn(functionKey: string): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-${functionKey}`;
}

/** The URL path of a secret's id: names hold `/`, so ids are URL-encoded. */
export function secretPath(id: string, suffix = ""): string {
  return `/secrets/${encodeURIComponent(id)}${suffix}`;
}

export async function startHttpStack(options: { env?: Record<string, string> } = {}): Promise<HttpStack> {
  const lines: string[] = [];
  const secrets = new Set<string>();
  const previousSink = setLogSink((line) => {
    lines.push(line);
    captureLogLine("http-e2e-logger", line);
  });
  const lambdaPort = await freePort();
  // Rotations the endpoint runs invoke the rotation functions through offline's Lambda Invoke API.
  const endpoint = await startTestEndpoint({
    log: (line) => lines.push(line),
    lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
  });
  const token = `tok-${randomBytes(18).toString("hex")}`;
  secrets.add(token);
  await endpoint.client.send(
    new CreateSecretCommand({ Name: TOKEN_SECRET_ID, SecretString: JSON.stringify({ token }) }),
  );

  const functionEnv: Record<string, string> = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_REGION: "us-east-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // One attempt: a throttled call answers 429 at once instead of being retried by the SDK.
    AWS_MAX_ATTEMPTS: "1",
    SECRETS_PREFIX: "app/",
    API_TOKEN_SECRET_ID: TOKEN_SECRET_ID,
    API_TOKEN_CACHE_SECONDS: "1",
    ...options.env,
  };
  const offline = await startOffline({
    env: functionEnv,
    lambdaPort,
    readyOn: "http",
    startTimeoutMs: 90_000,
    captureAs: "http-e2e-offline",
    onOutput: (text) => lines.push(...text.split("\n").filter((line) => line.trim() !== "")),
  });

  const { baseUrl } = offline;
  return {
    baseUrl,
    token,
    endpoint,
    client: endpoint.client,
    functionEnv,
    logLines: () => [...lines],
    rememberSecret: (value) => {
      secrets.add(value);
      rememberTestSecret(value);
    },
    leakedSecrets: () => [...secrets].filter((secret) => lines.some((line) => line.includes(secret))),
    call: (method, path, init = {}) => callApi(baseUrl, token, method, path, init),
    stop: async () => {
      await offline.stop();
      await endpoint.close();
      setLogSink(previousSink);
    },
  };
}

async function callApi(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  init: CallInit,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  const bearer = init.token === undefined ? token : init.token;
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // leaves json empty; the test reads text
  }
  return { status: response.status, headers: response.headers, text, json };
}
