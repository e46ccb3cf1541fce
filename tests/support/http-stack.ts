/**
 * The HTTP API end to end for tests: the local Secrets Manager endpoint in-process, `serverless offline`
 * (all functions, the authorizer in front) on free ports pointed at it, the API token secret, and a
 * capture of every log line (offline's stdout/stderr, the endpoint's log, this process's logger sink) so a
 * test can prove no secret value was ever logged. Tests call the API through the typed client
 * (client/index.ts), so a route or field renamed in openapi.yaml fails them at type-check time; raw HTTP
 * (`rawCall`) is kept for the malformed input that client cannot send. Every request carries a user agent
 * of its own, so the audit trail can be checked request by request (`auditProblems`).
 *
 * @example
 * const stack = await startHttpStack();
 * const { data, response } = await stack.api.GET("/secrets/{id}/value", { params: { path: { id: "app/db" } } });
 * const refused = await stack.apiWith(null).GET("/me"); // no Authorization header: 401
 * expect(stack.auditProblems()).toEqual([]);
 */
import { randomBytes } from "node:crypto";
import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Middleware } from "openapi-fetch";
import { createSecretsApi, type SecretsApi } from "../../client/index.js";
import { addClient } from "../../local/api-clients.js";
import { type AuditRecord, auditRecordOf } from "../../shared/access/audit-record.js";
import { setLogSink } from "../../shared/observability/logger.js";
import { startTestEndpoint, type TestEndpoint } from "./endpoint.js";
import { startOffline } from "./offline.js";
import { freePort } from "./ports.js";
import { captureLogLine, rememberTestSecret } from "./redaction-registry.js";

export const TOKEN_SECRET_ID = "secrets-api/token";
export const CLIENTS_SECRET_PREFIX = "secrets-api/clients/";

interface SentRequest {
  userAgent: string;
  what: string;
}

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
  /** The typed client, signed in with the admin token; each request is audited (`auditProblems`). */
  api: SecretsApi;
  /** The typed client signed in with `token`, or sending no `Authorization` header at all (`null`). */
  apiWith(token: string | null, options?: ClientOptions): SecretsApi;
  /** The body text of an answer a typed client of this stack (or `rawCall`) received, as sent. */
  textOf(response: Response): string;
  /**
   * Raw HTTP with the admin token (unless `token` says otherwise): only for what the typed client cannot
   * send (a body that is not JSON or not what openapi.yaml declares, a wrong content type, a depth bomb).
   */
  rawCall(method: string, path: string, init?: CallInit): Promise<ApiAnswer>;
  /** Adds an API client (its secret, through `npm run clients`' code); returns its token, remembered as a secret. */
  addClient(name: string, scopes: string[], rotationLambdaArn?: string): Promise<string>;
  /** Every audit record offline's output holds so far. */
  auditRecords(): AuditRecord[];
  /**
   * What is wrong with the audit trail of every call made so far: each must have exactly one record
   * (found by its user agent) with every field, and no record may hold a remembered secret or token.
   */
  auditProblems(): string[];
  stop(): Promise<void>;
}

export interface ClientOptions {
  /** Headers sent beside the API's own on every request (a header the API must refuse, say). */
  headers?: Record<string, string>;
  /** Not checked by `auditProblems` (a load loop whose requests are not the test's subject). */
  unaudited?: boolean;
}

/** A raw request (JSON bodies go through the typed client). */
export interface CallInit {
  /** The body text, sent as is. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Another bearer token, or none (`null`: set your own `authorization` in `headers`, or send none). */
  token?: string | null;
  /** Not checked by `auditProblems` (a request no function answers, such as an unknown route). */
  unaudited?: boolean;
}

