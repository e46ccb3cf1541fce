/**
 * The token authorizer in-process against the real local endpoint (through the SDK): clients' tokens and
 * the admin token, AWSPENDING only during a rotation, no unusable value kept, one read shared by a burst,
 * outages answered as outages, and one audit record per refusal. Calls are counted at the endpoint.
 */
import { createServer, type Server } from "node:net";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import type { APIGatewayRequestAuthorizerEventV2, Context } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditRecord } from "../../../shared/access/audit-record.js";
import { tokensEqual } from "../../../shared/access/constant-time.js";
import {
  AuthorizerUnavailableError,
  createTokenAuthorizer,
  type TokenAuthorizerOptions,
} from "../../../shared/http/auth/token-authorizer.js";
import { setLogSink } from "../../../shared/observability/logger.js";
import { setSecretsClient } from "../../../shared/secrets/client.js";
import { localClient } from "../../support/client.js";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint.js";
import { rememberTestSecret } from "../../support/redaction-registry.js";

const TOKEN_ID = "secrets-api/token";
const CLIENTS = "secrets-api/clients/";
let endpoint: TestEndpoint;
let client: SecretsManagerClient;
const calls: string[] = [];
const lines: string[] = [];
let previousSink: (line: string) => void;

beforeAll(async () => {
  endpoint = await startTestEndpoint({
    schedulerIntervalMs: 0,
    log: (line) => {
      const operation = /^POST (\w+) /.exec(line)?.[1];
      if (operation) calls.push(operation);
    },
  });
  client = endpoint.client;
});
afterAll(async () => {
  setSecretsClient(undefined);
  await endpoint?.close();
});
beforeEach(async () => {
  await endpoint.control("reset");
  setSecretsClient(client);
  calls.length = 0;
  lines.length = 0;
  previousSink = setLogSink((line) => lines.push(line));
});
afterEach(() => setLogSink(previousSink));

let requestNumber = 0;
const context = () => ({ awsRequestId: `req-${++requestNumber}` }) as Context;
const request = (authorization?: string, extra: Record<string, string> = {}) =>
  ({
    type: "REQUEST",
    routeKey: "GET /secrets",
    headers: { ...(authorization ? { authorization } : {}), "user-agent": "unit", ...extra },
    requestContext: { requestId: "api-1", http: { sourceIp: "10.0.0.9", userAgent: "unit" } },
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

const authorizer = (options: Partial<TokenAuthorizerOptions> = {}) =>
  createTokenAuthorizer({
    secretId: TOKEN_ID,
    cacheMs: 60_000,
    secretsPrefix: "app/",
    clientsPrefix: CLIENTS,
    ...options,
  });

const randomPart = (seed: string) => `${seed}${"Xy7".repeat(14)}`.slice(0, 40);
const tokenOf = (clientId: string, seed: string) => rememberTestSecret(`${clientId}.${randomPart(seed)}`);

async function createClient(clientId: string, token: string, scopes: string[], disabled = false) {
  await client.send(
    new CreateSecretCommand({
      Name: `${CLIENTS}${clientId}`,
      SecretString: JSON.stringify({ token, scopes, disabled }),
    }),
  );
}
const putValue = (secretId: string, value: string, stages?: string[], versionId?: string) =>
  client.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      SecretString: value,
      ...(stages ? { VersionStages: stages } : {}),
      ...(versionId ? { ClientRequestToken: versionId } : {}),
    }),
  );

async function outcome(
  handler: ReturnType<typeof authorizer>,
  authorization?: string,
  extra?: Record<string, string>,
) {
  try {
    return await handler(request(authorization, extra), context());
  } catch (error) {
    return (error as Error).message;
  }
}

const audits = () =>
  lines.filter((line) => line.startsWith('{"kind":"audit"')).map((line) => JSON.parse(line) as AuditRecord);

