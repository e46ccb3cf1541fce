import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { clearCache } from "@middy/util";
import type { APIGatewayRequestAuthorizerEventV2, Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokensEqual } from "../../../shared/http/auth/constant-time.js";
import {
  AuthorizerUnavailableError,
  createTokenAuthorizer,
} from "../../../shared/http/auth/token-authorizer.js";
import { setLogSink } from "../../../shared/observability/logger.js";
import { setSecretsClient } from "../../../shared/secrets/client.js";

// Mocks every SecretsManagerClient: the one @middy/secrets-manager makes and the shared one.
const sdk = mockClient(SecretsManagerClient);
const lines: string[] = [];
let previousSink: (line: string) => void;

const context = { awsRequestId: "req-1" } as Context;
const request = (authorization?: string) =>
  ({
    type: "REQUEST",
    routeKey: "GET /secrets",
    headers: authorization ? { authorization } : {},
    identitySource: authorization ? [authorization] : [],
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

function tokens(current: string, pending?: string): void {
  sdk.on(GetSecretValueCommand).callsFake(async (input: { VersionStage?: string }) => {
    if (input.VersionStage === "AWSPENDING") {
      if (!pending) throw new ResourceNotFoundException({ message: "no pending", $metadata: {} });
      return {
        SecretString: JSON.stringify({ token: pending }),
        VersionId: "v2",
        VersionStages: ["AWSPENDING"],
      };
    }
    return {
      SecretString: JSON.stringify({ token: current }),
      VersionId: "v1",
      VersionStages: ["AWSCURRENT"],
    };
  });
}

/** What the SDK throws when Secrets Manager throttles (the client exports no class for it). */
const throttled = () =>
  Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $fault: "client", $metadata: {} });

beforeEach(() => {
  sdk.reset();
  clearCache();
  setSecretsClient(undefined);
  lines.length = 0;
  previousSink = setLogSink((line) => lines.push(line));
});
afterEach(() => setLogSink(previousSink));

