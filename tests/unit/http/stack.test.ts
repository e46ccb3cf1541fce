import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { json } from "../../../shared/http/responses.js";
import { httpRoute } from "../../../shared/http/stack.js";
import { setLogSink } from "../../../shared/observability/logger.js";
import { clearRegisteredSecretValues, registerSecretValue } from "../../../shared/observability/redaction.js";
import { SecretsError } from "../../../shared/secrets/errors.js";
import { adminContext } from "../../support/lambda-event.js";

const lines: string[] = [];
let previousSink: (line: string) => void;
beforeEach(() => {
  lines.length = 0;
  previousSink = setLogSink((line) => lines.push(line));
});
afterEach(() => {
  setLogSink(previousSink);
  clearRegisteredSecretValues();
});

const context = { awsRequestId: "req-1" } as Context;

function event(init: { body?: string; contentType?: string }): APIGatewayProxyEventV2 {
  return {
    routeKey: "POST /things",
    rawPath: "/things",
    headers: init.contentType ? { "Content-Type": init.contentType } : {},
    body: init.body,
    isBase64Encoded: false,
    requestContext: { requestId: "api-1", authorizer: { lambda: adminContext() } },
  } as unknown as APIGatewayProxyEventV2;
}

async function call(handler: ReturnType<typeof httpRoute>, init: Parameters<typeof event>[0]) {
  const result = (await handler(event(init), context)) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: JSON.parse(result.body ?? "{}") as Record<string, unknown> };
}

const echo = httpRoute({
  service: "echo",
  action: "write",
  secretIn: () => "app/echo",
  body: z.strictObject({ name: z.string() }),
  handle: async ({ body }) => json(201, { name: body.name }),
});

function failing(error: unknown) {
  return httpRoute({
    service: "failing",
    action: "none",
    handle: async () => {
      throw error;
    },
  });
}

describe("the middy stack", () => {
  it("parses and validates a JSON body", async () => {
    const ok = await call(echo, { body: '{"name":"a"}', contentType: "application/json; charset=utf-8" });
    expect(ok.statusCode).toBe(201);
    expect(ok.json).toEqual({ name: "a" });
    expect(ok.headers?.["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("answers 400 for malformed JSON without quoting it, 415 for another Content-Type, 400 for a bad shape", async () => {
    registerSecretValue("hunter2-secret");
    const malformed = await call(echo, { body: '{"name":"hunter2-secret"', contentType: "application/json" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json).toEqual({
      error: { code: "MalformedJson", message: "The request body is not valid JSON" },
    });
    const wrongType = await call(echo, { body: "name=a", contentType: "text/plain" });
    expect(wrongType.statusCode).toBe(415);
    const badShape = await call(echo, { body: '{"name":5}', contentType: "application/json" });
    expect(badShape.statusCode).toBe(400);
    expect((badShape.json.error as { message: string }).message).toContain("body.name");
    expect(lines.join("\n")).not.toContain("hunter2-secret");
  });

  it("maps Secrets Manager codes through the one table, with Retry-After on 429", async () => {
    const throttled = await call(failing(new SecretsError("ThrottlingException", "Rate exceeded")), {});
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers?.["Retry-After"]).toBe("1");
    const unavailable = await call(failing(new SecretsError("SecretsManagerUnavailable", "unreachable")), {});
    expect(unavailable.statusCode).toBe(502);
    const unknownAws = await call(failing(new SecretsError("SomeNewAwsFault", "odd")), {});
    expect(unknownAws.statusCode).toBe(502);
    const missing = await call(failing(new SecretsError("ResourceNotFoundException", "not found")), {});
    expect(missing.statusCode).toBe(404);
  });

  it("hides unknown errors: 500, a fixed message, no stack, and the log line holds the error's name only", async () => {
    const answer = await call(failing(new Error("boom with leaky-value-123")), {});
    expect(answer.statusCode).toBe(500);
    expect(answer.json).toEqual({ error: { code: "InternalError", message: "Internal error" } });
    expect(answer.body).not.toMatch(/leaky|at /);
    const logged = lines.join("\n");
    expect(logged).toContain("request failed");
    // Not masked: never written. An external error's text stays out of the logs whether or not its
    // value was registered.
    expect(logged).not.toContain("leaky-value-123");
    expect(logged).not.toContain("boom");
  });

  it("writes exactly one audit record per request, whatever the answer", async () => {
    await call(echo, { body: '{"name":"a"}', contentType: "application/json" });
    await call(echo, { body: "{", contentType: "application/json" });
    await call(failing(new Error("boom")), {});
    const records = lines
      .filter((line) => line.startsWith('{"kind":"audit"'))
      .map((line) => JSON.parse(line));
    expect(records.map((record) => [record.service, record.status, record.code, record.clientId])).toEqual([
      ["echo", 201, null, "admin"],
      ["echo", 400, "MalformedJson", "admin"],
      ["failing", 500, "InternalError", "admin"],
    ]);
    expect(records[0]).toMatchObject({
      route: "POST /things",
      secretName: "app/echo",
      action: "write",
      requestId: "req-1",
    });
  });

  it("answers a body nested deeper than 64 levels 400 JsonTooDeep, before parsing it", async () => {
    const bomb = `{"name":${"[".repeat(100_000)}1${"]".repeat(100_000)}}`;
    const started = performance.now();
    const answer = await call(echo, { body: bomb, contentType: "application/json" });
    expect(answer.statusCode).toBe(400);
    expect(answer.json).toEqual({
      error: { code: "JsonTooDeep", message: "The request body nests deeper than 64 levels" },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    const inString = await call(echo, {
      body: `{"name":"${"[".repeat(1_000)}"}`,
      contentType: "application/json",
    });
    expect(inString.statusCode).toBe(201);
  });
});