describe("the token authorizer", () => {
  it("accepts the admin token (any shape it had before clients) with every action on the prefix", async () => {
    const admin = rememberTestSecret("tok-legacy-admin-0001");
    await client.send(
      new CreateSecretCommand({ Name: TOKEN_ID, SecretString: JSON.stringify({ token: admin }) }),
    );
    const handler = authorizer();
    expect(await outcome(handler, `Bearer ${admin}`)).toEqual({
      isAuthorized: true,
      context: { clientId: "admin", scopes: "read:app/ write:app/ delete:app/ rotate:app/" },
    });
    expect(await outcome(handler, `Basic ${admin}`)).toBe("Unauthorized");
    expect(await outcome(handler, "Bearer wrong-token-0001")).toBe("Unauthorized");
    expect(lines.join("\n")).not.toContain(admin);
  });

  it("accepts a client's token with its scopes; refuses a wrong, unknown or disabled client's token", async () => {
    const tokenA = tokenOf("team-a", "a1");
    const tokenOff = tokenOf("team-off", "o1");
    await createClient("team-a", tokenA, ["read:app/team-a/", "write:app/team-a/"]);
    await createClient("team-off", tokenOff, ["read:app/team-off/"], true);
    const handler = authorizer({ minRefreshIntervalMs: 0 });
    expect(await outcome(handler, `Bearer ${tokenA}`)).toEqual({
      isAuthorized: true,
      context: { clientId: "team-a", scopes: "read:app/team-a/ write:app/team-a/" },
    });
    expect(await outcome(handler, `Bearer team-a.${randomPart("zz")}`)).toBe("Unauthorized");
    expect(await outcome(handler, `Bearer nobody.${randomPart("a1")}`)).toBe("Unauthorized");
    expect(await outcome(handler, `Bearer ${tokenOff}`)).toBe("Unauthorized");
    expect(
      audits().map(({ code, claimedClientId, clientId, status }) => ({
        code,
        claimedClientId,
        clientId,
        status,
      })),
    ).toEqual([
      { code: "InvalidToken", claimedClientId: "team-a", clientId: "anonymous", status: 401 },
      { code: "UnknownClient", claimedClientId: "nobody", clientId: "anonymous", status: 401 },
      { code: "ClientDisabled", claimedClientId: "team-off", clientId: "anonymous", status: 401 },
    ]);
  });

  it("reads one secret per token and remembers an unknown id briefly", async () => {
    const handler = authorizer();
    for (let i = 0; i < 5; i += 1)
      expect(await outcome(handler, `Bearer ghost.${randomPart("g")}`)).toBe("Unauthorized");
    expect(calls).toEqual(["DescribeSecret"]);
  });

  it("accepts AWSPENDING only during a rotation: after an emergency put the pending token is refused", async () => {
    const [t1, t2, t3] = [tokenOf("team-a", "t1"), tokenOf("team-a", "t2"), tokenOf("team-a", "t3")];
    const record = (token: string) => JSON.stringify({ token, scopes: ["read:app/team-a/"] });
    await createClient("team-a", t1, ["read:app/team-a/"]);
    const handler = authorizer({ cacheMs: 0, minRefreshIntervalMs: 0 });
    // A rotation in progress: AWSPENDING on a version newer than AWSCURRENT.
    await putValue(`${CLIENTS}team-a`, record(t2), ["AWSPENDING"], "22222222-2222-2222-2222-222222222222");
    expect(await outcome(handler, `Bearer ${t1}`)).toMatchObject({ isAuthorized: true });
    expect(await outcome(handler, `Bearer ${t2}`)).toMatchObject({ isAuthorized: true });
    // The emergency replacement: AWSPENDING still sits on T2, now older than AWSCURRENT.
    await putValue(`${CLIENTS}team-a`, record(t3));
    expect(await outcome(handler, `Bearer ${t3}`)).toMatchObject({ isAuthorized: true });
    expect(await outcome(handler, `Bearer ${t2}`)).toBe("Unauthorized");
    expect(await outcome(handler, `Bearer ${t1}`)).toBe("Unauthorized");
  });

  it("gives AWSPREVIOUS no grace after a rollback by hand", async () => {
    const [t1, t2] = [tokenOf("team-a", "r1"), tokenOf("team-a", "r2")];
    await createClient("team-a", t1, ["read:app/team-a/"]);
    const v2 = "33333333-3333-3333-3333-333333333333";
    await putValue(
      `${CLIENTS}team-a`,
      JSON.stringify({ token: t2, scopes: ["read:app/team-a/"] }),
      undefined,
      v2,
    );
    const { VersionIdsToStages } = await client.send(
      new DescribeSecretCommand({ SecretId: `${CLIENTS}team-a` }),
    );
    const v1 = Object.keys(VersionIdsToStages ?? {}).find((id) => id !== v2) ?? "";
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: `${CLIENTS}team-a`,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: v1,
        RemoveFromVersionId: v2,
      }),
    );
    const handler = authorizer({ cacheMs: 0, minRefreshIntervalMs: 0, graceMs: 300_000 });
    expect(await outcome(handler, `Bearer ${t1}`)).toMatchObject({ isAuthorized: true });
    expect(await outcome(handler, `Bearer ${t2}`)).toBe("Unauthorized");
  });

  it("never keeps an unusable value: once the secret is fixed, the valid token is accepted at once", async () => {
    const admin = rememberTestSecret("tok-before-bad-0001");
    await client.send(
      new CreateSecretCommand({ Name: TOKEN_ID, SecretString: JSON.stringify({ token: admin }) }),
    );
    const handler = authorizer({ cacheMs: 60_000, minRefreshIntervalMs: 0 });
    expect(await outcome(handler, `Bearer ${admin}`)).toMatchObject({ isAuthorized: true });
    await putValue(TOKEN_ID, "this is not JSON");
    const fixed = rememberTestSecret("tok-after-fix-0001");
    expect(await outcome(handler, `Bearer ${fixed}`)).toBe("Authorizer unavailable");
    await putValue(TOKEN_ID, JSON.stringify({ token: fixed }));
    expect(await outcome(handler, `Bearer ${fixed}`)).toMatchObject({ isAuthorized: true });
    expect(audits().map((record) => [record.status, record.code])).toEqual([[500, "ClientRecordUnusable"]]);
  });

  it("serves a burst of concurrent requests with one read", async () => {
    const token = tokenOf("burst", "b1");
    await createClient("burst", token, ["read:app/burst/"]);
    calls.length = 0;
    const handler = authorizer();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => handler(request(`Bearer ${token}`), context())),
    );
    expect(answers.every((answer) => answer.isAuthorized)).toBe(true);
    expect(calls).toEqual(["DescribeSecret", "GetSecretValue"]);
  });

  it("refuses a request without a bearer token at once, without reading Secrets Manager", async () => {
    const handler = authorizer();
    expect(await outcome(handler)).toBe("Unauthorized");
    expect(await outcome(handler, "Basic abc")).toBe("Unauthorized");
    expect(calls).toEqual([]);
    expect(audits()).toMatchObject([
      {
        service: "authorizer",
        clientId: "anonymous",
        status: 401,
        code: "MissingToken",
        sourceIp: "10.0.0.9",
        userAgent: "unit",
      },
      { status: 401, code: "MissingToken" },
    ]);
  });

  it("refuses sls-offline-authorizer-override (403), even with a valid token", async () => {
    const token = tokenOf("team-a", "ov");
    await createClient("team-a", token, ["read:app/team-a/"]);
    const override = JSON.stringify({ lambda: { clientId: "admin", scopes: "read:app/" } });
    const handler = authorizer();
    expect(
      await outcome(handler, `Bearer ${token}`, { "Sls-Offline-Authorizer-Override": override }),
    ).toEqual({
      isAuthorized: false,
    });
    expect(audits()).toMatchObject([{ status: 403, code: "AuthorizerOverrideRefused" }]);
  });

  it("answers a valid token 'unavailable', never 'Unauthorized', while Secrets Manager throttles", async () => {
    const token = tokenOf("team-a", "th");
    await createClient("team-a", token, ["read:app/team-a/"]);
    const handler = authorizer({ cacheMs: 0 });
    await endpoint.control("throttle", { share: 1, operations: ["DescribeSecret"] });
    try {
      const answer = handler(request(`Bearer ${token}`), context());
      await expect(answer).rejects.toThrow(/^Authorizer unavailable$/);
      await expect(answer).rejects.toBeInstanceOf(AuthorizerUnavailableError);
      expect(await outcome(handler, `Bearer team-a.${randomPart("nn")}`)).toBe("Authorizer unavailable");
    } finally {
      await endpoint.control("throttle", { share: 0 });
    }
    expect(await outcome(handler, `Bearer ${token}`)).toMatchObject({ isAuthorized: true });
    const failed = lines.filter((line) => line.includes("authorizer failed"));
    expect(failed.length).toBe(2);
    expect(JSON.parse(failed[0] ?? "{}").error).toEqual({
      name: "SecretsError",
      code: "ThrottlingException",
    });
  });

  it("gives up before the function's deadline when Secrets Manager does not answer", async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    setSecretsClient(localClient(`http://127.0.0.1:${port}`));
    try {
      const handler = authorizer({ deadlineMarginMs: 200 });
      const started = Date.now();
      const soon = { ...context(), getRemainingTimeInMillis: () => 300 } as Context;
      await expect(handler(request(`Bearer team-a.${randomPart("dl")}`), soon)).rejects.toThrow(
        /^Authorizer unavailable$/,
      );
      expect(Date.now() - started).toBeLessThan(290);
      expect(lines.join("\n")).toContain("TokenReadTimeoutError");
    } finally {
      silent.close();
    }
  });

  it("does not read in the background once idle", async () => {
    const token = tokenOf("idle", "id");
    await createClient("idle", token, ["read:app/idle/"]);
    const handler = authorizer({ cacheMs: 10 });
    await handler(request(`Bearer ${token}`), context());
    const before = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toHaveLength(before);
  });
});

