/**
 * The secrets HTTP API end to end: real HTTP through `serverless offline` (authorizer included) to the
 * local Secrets Manager endpoint. Every status the API promises is reached here except 502 (see
 * invoke-local.test.ts and the unit tests); the last test checks every captured log line for secrets.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiAnswer,
  type HttpStack,
  localLambdaArn,
  secretPath,
  startHttpStack,
  TOKEN_SECRET_ID,
} from "../../support/http-stack.js";
import { FORGERY_VALUES } from "../../support/log-forgery.js";
import { exemptFromRedactionCheck, rememberTestSecret } from "../../support/redaction-registry.js";

let api: HttpStack;

beforeAll(async () => {
  api = await startHttpStack();
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

/** Every error answer has exactly `{"error": {code, message}}` and no stack. */
function expectError(answer: ApiAnswer, status: number, code?: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(Object.keys(answer.json)).toEqual(["error"]);
  const error = answer.json.error as { code: string; message: string };
  expect(Object.keys(error).sort()).toEqual(["code", "message"]);
  if (code) expect(error.code).toBe(code);
  expect(answer.text).not.toMatch(/\n\s+at |stack/i);
}

async function createJsonSecret(name: string, value: Record<string, string>): Promise<ApiAnswer> {
  for (const leaf of Object.values(value)) api.rememberSecret(leaf);
  return api.call("POST", "/secrets", { body: { name, value } });
}

describe("auth and scope", () => {
  it("answers 401 with no detail without a token or with a wrong one", async () => {
    const none = await api.call("GET", "/secrets", { token: null });
    const wrong = await api.call("GET", "/secrets", { token: "not-the-token" });
    for (const answer of [none, wrong]) {
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(api.token);
    }
  });

  it("answers 403 for names outside the prefix, on every kind of route", async () => {
    expectError(await api.call("GET", secretPath("other/thing")), 403, "OutsidePrefix");
    expectError(await api.call("GET", secretPath(TOKEN_SECRET_ID, "/value")), 403, "OutsidePrefix");
    expectError(
      await api.call("POST", "/secrets", { body: { name: "other/new", value: "abcdef" } }),
      403,
      "OutsidePrefix",
    );
    expectError(await api.call("GET", "/secrets?namePrefix=secrets-api/"), 403, "OutsidePrefix");
  });
});

