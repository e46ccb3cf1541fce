/**
 * Fuzzes the local endpoint's wire protocol over real HTTP: arbitrary methods, paths, targets, headers and
 * bodies, and raw bytes on a socket. Never a 5xx, never a crash, every error a JSON `{__type, message}`,
 * and every refused request leaves the SQLite store byte for byte as it was.
 * 500 runs in `npm test`, 10,000 with LONG=1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEndpoint, type TestEndpoint } from "../support/endpoint";
import { freePort } from "../support/ports";
import { httpRequest, rawExchange } from "../support/raw-http";
import { fuzzRuns, LONG } from "./support/runs";
import { openSnapshotter, type StoreSnapshotter } from "./support/sqlite-snapshot";
import { headerSafe, wireArbitraries } from "./support/wire-arbitraries";

const SEEDED = ["fuzz/alpha", "fuzz/beta", "fuzz/json"];

describe("local endpoint wire protocol under fuzzing", () => {
  let dataDir: string;
  let endpoint: TestEndpoint;
  let store: StoreSnapshotter;
  const arns: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "fuzz-wire-"));
    // Rotations the fuzzer manages to start go to a port nobody listens on and fail fast.
    const deadPort = await freePort();
    endpoint = await startTestEndpoint({
      dataDir,
      lambdaEndpoint: `http://127.0.0.1:${deadPort}`,
      schedulerIntervalMs: 0,
    });
    for (const name of SEEDED) {
      const created = await endpoint.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: JSON.stringify({ username: "u", password: "p" }),
        }),
      );
      arns.push(created.ARN ?? "");
    }
    store = openSnapshotter(dataDir);
  });

  afterAll(async () => {
    store?.close();
    await endpoint?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Waits for rotations an accepted request started, so the next snapshot is stable. */
  const settle = () => endpoint.endpoint.rotation.idle();

  it("answers arbitrary requests below 500, errors as JSON, and refusals change nothing", {
    timeout: LONG ? 900_000 : 60_000,
  }, async () => {
    const arbitrary = wireArbitraries(SEEDED, arns);
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        const before = store.snapshot();
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(input.extraHeaders)) headers[name] = headerSafe(value);
        if (input.target !== null) headers["x-amz-target"] = headerSafe(input.target);
        if (input.contentType !== null) headers["content-type"] = headerSafe(input.contentType);
        if (input.authorization !== null) headers.authorization = headerSafe(input.authorization);
        const answer = await httpRequest(endpoint.url, {
          method: input.method,
          path: input.path,
          headers,
          body: input.body,
        });
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 200) {
          seen.accepted += 1;
          await settle();
          return;
        }
        seen.refused += 1;
        const json = JSON.parse(answer.body) as { __type?: unknown; message?: unknown };
        expect(typeof json.__type).toBe("string");
        expect(typeof (json.message ?? "")).toBe("string");
        expect(store.snapshot()).toBe(before);
      }),
      { numRuns: fuzzRuns() },
    );
    // A fuzzer that never gets past validation proves little: some requests must have been accepted.
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(seen.accepted);
    console.info(`wire fuzz: ${seen.accepted} accepted, ${seen.refused} refused`);
  });

  it("survives raw bytes on the socket: any answer below 500, state unchanged unless 200", {
    timeout: LONG ? 900_000 : 60_000,
  }, async () => {
    const lead = fc.constantFrom(
      "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\n",
      "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-amz-target: secretsmanager.DeleteSecret\r\n",
      "GET /_local/health HTTP/1.1\r\nhost: 127.0.0.1\r\n",
      "",
    );
    const raw = fc.tuple(lead, fc.uint8Array({ maxLength: 300 }), fc.boolean());
    await fc.assert(
      fc.asyncProperty(raw, async ([start, bytes, terminate]) => {
        const before = store.snapshot();
        const payload = Buffer.concat([
          Buffer.from(start, "latin1"),
          Buffer.from(bytes),
          Buffer.from(terminate ? "\r\n\r\n" : ""),
        ]);
        const answer = await rawExchange(endpoint.url, payload);
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 200) await settle();
        else expect(store.snapshot()).toBe(before);
      }),
      { numRuns: fuzzRuns(200, 2_000) },
    );
  });

  it("refuses a body over 1 MiB with 400 and stores nothing", async () => {
    const before = store.snapshot();
    const answer = await httpRequest(endpoint.url, {
      method: "POST",
      path: "/",
      headers: {
        "x-amz-target": "secretsmanager.CreateSecret",
        "content-type": "application/x-amz-json-1.1",
      },
      body: JSON.stringify({ Name: "fuzz/huge", SecretString: "x".repeat(1024 * 1024 + 1) }),
    });
    expect(answer.status).toBe(400);
    expect(store.snapshot()).toBe(before);
  });

  it("is still alive and consistent afterwards", async () => {
    const health = await endpoint.control("health", undefined, "GET");
    expect(health.status).toBe("ok");
  });
});