describe("functions/http/authorizer", () => {
  const names = ["API_TOKEN_SECRET_ID", "API_TOKEN_CACHE_SECONDS", "API_CLIENTS_SECRET_PREFIX"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("reads its settings on its first call, not at import", async () => {
    for (const name of names) delete process.env[name];
    vi.resetModules();
    const { handler } = await import("../../../functions/http/authorizer.js");
    const { setSecretsClient: setClient } = await import("../../../shared/secrets/client.js");
    setClient(client);
    // Set after import, as `serverless invoke local` and tests do.
    process.env.API_CLIENTS_SECRET_PREFIX = "late/clients/";
    process.env.API_TOKEN_CACHE_SECONDS = "0";
    const token = tokenOf("late", "lt");
    await client.send(
      new CreateSecretCommand({
        Name: "late/clients/late",
        SecretString: JSON.stringify({ token, scopes: [] }),
      }),
    );
    expect(await handler(request(`Bearer ${token}`), context())).toMatchObject({ isAuthorized: true });
    expect(await handler(request(`Bearer ${token}`), context())).toMatchObject({ isAuthorized: true });
    // A cache of 0 seconds: read again on the second call (the default 30 s would not).
    expect(calls.filter((call) => call === "DescribeSecret")).toHaveLength(2);
  });
});

describe("tokensEqual", () => {
  it("compares tokens of any lengths", () => {
    expect(tokensEqual("abc", "abc")).toBe(true);
    expect(tokensEqual("abc", "abcd")).toBe(false);
    expect(tokensEqual("", "x")).toBe(false);
  });
});