describe("the seed's flow through the API", () => {
  const name = "app/my_secret_test_python";

  it("creates, lists, reads, puts (replacing every key), updates, deletes, restores and force-deletes", async () => {
    const created = await createJsonSecret(name, { username: "db-name", password: "db-password-1" });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      name,
      versionId: expect.any(String),
      arn: expect.stringContaining(name),
    });

    const list = await api.call("GET", "/secrets?maxResults=100&sortOrder=asc");
    expect(list.status).toBe(200);
    const names = (list.json.secrets as { name: string }[]).map((secret) => secret.name);
    expect(names).toContain(name);
    expect(names).not.toContain(TOKEN_SECRET_ID);
    expect(list.text).not.toContain("db-password-1");

    const read = await api.call("GET", secretPath(name, "/value"));
    expect(read.status).toBe(200);
    expect(read.json.value).toEqual({ username: "db-name", password: "db-password-1" });
    expect(read.json.versionStages).toEqual(["AWSCURRENT"]);
    expect(read.headers.get("etag")).toBe(`"${read.json.versionId}"`);
    const oneKey = await api.call("GET", secretPath(name, "/value?key=username"));
    expect(oneKey.json).toMatchObject({ key: "username", value: "db-name" });
    expectError(await api.call("GET", secretPath(name, "/value?key=nope")), 404, "KeyNotFound");

    api.rememberSecret("api_secret_content");
    const put = await api.call("PUT", secretPath(name, "/value"), {
      body: { value: { api_secret: "api_secret_content", api_access: "api_access_content" } },
    });
    expect(put.status, put.text).toBe(200);
    const afterPut = await api.call("GET", secretPath(name, "/value"));
    expect(afterPut.json.value).toEqual({
      api_secret: "api_secret_content",
      api_access: "api_access_content",
    });

    const updated = await api.call("PATCH", secretPath(name), {
      body: { description: "Description 내용수정하기", addTags: { team: "payments" } },
    });
    expect(updated.status, updated.text).toBe(200);
    const described = await api.call("GET", secretPath(name));
    expect(described.json).toMatchObject({
      description: "Description 내용수정하기",
      tags: { team: "payments" },
    });
    expect((described.json.versions as unknown[]).length).toBeGreaterThanOrEqual(2);

    const versions = await api.call("GET", secretPath(name, "/versions"));
    expect(versions.status).toBe(200);
    expect(versions.text).not.toContain("api_secret_content");

    const deleted = await api.call("DELETE", secretPath(name, "?recoveryWindowInDays=10"));
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json.deletionDate).toEqual(expect.any(String));
    expectError(await api.call("GET", secretPath(name, "/value")), 409, "InvalidRequestException");

    const restored = await api.call("POST", secretPath(name, "/restore"));
    expect(restored.status, restored.text).toBe(200);
    expect((await api.call("GET", secretPath(name, "/value"))).status).toBe(200);

    expect((await api.call("DELETE", secretPath(name, "?force=true"))).status).toBe(200);
    expectError(await api.call("GET", secretPath(name, "/value")), 404, "ResourceNotFoundException");
  });

  it("accepts an ARN as the id", async () => {
    const created = await createJsonSecret("app/by-arn", { password: "arn-password-1" });
    const arn = created.json.arn as string;
    const read = await api.call("GET", secretPath(arn, "/value"));
    expect(read.status, read.text).toBe(200);
    expect(read.json.name).toBe("app/by-arn");
  });

  it("sets only the schedule: 200 with the rotation settings, no versionId", async () => {
    await createJsonSecret("app/rotated", { password: "rotated-password-1" });
    const rotate = await api.call("POST", secretPath("app/rotated", "/rotate"), {
      body: {
        rotateImmediately: false,
        rotationLambdaArn: localLambdaArn("rotationGeneric"),
        rotationRules: { automaticallyAfterDays: 30 },
      },
    });
    expect(rotate.status, rotate.text).toBe(200);
    expect(rotate.json).toMatchObject({
      name: "app/rotated",
      arn: expect.stringContaining("app/rotated"),
      rotationEnabled: true,
      rotationLambdaArn: localLambdaArn("rotationGeneric"),
      rotationRules: { automaticallyAfterDays: 30 },
      nextRotationDate: expect.any(String),
    });
    expect(rotate.json).not.toHaveProperty("versionId");
    const described = await api.call("GET", secretPath("app/rotated"));
    expect(described.json).toMatchObject({
      rotationEnabled: true,
      rotationRules: { automaticallyAfterDays: 30 },
    });
  });

  it("rotates now: 202 {versionId}, and that version becomes current through the rotation function", async () => {
    await createJsonSecret("app/rotated-now", { username: "svc", password: "rotate-now-password-1" });
    const rotate = await api.call("POST", secretPath("app/rotated-now", "/rotate"), {
      body: { rotationLambdaArn: localLambdaArn("rotationGeneric") },
    });
    expect(rotate.status, rotate.text).toBe(202);
    expect(Object.keys(rotate.json)).toEqual(["versionId"]);
    const versionId = rotate.json.versionId as string;
    expect(versionId).toMatch(/^[0-9a-f-]{36}$/);
    let current: ApiAnswer | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      current = await api.call("GET", secretPath("app/rotated-now", "/value"));
      if (current.json.versionId === versionId) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(current?.json.versionId, current?.text).toBe(versionId);
    const value = current?.json.value as { username: string; password: string };
    api.rememberSecret(value.password);
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
        await api.call("POST", secretPath("app/rotate-refused", "/rotate"), {
          body: { rotateImmediately: false, rotationLambdaArn: arn },
        }),
        400,
        "RotationFunctionNotAllowed",
      );
    }
    const described = await api.call("GET", secretPath("app/rotate-refused"));
    expect(described.json.rotationEnabled).toBe(false);
    expect(described.json).not.toHaveProperty("rotationLambdaArn");
  });
});

