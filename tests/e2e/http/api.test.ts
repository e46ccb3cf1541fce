/**
 * The secrets HTTP API end to end: real HTTP through `serverless offline` (authorizer included) to the
 * local Secrets Manager endpoint. Every status the API promises is reached here except 502 (see
 * invoke-local.test.ts and the unit tests); the last test checks every captured log line for secrets.
 * Requests go through the typed client (client/index.ts); only malformed input is sent raw, each so marked.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { operations, SecretsApi } from "../../../client/index.js";
import {
  type HttpStack,
  localLambdaArn,
  secretPath,
  startHttpStack,
  TOKEN_SECRET_ID,
} from "../../support/http-stack.js";
import { FORGERY_VALUES } from "../../support/log-forgery.js";
import { exemptFromRedactionCheck, rememberTestSecret } from "../../support/redaction-registry.js";

let stack: HttpStack;
/** The typed client, as the admin. */
let api: SecretsApi;

beforeAll(async () => {
  stack = await startHttpStack();
  api = stack.api;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** An answer of the typed client or of a raw call. */
interface Answered {
  response: Response;
}

/** The init of a call on one secret: `api.GET("/secrets/{id}", secret("app/db"))`. */
const secret = (id: string) => ({ params: { path: { id } } });

/** The 202 of `POST /secrets/{id}/rotate` (its 200 is the rotation settings). */
type RotationStarted = operations["rotateSecret"]["responses"][202]["content"]["application/json"];

function expectStatus(answer: Answered, status: number): void {
  expect(answer.response.status, stack.textOf(answer.response)).toBe(status);
}

/** Every error answer has exactly `{"error": {code, message}}` and no stack. */
function expectError(answer: Answered, status: number, code?: string): void {
  const text = stack.textOf(answer.response);
  expectStatus(answer, status);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // leaves json empty: the next line fails, showing the text
  }
  expect(Object.keys(json), text).toEqual(["error"]);
  const error = json.error as { code: string; message: string };
  expect(Object.keys(error).sort()).toEqual(["code", "message"]);
  if (code) expect(error.code).toBe(code);
  expect(text).not.toMatch(/\n\s+at |stack/i);
}

function createJsonSecret(name: string, value: Record<string, string>) {
  for (const leaf of Object.values(value)) stack.rememberSecret(leaf);
  return api.POST("/secrets", { body: { name, value } });
}

describe("auth and scope", () => {
  it("answers 401 with no detail without a token or with a wrong one", async () => {
    const none = await stack.apiWith(null).GET("/secrets");
    const wrong = await stack.apiWith("not-the-token").GET("/secrets");
    for (const answer of [none, wrong]) {
      expect(answer.response.status).toBe(401);
      expect(stack.textOf(answer.response)).not.toContain(stack.token);
    }
  });

  it("answers 403 for names outside the prefix, on every kind of route", async () => {
    expectError(await api.GET("/secrets/{id}", secret("other/thing")), 403, "OutsidePrefix");
    expectError(await api.GET("/secrets/{id}/value", secret(TOKEN_SECRET_ID)), 403, "OutsidePrefix");
    expectError(
      await api.POST("/secrets", { body: { name: "other/new", value: "abcdef" } }),
      403,
      "OutsidePrefix",
    );
    expectError(
      await api.GET("/secrets", { params: { query: { namePrefix: "secrets-api/" } } }),
      403,
      "OutsidePrefix",
    );
  });
});

describe("the seed's flow through the API", () => {
  const name = "app/my_secret_test_python";

  it("creates, lists, reads, puts (replacing every key), updates, deletes, restores and force-deletes", async () => {
    const created = await createJsonSecret(name, { username: "db-name", password: "db-password-1" });
    expectStatus(created, 201);
    expect(created.data).toMatchObject({
      name,
      versionId: expect.any(String),
      arn: expect.stringContaining(name),
    });

    const list = await api.GET("/secrets", { params: { query: { maxResults: 100, sortOrder: "asc" } } });
    expect(list.response.status).toBe(200);
    const names = (list.data?.secrets ?? []).map((listed) => listed.name);
    expect(names).toContain(name);
    expect(names).not.toContain(TOKEN_SECRET_ID);
    expect(stack.textOf(list.response)).not.toContain("db-password-1");

    const read = await api.GET("/secrets/{id}/value", secret(name));
    expect(read.response.status).toBe(200);
    expect(read.data?.value).toEqual({ username: "db-name", password: "db-password-1" });
    expect(read.data?.versionStages).toEqual(["AWSCURRENT"]);
    expect(read.response.headers.get("etag")).toBe(`"${read.data?.versionId}"`);
    const oneKey = await api.GET("/secrets/{id}/value", {
      params: { path: { id: name }, query: { key: "username" } },
    });
    expect(oneKey.data).toMatchObject({ key: "username", value: "db-name" });
    expectError(
      await api.GET("/secrets/{id}/value", { params: { path: { id: name }, query: { key: "nope" } } }),
      404,
      "KeyNotFound",
    );

    stack.rememberSecret("api_secret_content");
    const put = await api.PUT("/secrets/{id}/value", {
      ...secret(name),
      body: { value: { api_secret: "api_secret_content", api_access: "api_access_content" } },
    });
    expectStatus(put, 200);
    const afterPut = await api.GET("/secrets/{id}/value", secret(name));
    expect(afterPut.data?.value).toEqual({
      api_secret: "api_secret_content",
      api_access: "api_access_content",
    });

    const updated = await api.PATCH("/secrets/{id}", {
      ...secret(name),
      body: { description: "Description 내용수정하기", addTags: { team: "payments" } },
    });
    expectStatus(updated, 200);
    const described = await api.GET("/secrets/{id}", secret(name));
    expect(described.data).toMatchObject({
      description: "Description 내용수정하기",
      tags: { team: "payments" },
    });
    expect(described.data?.versions?.length).toBeGreaterThanOrEqual(2);

    const versions = await api.GET("/secrets/{id}/versions", secret(name));
    expect(versions.response.status).toBe(200);
    expect(stack.textOf(versions.response)).not.toContain("api_secret_content");

    const deleted = await api.DELETE("/secrets/{id}", {
      params: { path: { id: name }, query: { recoveryWindowInDays: 10 } },
    });
    expectStatus(deleted, 200);
    expect(deleted.data?.deletionDate).toEqual(expect.any(String));
    expectError(await api.GET("/secrets/{id}/value", secret(name)), 409, "InvalidRequestException");

    const restored = await api.POST("/secrets/{id}/restore", secret(name));
    expectStatus(restored, 200);
    expect((await api.GET("/secrets/{id}/value", secret(name))).response.status).toBe(200);

    const forced = await api.DELETE("/secrets/{id}", {
      params: { path: { id: name }, query: { force: true } },
    });
    expect(forced.response.status).toBe(200);
    expectError(await api.GET("/secrets/{id}/value", secret(name)), 404, "ResourceNotFoundException");
  });

  it("accepts an ARN as the id", async () => {
    const created = await createJsonSecret("app/by-arn", { password: "arn-password-1" });
    const read = await api.GET("/secrets/{id}/value", secret(created.data?.arn ?? ""));
    expectStatus(read, 200);
    expect(read.data?.name).toBe("app/by-arn");
  });

  it("sets only the schedule: 200 with the rotation settings, no versionId", async () => {
    await createJsonSecret("app/rotated", { password: "rotated-password-1" });
    const rotate = await api.POST("/secrets/{id}/rotate", {
      ...secret("app/rotated"),
      body: {
        rotateImmediately: false,
        rotationLambdaArn: localLambdaArn("rotationGeneric"),
        rotationRules: { automaticallyAfterDays: 30 },
      },
    });
    expectStatus(rotate, 200);
    expect(rotate.data).toMatchObject({
      name: "app/rotated",
      arn: expect.stringContaining("app/rotated"),
      rotationEnabled: true,
      rotationLambdaArn: localLambdaArn("rotationGeneric"),
      rotationRules: { automaticallyAfterDays: 30 },
      nextRotationDate: expect.any(String),
    });
    expect(rotate.data).not.toHaveProperty("versionId");
    const described = await api.GET("/secrets/{id}", secret("app/rotated"));
    expect(described.data).toMatchObject({
      rotationEnabled: true,
      rotationRules: { automaticallyAfterDays: 30 },
    });
  });

  it("rotates now: 202 {versionId}, and that version becomes current through the rotation function", async () => {
    await createJsonSecret("app/rotated-now", { username: "svc", password: "rotate-now-password-1" });
    const rotate = await api.POST("/secrets/{id}/rotate", {
      ...secret("app/rotated-now"),
      body: { rotationLambdaArn: localLambdaArn("rotationGeneric") },
    });
    expectStatus(rotate, 202);
    expect(Object.keys(rotate.data ?? {})).toEqual(["versionId"]);
    const { versionId } = rotate.data as RotationStarted;
    expect(versionId).toMatch(/^[0-9a-f-]{36}$/);
    const readValue = () => api.GET("/secrets/{id}/value", secret("app/rotated-now"));
    let current: Awaited<ReturnType<typeof readValue>> | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      current = await readValue();
      if (current.data?.versionId === versionId) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(current?.data?.versionId, current && stack.textOf(current.response)).toBe(versionId);
    const value = current?.data?.value as { username: string; password: string };
    stack.rememberSecret(value.password);
    expect(value.username).toBe("svc");
    expect(value.password).not.toBe("rotate-now-password-1");
  }, 60_000);

  it("refuses a rotationLambdaArn that is not one of the rotation functions: 400, nothing changed", async () => {
    await createJsonSecret("app/rotate-refused", { password: "refused-password-1" });
    for (const arn of [
      localLambdaArn("authorizer"),
      localLambdaArn("getSecretValue"),
      "arn:aws:lambda:us-east-1:000000000000:function:rotator",
    ]) {
      expectError(
        await api.POST("/secrets/{id}/rotate", {
          ...secret("app/rotate-refused"),
          body: { rotateImmediately: false, rotationLambdaArn: arn },
        }),
        400,
        "RotationFunctionNotAllowed",
      );
    }
    const described = await api.GET("/secrets/{id}", secret("app/rotate-refused"));
    expect(described.data?.rotationEnabled).toBe(false);
    expect(described.data).not.toHaveProperty("rotationLambdaArn");
  });
});

describe("statuses", () => {
  it("400 for invalid input and malformed JSON, 415 for a wrong Content-Type, 413 past 65,536 bytes", async () => {
    expectError(await api.POST("/secrets", { body: { name: "app/x" } }), 400, "InvalidInput");
    expectError(await api.POST("/secrets", { body: { name: "app/bad name!", value: "abcd" } }), 400);
    expectError(await api.GET("/secrets", { params: { query: { maxResults: 500 } } }), 400, "InvalidInput");
    expectError(
      await api.DELETE("/secrets/{id}", {
        params: { path: { id: "app/x" }, query: { force: true, recoveryWindowInDays: 7 } },
      }),
      400,
    );
    // Raw: a body that is not JSON at all, which the typed client cannot send.
    expectError(
      await stack.rawCall("POST", "/secrets", {
        rawBody: '{"name": "app/x", "value": ',
        headers: { "content-type": "application/json" },
      }),
      400,
      "MalformedJson",
    );
    // Raw: a content type other than the JSON openapi.yaml declares.
    expectError(
      await stack.rawCall("POST", "/secrets", {
        rawBody: "name=app/x",
        headers: { "content-type": "text/plain" },
      }),
      415,
      "UnsupportedMediaType",
    );
    const big = "x".repeat(65_537);
    expectError(await api.POST("/secrets", { body: { name: "app/big", value: big } }), 413, "ValueTooLarge");
  });

  it("404 for a missing secret, 409 when it exists already", async () => {
    expectError(await api.GET("/secrets/{id}", secret("app/missing")), 404, "ResourceNotFoundException");
    await createJsonSecret("app/twice", { password: "twice-password-1" });
    expectError(
      await createJsonSecret("app/twice", { password: "twice-password-2" }),
      409,
      "ResourceExistsException",
    );
  });

  it("429 with Retry-After when Secrets Manager throttles", async () => {
    await createJsonSecret("app/throttled", { password: "throttled-password-1" });
    await stack.endpoint.control("throttle", { share: 1, operations: ["DescribeSecret"] });
    try {
      const answer = await api.GET("/secrets/{id}", secret("app/throttled"));
      expectError(answer, 429, "ThrottlingException");
      expect(answer.response.headers.get("retry-after")).toBe("1");
    } finally {
      await stack.endpoint.control("throttle", { share: 0 });
    }
  });

  it("carries security headers and no-store on answers", async () => {
    const { response } = await api.GET("/secrets");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("PUT, PATCH and If-Match", () => {
  it("PATCH keeps the keys it was not told to touch; PUT replaces them all", async () => {
    const name = "app/patched";
    await createJsonSecret(name, { username: "u1", password: "patch-password-1", host: "db.local" });
    stack.rememberSecret("patch-password-2");
    const patch = await api.PATCH("/secrets/{id}/value", {
      ...secret(name),
      body: { set: { password: "patch-password-2", port: "5432" }, remove: ["host"] },
    });
    expectStatus(patch, 200);
    expect(patch.data?.keys).toEqual(["password", "port", "username"]);
    const afterPatch = await api.GET("/secrets/{id}/value", secret(name));
    expect(afterPatch.data?.value).toEqual({ username: "u1", password: "patch-password-2", port: "5432" });

    const put = await api.PUT("/secrets/{id}/value", {
      ...secret(name),
      body: { value: { only: "this-one-key" } },
    });
    expect(put.response.status).toBe(200);
    expect((await api.GET("/secrets/{id}/value", secret(name))).data?.value).toEqual({
      only: "this-one-key",
    });
  });

  it("PATCH stores a __proto__ key as a key, which reads back and can be removed", async () => {
    const name = "app/proto-keys";
    await createJsonSecret(name, { username: "u1", password: "proto-password-1" });
    stack.rememberSecret("proto-value-1");
    // JSON.parse makes `__proto__` an own key, which JSON.stringify sends (an object literal's would set
    // the prototype instead, and be sent as nothing).
    const set = JSON.parse('{"__proto__": {"inner": "proto-value-1"}}') as Record<string, unknown>;
    const patch = await api.PATCH("/secrets/{id}/value", { ...secret(name), body: { set } });
    expectStatus(patch, 200);
    expect(patch.data?.keys).toEqual(["__proto__", "password", "username"]);
    const read = await api.GET("/secrets/{id}/value", secret(name));
    expect(stack.textOf(read.response)).toContain('"__proto__":{"inner":"proto-value-1"}');
    const value = read.data?.value as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(["__proto__", "password", "username"]);
    const oneKey = await api.GET("/secrets/{id}/value", {
      params: { path: { id: name }, query: { key: "__proto__" } },
    });
    expect(stack.textOf(oneKey.response)).toContain('"value":{"inner":"proto-value-1"}');
    const removed = await api.PATCH("/secrets/{id}/value", {
      ...secret(name),
      body: { remove: ["__proto__"] },
    });
    expect(removed.data?.keys).toEqual(["password", "username"]);
  });

  it("PATCH on a value that is not a JSON object is 409", async () => {
    stack.rememberSecret("plain-text-secret");
    await api.POST("/secrets", { body: { name: "app/plain", value: "plain-text-secret" } });
    expectError(
      await api.PATCH("/secrets/{id}/value", { ...secret("app/plain"), body: { set: { a: "b" } } }),
      409,
    );
  });

  it("a stale If-Match is 412 for PUT and PATCH, and nothing becomes current", async () => {
    const name = "app/if-match";
    await createJsonSecret(name, { password: "ifmatch-password-1" });
    const first = await api.GET("/secrets/{id}/value", secret(name));
    const stale = first.data?.versionId ?? "";
    const put = await api.PUT("/secrets/{id}/value", {
      params: { path: { id: name }, header: { "If-Match": `"${stale}"` } },
      body: { value: { password: "ifmatch-password-2" } },
    });
    expectStatus(put, 200);
    stack.rememberSecret("ifmatch-password-3");
    const params = { path: { id: name }, header: { "If-Match": stale } };
    expectError(
      await api.PUT("/secrets/{id}/value", { params, body: { value: { password: "ifmatch-password-3" } } }),
      412,
      "VersionConflict",
    );
    expectError(
      await api.PATCH("/secrets/{id}/value", { params, body: { set: { password: "ifmatch-password-3" } } }),
      412,
      "VersionConflict",
    );
    const now = await api.GET("/secrets/{id}/value", secret(name));
    expect(now.data?.value).toEqual({ password: "ifmatch-password-2" });
    expectError(
      await api.PUT("/secrets/{id}/value", {
        params: { path: { id: name }, header: { "If-Match": "not-a-version" } },
        body: { value: "x1234" },
      }),
      400,
    );
  });

  it("20 concurrent PATCHes with the same If-Match: exactly one 200, nineteen 412, one writer's value", async () => {
    const name = "app/concurrent";
    await createJsonSecret(name, { keep: "kept-value", writer: "none-yet" });
    const read = await api.GET("/secrets/{id}/value", secret(name));
    const ifMatch = `"${read.data?.versionId}"`;
    const writers = Array.from({ length: 20 }, (_, index) => `writer-${index}`);
    const answers = await Promise.all(
      writers.map((writer) =>
        api.PATCH("/secrets/{id}/value", {
          params: { path: { id: name }, header: { "If-Match": ifMatch } },
          body: { set: { writer } },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.response.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(19).fill(412)]);
    const winner = writers[answers.findIndex((answer) => answer.response.status === 200)];
    const stored = await api.GET("/secrets/{id}/value", secret(name));
    expect(stored.data?.value).toEqual({ keep: "kept-value", writer: winner });
    const winnerVersion = answers.find((answer) => answer.response.status === 200)?.data?.versionId;
    expect(stored.data?.versionId).toBe(winnerVersion);
    // No claim label is left behind: only AWSCURRENT and AWSPREVIOUS remain.
    const described = await api.GET("/secrets/{id}", secret(name));
    const stages = (described.data?.versions ?? []).flatMap((version) => version.stages ?? []).sort();
    expect(stages).toEqual(["AWSCURRENT", "AWSPREVIOUS"]);
    // A refused write stores nothing: no losing value is kept, not even as an unlabelled version.
    const versions = await stack.client.send(
      new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }),
    );
    expect(versions.Versions).toHaveLength(2);
  }, 60_000);
});

describe("JSON nested too deep", () => {
  const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

  it("a depth bomb in a body is 400 JsonTooDeep, found before parsing, and stores nothing", async () => {
    const headers = { "content-type": "application/json" };
    for (const depth of [65, 30_000, 100_000]) {
      // Raw: a depth bomb, sent as text (past some thousand levels this process's own JSON.parse and
      // JSON.stringify overflow the stack, so the typed client could not even hold it as a value).
      const create = await stack.rawCall("POST", "/secrets", {
        rawBody: `{"name":"app/deep-${depth}","value":{"a":${nested(depth)}}}`,
        headers,
      });
      expectError(create, 400, "JsonTooDeep");
      expectError(
        await api.GET("/secrets/{id}", secret(`app/deep-${depth}`)),
        404,
        "ResourceNotFoundException",
      );
    }
    await createJsonSecret("app/deep-target", { password: "deep-target-password-1" });
    const before = await api.GET("/secrets/{id}/value", secret("app/deep-target"));
    for (const [method, body] of [
      ["PUT", `{"value":{"a":${nested(30_000)}}}`],
      ["PATCH", `{"set":{"a":${nested(30_000)}}}`],
    ] as const) {
      // Raw: a depth bomb, as above.
      expectError(
        await stack.rawCall(method, secretPath("app/deep-target", "/value"), { rawBody: body, headers }),
        400,
        "JsonTooDeep",
      );
    }
    const after = await api.GET("/secrets/{id}/value", secret("app/deep-target"));
    expect(after.data?.versionId).toBe(before.data?.versionId);
    // 64 levels are fine.
    const deepOk = JSON.parse(nested(62)) as unknown;
    const ok = await api.POST("/secrets", { body: { name: "app/deep-ok", value: { a: deepOk } } });
    expectStatus(ok, 201);
  });

  it("a stored value nested deeper is read whole as text, and PATCH or key=K answer 409, never a 5xx", async () => {
    const text = `{"a":${nested(30_000)}}`;
    expect(text.length).toBeLessThan(64 * 1024);
    await stack.client.send(new CreateSecretCommand({ Name: "app/deep-stored", SecretString: text }));
    const read = await api.GET("/secrets/{id}/value", secret("app/deep-stored"));
    expect(read.response.status).toBe(200);
    expect(read.data?.value).toBe(text);
    expectError(
      await api.GET("/secrets/{id}/value", {
        params: { path: { id: "app/deep-stored" }, query: { key: "a" } },
      }),
      409,
      "SecretJsonTooDeep",
    );
    expectError(
      await api.PATCH("/secrets/{id}/value", { ...secret("app/deep-stored"), body: { set: { b: "1" } } }),
      409,
      "SecretJsonTooDeep",
    );
  });
});

describe("log forgery", () => {
  /** The parts of a request's audit record and error answer that do not change between two requests. */
  const stable = async () => {
    // The same function that reads the values (each function is a bundle of its own, with its own memory).
    const answer = await api.GET("/secrets/{id}/value", secret("other/thing"));
    const record = stack.auditRecords().at(-1);
    const { time: _t, requestId: _r, durationMs: _d, userAgent: _u, ...rest } = record ?? ({} as never);
    return { answer: answer.error, record: rest };
  };

  it("values equal to what the code writes, and 10,000 distinct values before them, change no line or answer", async () => {
    const before = await stable();
    for (const value of FORGERY_VALUES) exemptFromRedactionCheck(value);
    // 10,000 distinct values, stored and read through the API (each is registered on the way).
    for (let part = 0; part < 4; part += 1) {
      const keys = Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`k${i}`, `v-${part}-${i}`]));
      const created = await api.POST("/secrets", { body: { name: `app/flood-${part}`, value: keys } });
      expectStatus(created, 201);
      expect((await api.GET("/secrets/{id}/value", secret(`app/flood-${part}`))).response.status).toBe(200);
    }
    for (const [index, value] of FORGERY_VALUES.entries()) {
      const name = `app/forgery-${index}`;
      const created = await api.POST("/secrets", { body: { name, value: { password: value } } });
      expect(created.response.status).toBe(201);
      expect((await api.GET("/secrets/{id}/value", secret(name))).response.status).toBe(200);
      const asText = await api.POST("/secrets", { body: { name: `${name}-text`, value } });
      expect(asText.response.status).toBe(201);
    }
    const after = await stable();
    expect(after).toEqual(before);
    expect(after.answer).toEqual({
      error: { code: "OutsidePrefix", message: "This API manages only secrets under its prefix" },
    });
    // Every line offline wrote since is whole JSON where it was JSON, and none is masked.
    expect(stack.logLines().filter((line) => line.includes("[REDACTED]"))).toEqual([]);
    // A real value is still never logged.
    const real = rememberTestSecret("real-value-after-flood-7f3a");
    await createJsonSecret("app/after-flood", { password: real });
    expect((await api.GET("/secrets/{id}/value", secret("app/after-flood"))).response.status).toBe(200);
    expect(stack.logLines().some((line) => line.includes(real))).toBe(false);
  }, 120_000);
});

describe("the API token's rotation", () => {
  it("accepts AWSCURRENT and AWSPENDING while pending, only the new one after finishSecret", async () => {
    const oldToken = stack.token;
    const newToken = `tok-new-${Date.now().toString(36)}-rotated`;
    stack.rememberSecret(newToken);
    const statusWith = async (token: string) => (await stack.apiWith(token).GET("/secrets")).response.status;
    const pendingVersion = "11111111-2222-3333-4444-555555555555";
    await stack.client.send(
      new PutSecretValueCommand({
        SecretId: TOKEN_SECRET_ID,
        ClientRequestToken: pendingVersion,
        SecretString: JSON.stringify({ token: newToken }),
        VersionStages: ["AWSPENDING"],
      }),
    );
    // A miss refreshes the cache at most once a second: give it that second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await statusWith(newToken)).toBe(200);
    expect(await statusWith(oldToken)).toBe(200);

    // finishSecret: AWSCURRENT moves to the pending version, AWSPENDING is taken off.
    const description = await stack.client.send(new DescribeSecretCommand({ SecretId: TOKEN_SECRET_ID }));
    const oldVersion = Object.entries(description.VersionIdsToStages ?? {}).find(([, stages]) =>
      stages.includes("AWSCURRENT"),
    )?.[0];
    await stack.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: TOKEN_SECRET_ID,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: pendingVersion,
        RemoveFromVersionId: oldVersion,
      }),
    );
    await stack.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: TOKEN_SECRET_ID,
        VersionStage: "AWSPENDING",
        RemoveFromVersionId: pendingVersion,
      }),
    );
    // The authorizer trusts its cache for API_TOKEN_CACHE_SECONDS (1 s here).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await statusWith(newToken)).toBe(200);
    expect(await statusWith(oldToken)).toBe(401);
  });
});

describe("logs and the audit trail", () => {
  it("every request left exactly one audit record with every field, none holding a value or token", () => {
    expect(stack.auditProblems()).toEqual([]);
  });

  it("no captured log line carries a secret value", () => {
    expect(stack.logLines().length).toBeGreaterThan(20);
    expect(stack.leakedSecrets()).toEqual([]);
  });
});
