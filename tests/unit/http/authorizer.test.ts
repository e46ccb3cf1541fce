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
import { createTokenAuthorizer } from "../../../shared/http/auth/token-authorizer.js";
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
    await expect(handler(request("Bearer any-token-1"), context)).rejects.toThrow("Authorizer unavailable");
    expect(lines.join("\n")).toContain("authorizer failed");
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