describe("statuses", () => {
  it("400 for invalid input and malformed JSON, 415 for a wrong Content-Type, 413 past 65,536 bytes", async () => {
    expectError(await api.call("POST", "/secrets", { body: { name: "app/x" } }), 400, "InvalidInput");
    expectError(await api.call("POST", "/secrets", { body: { name: "app/bad name!", value: "abcd" } }), 400);
    expectError(await api.call("GET", "/secrets?maxResults=500"), 400, "InvalidInput");
    expectError(await api.call("DELETE", secretPath("app/x", "?force=true&recoveryWindowInDays=7")), 400);
    expectError(
      await api.call("POST", "/secrets", {
        rawBody: '{"name": "app/x", "value": ',
        headers: { "content-type": "application/json" },
      }),
      400,
      "MalformedJson",
    );
    expectError(
      await api.call("POST", "/secrets", {
        rawBody: "name=app/x",
        headers: { "content-type": "text/plain" },
      }),
      415,
      "UnsupportedMediaType",
    );
    const big = "x".repeat(65_537);
    expectError(
      await api.call("POST", "/secrets", { body: { name: "app/big", value: big } }),
      413,
      "ValueTooLarge",
    );
  });

  it("404 for a missing secret, 409 when it exists already", async () => {
    expectError(await api.call("GET", secretPath("app/missing")), 404, "ResourceNotFoundException");
    await createJsonSecret("app/twice", { password: "twice-password-1" });
    expectError(
      await createJsonSecret("app/twice", { password: "twice-password-2" }),
      409,
      "ResourceExistsException",
    );
  });

  it("429 with Retry-After when Secrets Manager throttles", async () => {
    await createJsonSecret("app/throttled", { password: "throttled-password-1" });
    await api.endpoint.control("throttle", { share: 1, operations: ["DescribeSecret"] });
    try {
      const answer = await api.call("GET", secretPath("app/throttled"));
      expectError(answer, 429, "ThrottlingException");
      expect(answer.headers.get("retry-after")).toBe("1");
    } finally {
      await api.endpoint.control("throttle", { share: 0 });
    }
  });

  it("carries security headers and no-store on answers", async () => {
    const answer = await api.call("GET", "/secrets");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});

describe("PUT, PATCH and If-Match", () => {
  it("PATCH keeps the keys it was not told to touch; PUT replaces them all", async () => {
    const name = "app/patched";
    await createJsonSecret(name, { username: "u1", password: "patch-password-1", host: "db.local" });
    api.rememberSecret("patch-password-2");
    const patch = await api.call("PATCH", secretPath(name, "/value"), {
      body: { set: { password: "patch-password-2", port: "5432" }, remove: ["host"] },
    });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.json.keys).toEqual(["password", "port", "username"]);
    const afterPatch = await api.call("GET", secretPath(name, "/value"));
    expect(afterPatch.json.value).toEqual({ username: "u1", password: "patch-password-2", port: "5432" });

    const put = await api.call("PUT", secretPath(name, "/value"), {
      body: { value: { only: "this-one-key" } },
    });
    expect(put.status).toBe(200);
    expect((await api.call("GET", secretPath(name, "/value"))).json.value).toEqual({ only: "this-one-key" });
  });

  it("PATCH stores a __proto__ key as a key, which reads back and can be removed", async () => {
    const name = "app/proto-keys";
    await createJsonSecret(name, { username: "u1", password: "proto-password-1" });
    api.rememberSecret("proto-value-1");
    const headers = { "content-type": "application/json" };
    const patch = await api.call("PATCH", secretPath(name, "/value"), {
      rawBody: '{"set": {"__proto__": {"inner": "proto-value-1"}}}',
      headers,
    });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.json.keys).toEqual(["__proto__", "password", "username"]);
    const read = await api.call("GET", secretPath(name, "/value"));
    expect(read.text).toContain('"__proto__":{"inner":"proto-value-1"}');
    const value = read.json.value as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(["__proto__", "password", "username"]);
    const oneKey = await api.call("GET", secretPath(name, "/value?key=__proto__"));
    expect(oneKey.text).toContain('"value":{"inner":"proto-value-1"}');
    const removed = await api.call("PATCH", secretPath(name, "/value"), {
      rawBody: '{"remove": ["__proto__"]}',
      headers,
    });
    expect(removed.json.keys).toEqual(["password", "username"]);
  });

  it("PATCH on a value that is not a JSON object is 409", async () => {
    api.rememberSecret("plain-text-secret");
    await api.call("POST", "/secrets", { body: { name: "app/plain", value: "plain-text-secret" } });
    expectError(
      await api.call("PATCH", secretPath("app/plain", "/value"), { body: { set: { a: "b" } } }),
      409,
    );
  });

  it("a stale If-Match is 412 for PUT and PATCH, and nothing becomes current", async () => {
    const name = "app/if-match";
    await createJsonSecret(name, { password: "ifmatch-password-1" });
    const first = await api.call("GET", secretPath(name, "/value"));
    const stale = first.json.versionId as string;
    const put = await api.call("PUT", secretPath(name, "/value"), {
      body: { value: { password: "ifmatch-password-2" } },
      headers: { "if-match": `"${stale}"` },
    });
    expect(put.status, put.text).toBe(200);
    api.rememberSecret("ifmatch-password-3");
    for (const method of ["PUT", "PATCH"] as const) {
      const body =
        method === "PUT"
          ? { value: { password: "ifmatch-password-3" } }
          : { set: { password: "ifmatch-password-3" } };
      expectError(
        await api.call(method, secretPath(name, "/value"), { body, headers: { "if-match": stale } }),
        412,
        "VersionConflict",
      );
    }
    const now = await api.call("GET", secretPath(name, "/value"));
    expect(now.json.value).toEqual({ password: "ifmatch-password-2" });
    expectError(
      await api.call("PUT", secretPath(name, "/value"), {
        body: { value: "x1234" },
        headers: { "if-match": "not-a-version" },
      }),
      400,
    );
  });

  it("20 concurrent PATCHes with the same If-Match: exactly one 200, nineteen 412, one writer's value", async () => {
    const name = "app/concurrent";
    await createJsonSecret(name, { keep: "kept-value", writer: "none-yet" });
    const read = await api.call("GET", secretPath(name, "/value"));
    const ifMatch = `"${read.json.versionId as string}"`;
    const writers = Array.from({ length: 20 }, (_, index) => `writer-${index}`);
    const answers = await Promise.all(
      writers.map((writer) =>
        api.call("PATCH", secretPath(name, "/value"), {
          body: { set: { writer } },
          headers: { "if-match": ifMatch },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(19).fill(412)]);
    const winner = writers[answers.findIndex((answer) => answer.status === 200)];
    const stored = await api.call("GET", secretPath(name, "/value"));
    expect(stored.json.value).toEqual({ keep: "kept-value", writer: winner });
    const winnerVersion = answers.find((answer) => answer.status === 200)?.json.versionId;
    expect(stored.json.versionId).toBe(winnerVersion);
    // No claim label is left behind: only AWSCURRENT and AWSPREVIOUS remain.
    const described = await api.call("GET", secretPath(name));
    const stages = (described.json.versions as { stages: string[] }[])
      .flatMap((version) => version.stages)
      .sort();
    expect(stages).toEqual(["AWSCURRENT", "AWSPREVIOUS"]);
    // A refused write stores nothing: no losing value is kept, not even as an unlabelled version.
    const versions = await api.client.send(
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
      const create = await api.call("POST", "/secrets", {
        rawBody: `{"name":"app/deep-${depth}","value":{"a":${nested(depth)}}}`,
        headers,
      });
      expectError(create, 400, "JsonTooDeep");
      expectError(await api.call("GET", secretPath(`app/deep-${depth}`)), 404, "ResourceNotFoundException");
    }
    await createJsonSecret("app/deep-target", { password: "deep-target-password-1" });
    const before = await api.call("GET", secretPath("app/deep-target", "/value"));
    for (const [method, body] of [
      ["PUT", `{"value":{"a":${nested(30_000)}}}`],
      ["PATCH", `{"set":{"a":${nested(30_000)}}}`],
    ] as const) {
      expectError(
        await api.call(method, secretPath("app/deep-target", "/value"), { rawBody: body, headers }),
        400,
        "JsonTooDeep",
      );
    }
    const after = await api.call("GET", secretPath("app/deep-target", "/value"));
    expect(after.json.versionId).toBe(before.json.versionId);
    // 64 levels are fine.
    const ok = await api.call("POST", "/secrets", {
      rawBody: `{"name":"app/deep-ok","value":{"a":${nested(62)}}}`,
      headers,
    });
    expect(ok.status, ok.text).toBe(201);
  });

  it("a stored value nested deeper is read whole as text, and PATCH or key=K answer 409, never a 5xx", async () => {
    const text = `{"a":${nested(30_000)}}`;
    expect(text.length).toBeLessThan(64 * 1024);
    await api.client.send(new CreateSecretCommand({ Name: "app/deep-stored", SecretString: text }));
    const read = await api.call("GET", secretPath("app/deep-stored", "/value"));
    expect(read.status).toBe(200);
    expect(read.json.value).toBe(text);
    expectError(
      await api.call("GET", secretPath("app/deep-stored", "/value?key=a")),
      409,
      "SecretJsonTooDeep",
    );
    expectError(
      await api.call("PATCH", secretPath("app/deep-stored", "/value"), { body: { set: { b: "1" } } }),
      409,
      "SecretJsonTooDeep",
    );
  });
});

describe("log forgery", () => {
  /** The parts of a request's audit record and error answer that do not change between two requests. */
  const stable = async () => {
    // The same function that reads the values (each function is a bundle of its own, with its own memory).
    const answer = await api.call("GET", secretPath("other/thing", "/value"));
    const record = api.auditRecords().at(-1);
    const { time: _t, requestId: _r, durationMs: _d, userAgent: _u, ...rest } = record ?? ({} as never);
    return { answer: answer.json, record: rest };
  };

  it("values equal to what the code writes, and 10,000 distinct values before them, change no line or answer", async () => {
    const before = await stable();
    for (const value of FORGERY_VALUES) exemptFromRedactionCheck(value);
    // 10,000 distinct values, stored and read through the API (each is registered on the way).
    for (let part = 0; part < 4; part += 1) {
      const keys = Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`k${i}`, `v-${part}-${i}`]));
      const created = await api.call("POST", "/secrets", {
        body: { name: `app/flood-${part}`, value: keys },
      });
      expect(created.status, created.text).toBe(201);
      expect((await api.call("GET", secretPath(`app/flood-${part}`, "/value"))).status).toBe(200);
    }
    for (const [index, value] of FORGERY_VALUES.entries()) {
      const name = `app/forgery-${index}`;
      expect(
        (await api.call("POST", "/secrets", { body: { name, value: { password: value } } })).status,
      ).toBe(201);
      expect((await api.call("GET", secretPath(name, "/value"))).status).toBe(200);
      expect((await api.call("POST", "/secrets", { body: { name: `${name}-text`, value } })).status).toBe(
        201,
      );
    }
    const after = await stable();
    expect(after).toEqual(before);
    expect(after.answer).toEqual({
      error: { code: "OutsidePrefix", message: "This API manages only secrets under its prefix" },
    });
    // Every line offline wrote since is whole JSON where it was JSON, and none is masked.
    expect(api.logLines().filter((line) => line.includes("[REDACTED]"))).toEqual([]);
    // A real value is still never logged.
    const real = rememberTestSecret("real-value-after-flood-7f3a");
    await createJsonSecret("app/after-flood", { password: real });
    expect((await api.call("GET", secretPath("app/after-flood", "/value"))).status).toBe(200);
    expect(api.logLines().some((line) => line.includes(real))).toBe(false);
  }, 120_000);
});