describe("the token authorizer", () => {
  it("accepts the AWSCURRENT token and refuses a missing or wrong one with Unauthorized", async () => {
    tokens("current-token-1");
    const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 60_000 });
    await expect(handler(request("Bearer current-token-1"), context)).resolves.toEqual({
      isAuthorized: true,
    });
    await expect(handler(request(), context)).rejects.toThrow(/^Unauthorized$/);
    await expect(handler(request("Bearer wrong"), context)).rejects.toThrow(/^Unauthorized$/);
    await expect(handler(request("Basic current-token-1"), context)).rejects.toThrow(/^Unauthorized$/);
    expect(lines.join("\n")).not.toContain("current-token-1");
  });

  it("accepts both tokens while AWSPENDING exists, then only the new one after finishSecret", async () => {
    tokens("old-token-1", "new-token-1");
    const handler = createTokenAuthorizer({
      secretId: "secrets-api/token",
      cacheMs: 0,
      minRefreshIntervalMs: 0,
    });
    await expect(handler(request("Bearer old-token-1"), context)).resolves.toEqual({ isAuthorized: true });
    await expect(handler(request("Bearer new-token-1"), context)).resolves.toEqual({ isAuthorized: true });
    tokens("new-token-1");
    await expect(handler(request("Bearer new-token-1"), context)).resolves.toEqual({ isAuthorized: true });
    await expect(handler(request("Bearer old-token-1"), context)).rejects.toThrow(/^Unauthorized$/);
  });

  it("caches the tokens, and refreshes once on a miss so a just-rotated token is not locked out", async () => {
    tokens("first-token-1");
    const handler = createTokenAuthorizer({
      secretId: "secrets-api/token",
      cacheMs: 60_000,
      minRefreshIntervalMs: 0,
    });
    await handler(request("Bearer first-token-1"), context);
    await handler(request("Bearer first-token-1"), context);
    expect(sdk.commandCalls(GetSecretValueCommand)).toHaveLength(2); // AWSCURRENT and AWSPENDING once each
    tokens("second-token-1");
    await expect(handler(request("Bearer second-token-1"), context)).resolves.toEqual({ isAuthorized: true });
  });

  it("fails opaquely (not a 401) when the token secret cannot be read, and logs it redacted", async () => {
    sdk.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));
    const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 0 });
    const answer = handler(request("Bearer any-token-1"), context);
    await expect(answer).rejects.toThrow(/^Authorizer unavailable$/);
    await expect(answer).rejects.toBeInstanceOf(AuthorizerUnavailableError);
    expect(lines.join("\n")).toContain("authorizer failed");
    expect(lines.join("\n")).not.toContain("any-token-1");
  });

  it("refuses a request without a bearer token at once, without reading Secrets Manager", async () => {
    sdk.on(GetSecretValueCommand).rejects(throttled());
    const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 60_000 });
    await expect(handler(request(), context)).rejects.toThrow(/^Unauthorized$/);
    await expect(handler(request("Basic abc"), context)).rejects.toThrow(/^Unauthorized$/);
    expect(sdk.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it("answers a valid token 'unavailable', never 'Unauthorized', when the tokens expire and Secrets Manager throttles", async () => {
    tokens("valid-token-1");
    const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 20 });
    await expect(handler(request("Bearer valid-token-1"), context)).resolves.toEqual({ isAuthorized: true });
    await new Promise((resolve) => setTimeout(resolve, 40));
    sdk.reset();
    sdk.on(GetSecretValueCommand).rejects(throttled());
    await expect(handler(request("Bearer valid-token-1"), context)).rejects.toThrow(
      /^Authorizer unavailable$/,
    );
    // A wrong token cannot be told wrong without the tokens either: no verdict, the same outage answer.
    await expect(handler(request("Bearer wrong-token-1"), context)).rejects.toThrow(
      /^Authorizer unavailable$/,
    );
    // Once Secrets Manager answers again, the valid token is accepted without waiting out any cache.
    tokens("valid-token-1");
    await expect(handler(request("Bearer valid-token-1"), context)).resolves.toEqual({ isAuthorized: true });
  });

  it("answers 'unavailable' when the token secret holds no token (a configuration fault, not a wrong token)", async () => {
    sdk
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ nottoken: "x" }), VersionId: "v1" });
    const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 60_000 });
    await expect(handler(request("Bearer some-token-1"), context)).rejects.toThrow(
      /^Authorizer unavailable$/,
    );
  });

  it("gives up before the function's deadline when Secrets Manager does not answer", async () => {
    sdk.on(GetSecretValueCommand).callsFake(() => new Promise(() => {}));
    const handler = createTokenAuthorizer({
      secretId: "secrets-api/token",
      cacheMs: 60_000,
      deadlineMarginMs: 200,
    });
    const started = Date.now();
    const soon = { ...context, getRemainingTimeInMillis: () => 300 } as Context;
    await expect(handler(request("Bearer any-token-1"), soon)).rejects.toThrow(/^Authorizer unavailable$/);
    expect(Date.now() - started).toBeLessThan(290);
    expect(lines.join("\n")).toContain("TokenReadTimeoutError");
  });

  it("serves a burst of concurrent requests with one read of each token version", async () => {
    tokens("burst-token-1");
    const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 60_000 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => handler(request("Bearer burst-token-1"), context)),
    );
    expect(answers.every((answer) => answer.isAuthorized)).toBe(true);
    expect(sdk.commandCalls(GetSecretValueCommand)).toHaveLength(2); // AWSCURRENT and AWSPENDING once each
  });

  it("does not refresh in the background (a failed background read would be an unhandled rejection)", async () => {
    tokens("idle-token-1");
    const handler = createTokenAuthorizer({ secretId: "secrets-api/token", cacheMs: 10 });
    await handler(request("Bearer idle-token-1"), context);
    const calls = sdk.commandCalls(GetSecretValueCommand).length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sdk.commandCalls(GetSecretValueCommand)).toHaveLength(calls);
  });
});

describe("functions/http/authorizer", () => {
  const saved = {
    id: process.env.API_TOKEN_SECRET_ID,
    ttl: process.env.API_TOKEN_CACHE_SECONDS,
  };
  afterEach(() => {
    for (const [name, value] of [
      ["API_TOKEN_SECRET_ID", saved.id],
      ["API_TOKEN_CACHE_SECONDS", saved.ttl],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("reads API_TOKEN_SECRET_ID and API_TOKEN_CACHE_SECONDS on its first call, not at import", async () => {
    delete process.env.API_TOKEN_SECRET_ID;
    delete process.env.API_TOKEN_CACHE_SECONDS;
    vi.resetModules();
    const { handler } = await import("../../../functions/http/authorizer.js");
    // Set after import, as `serverless invoke local` and tests do.
    process.env.API_TOKEN_SECRET_ID = "late/token";
    process.env.API_TOKEN_CACHE_SECONDS = "0";
    tokens("late-token-1");
    await expect(handler(request("Bearer late-token-1"), context)).resolves.toEqual({ isAuthorized: true });
    await expect(handler(request("Bearer late-token-1"), context)).resolves.toEqual({ isAuthorized: true });
    const calls = sdk.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input);
    expect(new Set(calls.map((input) => input.SecretId))).toEqual(new Set(["late/token"]));
    // A cache of 0 seconds: AWSCURRENT is fetched again on the second call (the default 30 s would not).
    expect(calls.filter((input) => input.VersionStage !== "AWSPENDING")).toHaveLength(2);
  });
});

describe("tokensEqual", () => {
  it("compares tokens of any lengths", () => {
    expect(tokensEqual("abc", "abc")).toBe(true);
    expect(tokensEqual("abc", "abcd")).toBe(false);
    expect(tokensEqual("", "x")).toBe(false);
  });
});