/** A raw call's answer: the response (its body read) and the body's text. */
export interface ApiAnswer {
  response: Response;
  text: string;
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
  let partial = "";
  const secrets = new Set<string>();
  const sent: SentRequest[] = [];
  let calls = 0;
  /** A user agent of its own for the next request, remembered for `auditProblems` unless unaudited. */
  const nextUserAgent = (what: string, unaudited = false): string => {
    calls += 1;
    const userAgent = `e2e/${process.pid}-${calls}`;
    if (!unaudited) sent.push({ userAgent, what });
    return userAgent;
  };
  /** The body text of every answer, read before the typed client parses it. */
  const texts = new WeakMap<Response, string>();
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
    API_CLIENTS_SECRET_PREFIX: CLIENTS_SECRET_PREFIX,
    API_TOKEN_CACHE_SECONDS: "1",
    ...options.env,
  };
  const offline = await startOffline({
    env: functionEnv,
    lambdaPort,
    readyOn: "http",
    startTimeoutMs: 90_000,
    captureAs: "http-e2e-offline",
    onOutput: (text) => {
      // Chunks end anywhere: keep a line's start until its end arrives.
      const parts = (partial + text).split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts.filter((line) => line.trim() !== ""));
    },
  });

  const { baseUrl } = offline;
  const apiWith = (bearer: string | null, options: ClientOptions = {}): SecretsApi => {
    const api = createSecretsApi({ baseUrl, ...(bearer === null ? {} : { token: bearer }) });
    api.use(auditedRequests(nextUserAgent, texts, options));
    return api;
  };
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
    api: apiWith(token),
    apiWith,
    textOf: (response) => {
      const text = texts.get(response);
      if (text === undefined) throw new Error("not an answer this stack's clients received");
      return text;
    },
    rawCall: async (method, path, init = {}) => {
      const userAgent = nextUserAgent(`${method} ${path}`, init.unaudited);
      const answer = await callApi(baseUrl, token, method, path, {
        ...init,
        headers: { "user-agent": userAgent, ...init.headers },
      });
      texts.set(answer.response, answer.text);
      return answer;
    },
    addClient: async (name, scopes, rotationLambdaArn) => {
      const added = await addClient({ client: endpoint.client, secretsPrefix: "app/" }, name, scopes, {
        ...(rotationLambdaArn ? { rotationLambdaArn } : {}),
      });
      secrets.add(added.token);
      rememberTestSecret(added.token);
      return added.token;
    },
    auditRecords: () => auditRecordsIn(lines),
    auditProblems: () => auditProblems(sent, auditRecordsIn(lines), [...secrets]),
    stop: async () => {
      await offline.stop();
      await endpoint.close();
      setLogSink(previousSink);
    },
  };
}

/**
 * The middleware of a test's typed client: a user agent of its own on each request (the audit trail is
 * checked by it), the client's extra headers, and each answer's body text kept for `textOf`.
 */
function auditedRequests(
  nextUserAgent: (what: string, unaudited?: boolean) => string,
  texts: WeakMap<Response, string>,
  options: ClientOptions,
): Middleware {
  return {
    onRequest({ request }) {
      const url = new URL(request.url);
      const what = `${request.method} ${url.pathname}${url.search}`;
      request.headers.set("user-agent", nextUserAgent(what, options.unaudited));
      for (const [name, value] of Object.entries(options.headers ?? {})) request.headers.set(name, value);
      return request;
    },
    async onResponse({ response }) {
      texts.set(response, await response.clone().text());
      return response;
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
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: init.rawBody });
  return { response, text: await response.text() };
}

function auditRecordsIn(lines: string[]): AuditRecord[] {
  return lines.flatMap((line) => {
    const record = auditRecordOf(line);
    return record ? [record] : [];
  });
}

const AUDIT_FIELDS = ["time", "service", "requestId", "clientId", "route", "status", "durationMs"] as const;

function auditProblems(sent: SentRequest[], records: AuditRecord[], secrets: string[]): string[] {
  const problems: string[] = [];
  const byAgent = new Map<string, AuditRecord[]>();
  for (const record of records) {
    byAgent.set(record.userAgent ?? "", [...(byAgent.get(record.userAgent ?? "") ?? []), record]);
  }
  for (const request of sent) {
    const found = byAgent.get(request.userAgent) ?? [];
    if (found.length !== 1) {
      problems.push(`${request.what}: ${found.length} audit records`);
      continue;
    }
    const [record] = found as [AuditRecord];
    for (const field of AUDIT_FIELDS) {
      if (record[field] === undefined || record[field] === null)
        problems.push(`${request.what}: no ${field}`);
    }
    if (record.status >= 400 && !record.code)
      problems.push(`${request.what}: status ${record.status} without a code`);
    if (record.service !== "authorizer" && !record.sourceIp) problems.push(`${request.what}: no sourceIp`);
  }
  const ids = records.map((record) => record.requestId);
  if (new Set(ids).size !== ids.length) problems.push("two records share a requestId");
  for (const record of records) {
    const text = JSON.stringify(record);
    if (secrets.some((secret) => text.includes(secret)))
      problems.push(`a record holds a value or token: ${record.requestId}`);
  }
  return problems;
}
