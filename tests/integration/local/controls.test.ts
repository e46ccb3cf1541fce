/** The local-only test controls: health, reset, clock and throttle. */
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localClient } from "../../support/client";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { rejection } from "../../support/wait";

describe("local controls", () => {
  let local: TestEndpoint;
  beforeAll(async () => {
    local = await startTestEndpoint();
  });
  beforeEach(async () => {
    await local.control("throttle", { share: 0 });
    await local.control("reset");
  });
  afterAll(async () => {
    await local?.close();
  });

  it("reports health with the secret count and the clock's now", async () => {
    const empty = await local.control("health", undefined, "GET");
    expect(empty).toMatchObject({ status: "ok", secrets: 0 });
    expect(Math.abs((empty.now as number) - Date.now() / 1000)).toBeLessThan(5);
    await local.client.send(new CreateSecretCommand({ Name: "c/one", SecretString: "1" }));
    expect((await local.control("health", undefined, "GET")).secrets).toBe(1);
  });

  it("wipes every secret in every region on reset", async () => {
    const eu = localClient(local.url, { region: "eu-north-1" });
    try {
      await local.client.send(new CreateSecretCommand({ Name: "c/us", SecretString: "1" }));
      await eu.send(new CreateSecretCommand({ Name: "c/eu", SecretString: "2" }));
      expect((await local.control("health", undefined, "GET")).secrets).toBe(2);
      expect(await local.control("reset")).toMatchObject({ secrets: 0 });
      expect((await local.client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
      expect((await eu.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    } finally {
      eu.destroy();
    }
  });

  it("tells the endpoint's clock in every answer's Date header, so the SDK's clock offset follows it", async () => {
    await local.control("clock", { advanceSeconds: 10 * 86_400 });
    const response = await fetch(`${local.url}/_local/health`);
    const served = Date.parse(response.headers.get("date") ?? "") / 1000;
    expect(Math.abs(served - ((await response.json()) as { now: number }).now)).toBeLessThan(2);
    await local.client.send(new ListSecretsCommand({}));
    const offset = (local.client.config as { systemClockOffset?: number }).systemClockOffset ?? 0;
    expect(offset / 1000).toBeGreaterThan(10 * 86_400 - 60);
  });

  it("advances the clock and refuses a negative or missing advance with 400", async () => {
    const before = (await local.control("health", undefined, "GET")).now as number;
    const after = (await local.control("clock", { advanceSeconds: 3600 })).now as number;
    expect(after - before).toBeGreaterThanOrEqual(3600);
    expect(after - before).toBeLessThan(3600 + 5);
    for (const body of [{ advanceSeconds: -1 }, {}, { advanceSeconds: "10" }]) {
      const response = await fetch(`${local.url}/_local/clock`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { __type: string }).__type).toBe("InvalidParameterException");
    }
    const unknown = await fetch(`${local.url}/_local/nothing`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
  });

  it("throttles exactly the configured share of the chosen operations", async () => {
    await local.client.send(new CreateSecretCommand({ Name: "c/throttled", SecretString: "v" }));
    expect(await local.control("throttle", { share: 0.5, operations: ["GetSecretValue"] })).toEqual({
      share: 0.5,
      operations: ["GetSecretValue"],
    });
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      try {
        await local.client.send(new GetSecretValueCommand({ SecretId: "c/throttled" }));
        outcomes.push("ok");
      } catch (error) {
        const e = error as Error & { $metadata: { httpStatusCode?: number } };
        expect(e.message).toBe("Rate exceeded");
        expect(e.$metadata.httpStatusCode).toBe(400);
        outcomes.push(e.name);
      }
      await local.client.send(new ListSecretsCommand({}));
    }
    expect(outcomes.filter((o) => o === "ThrottlingException")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(5);

    await local.control("throttle", { share: 1 });
    expect((await rejection(local.client.send(new ListSecretsCommand({})))).name).toBe("ThrottlingException");
    await local.control("throttle", { share: 0 });
    expect((await local.client.send(new ListSecretsCommand({}))).SecretList).toHaveLength(1);
  });

  it("lets the SDK's own retries ride over a throttled call", async () => {
    await local.client.send(new CreateSecretCommand({ Name: "c/retried", SecretString: "v" }));
    await local.control("throttle", { share: 0.5 });
    const retrying = localClient(local.url, { maxAttempts: 3 });
    try {
      for (let i = 0; i < 4; i += 1) {
        const got = await retrying.send(new GetSecretValueCommand({ SecretId: "c/retried" }));
        expect(got.SecretString).toBe("v");
      }
    } finally {
      retrying.destroy();
    }
  });

  it("refuses a share outside 0..1", async () => {
    const response = await fetch(`${local.url}/_local/throttle`, { method: "POST", body: '{"share": 2}' });
    expect(response.status).toBe(400);
  });
});
