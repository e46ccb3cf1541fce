/**
 * What web pages cannot do to the endpoint (raw HTTP, the requests a browser would send): a `Host` that
 * does not name the endpoint (DNS rebinding) and any request with an `Origin` header are refused with
 * 403 and no CORS header, for the operations and the controls alike, and change nothing; what the SDKs
 * and curl send still works, a bodyless `curl -X POST /_local/reset` included.
 */
import { execFile } from "node:child_process";
import { type IncomingHttpHeaders, request } from "node:http";
import { promisify } from "node:util";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { rawExchange } from "../../support/raw-http";
import { rememberTestSecret } from "../../support/redaction-registry";

const run = promisify(execFile);
const SECRET = "guard/db";
const VALUE = rememberTestSecret("guard-value-7d1f0c2e9b");

describe("the endpoint refuses what web pages send", () => {
  let local: TestEndpoint;
  let port: string;
  beforeAll(async () => {
    local = await startTestEndpoint();
    port = new URL(local.url).port;
  });
  beforeEach(async () => {
    await local.control("reset");
    await local.client.send(new CreateSecretCommand({ Name: SECRET, SecretString: VALUE }));
  });
  afterAll(async () => {
    await local?.close();
  });

  /** One request with node:http (which sends any Host and Origin); status, headers and body. */
  const send = (init: { method?: string; path?: string; headers: Record<string, string>; body?: string }) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const payload = init.body ?? "";
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: init.method ?? "POST",
          path: init.path ?? "/",
          headers: { ...init.headers, "content-length": String(Buffer.byteLength(payload)) },
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(payload);
    });

  const getValue = {
    "x-amz-target": "secretsmanager.GetSecretValue",
    "content-type": "application/x-amz-json-1.1",
  };
  const body = JSON.stringify({ SecretId: SECRET });

  const secretStillThere = async () => {
    const current = await local.client.send(new GetSecretValueCommand({ SecretId: SECRET }));
    expect(current.SecretString === VALUE).toBe(true);
  };

  it.each([
    ["a rebinding name", "evil.example"],
    ["a rebinding name with the endpoint's port", "evil.example:PORT"],
    ["a name ending in localhost", "evil.localhost:PORT"],
    ["another loopback-looking name", "127.0.0.1.evil.example:PORT"],
  ])("refuses a Host header with %s", async (_label, host) => {
    const answer = await send({ headers: { ...getValue, host: host.replace("PORT", port) }, body });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).__type).toBe("AccessDeniedException");
    expect(answer.body.includes(VALUE)).toBe(false);
    const reset = await send({ path: "/_local/reset", headers: { host: host.replace("PORT", port) } });
    expect(reset.status).toBe(403);
    await secretStillThere();
  });

  it("refuses a request without a Host header (HTTP/1.0)", async () => {
    const answer = await rawExchange(
      local.url,
      Buffer.from(`POST /_local/reset HTTP/1.0\r\ncontent-length: 0\r\n\r\n`, "latin1"),
    );
    expect(answer.status).toBe(403);
    await secretStillThere();
  });

  it.each(["127.0.0.1:PORT", "localhost:PORT", "LocalHost", "[::1]:PORT", "127.0.0.1"])(
    "answers a Host header naming this endpoint (%s)",
    async (host) => {
      const answer = await send({ headers: { ...getValue, host: host.replace("PORT", port) }, body });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).SecretString === VALUE).toBe(true);
    },
  );

  it.each([
    ["an operation", "/", getValue, body],
    ["a form-post reset", "/_local/reset", { "content-type": "application/x-www-form-urlencoded" }, "a=b"],
    [
      "a text/plain clock move",
      "/_local/clock",
      { "content-type": "text/plain" },
      '{"advanceSeconds":864000}',
    ],
    ["a throttle", "/_local/throttle", { "content-type": "text/plain" }, '{"share":1}'],
  ])(
    "refuses %s carrying an Origin header, with no CORS header, and changes nothing",
    async (_label, path, headers, payload) => {
      const before = await local.control("health", undefined, "GET");
      for (const origin of ["https://evil.example", "null", `http://127.0.0.1:${port}`]) {
        const answer = await send({ path, headers: { ...headers, origin }, body: payload });
        expect(answer.status).toBe(403);
        expect(JSON.parse(answer.body).__type).toBe("AccessDeniedException");
        expect(answer.body.includes(VALUE)).toBe(false);
        expect(Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
      }
      const after = await local.control("health", undefined, "GET");
      expect(after.secrets).toBe(before.secrets);
      expect((after.now as number) - (before.now as number)).toBeLessThan(60);
      await secretStillThere();
      const listed = await local.client.send(new ListSecretsCommand({}));
      expect(listed.SecretList?.map((s) => s.Name)).toEqual([SECRET]);
    },
  );

  it("refuses a CORS preflight without granting it", async () => {
    const answer = await send({
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-amz-target,content-type",
      },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("refuses an operation a page could send without a preflight (no X-Amz-Target, or a simple content type)", async () => {
    const simple: Record<string, string>[] = [
      { "content-type": "text/plain" },
      { "x-amz-target": "secretsmanager.DeleteSecret", "content-type": "text/plain" },
      { "x-amz-target": "secretsmanager.DeleteSecret", "content-type": "application/x-www-form-urlencoded" },
      { "x-amz-target": "secretsmanager.DeleteSecret" },
    ];
    for (const headers of simple) {
      const answer = await send({
        headers,
        body: JSON.stringify({ SecretId: SECRET, ForceDeleteWithoutRecovery: true }),
      });
      expect(answer.status).toBe(400);
    }
    await secretStillThere();
  });

  it("answers a plain `curl -X POST` to the controls, with no body", async () => {
    const { stdout } = await run("curl", ["-s", "-X", "POST", `${local.url}/_local/reset`]);
    expect(JSON.parse(stdout)).toEqual({ status: "ok", secrets: 0 });
    const clock = await run("curl", [
      "-s",
      "-X",
      "POST",
      "-d",
      '{"advanceSeconds":1}',
      `${local.url}/_local/clock`,
    ]);
    expect(typeof JSON.parse(clock.stdout).now).toBe("number");
  });
});