describe("the API token's rotation", () => {
  it("accepts AWSCURRENT and AWSPENDING while pending, only the new one after finishSecret", async () => {
    const oldToken = api.token;
    const newToken = `tok-new-${Date.now().toString(36)}-rotated`;
    api.rememberSecret(newToken);
    const pendingVersion = "11111111-2222-3333-4444-555555555555";
    await api.client.send(
      new PutSecretValueCommand({
        SecretId: TOKEN_SECRET_ID,
        ClientRequestToken: pendingVersion,
        SecretString: JSON.stringify({ token: newToken }),
        VersionStages: ["AWSPENDING"],
      }),
    );
    // A miss refreshes the cache at most once a second: give it that second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await api.call("GET", "/secrets", { token: newToken })).status).toBe(200);
    expect((await api.call("GET", "/secrets", { token: oldToken })).status).toBe(200);

    // finishSecret: AWSCURRENT moves to the pending version, AWSPENDING is taken off.
    const description = await api.client.send(new DescribeSecretCommand({ SecretId: TOKEN_SECRET_ID }));
    const oldVersion = Object.entries(description.VersionIdsToStages ?? {}).find(([, stages]) =>
      stages.includes("AWSCURRENT"),
    )?.[0];
    await api.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: TOKEN_SECRET_ID,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: pendingVersion,
        RemoveFromVersionId: oldVersion,
      }),
    );
    await api.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: TOKEN_SECRET_ID,
        VersionStage: "AWSPENDING",
        RemoveFromVersionId: pendingVersion,
      }),
    );
    // The authorizer trusts its cache for API_TOKEN_CACHE_SECONDS (1 s here).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await api.call("GET", "/secrets", { token: newToken })).status).toBe(200);
    expect((await api.call("GET", "/secrets", { token: oldToken })).status).toBe(401);
  });
});

describe("logs and the audit trail", () => {
  it("every request left exactly one audit record with every field, none holding a value or token", () => {
    expect(api.auditProblems()).toEqual([]);
  });

  it("no captured log line carries a secret value", () => {
    expect(api.logLines().length).toBeGreaterThan(20);
    expect(api.leakedSecrets()).toEqual([]);
  });
});
