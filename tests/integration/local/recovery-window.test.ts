/** The recovery window, driven by the endpoint's clock control (`POST /_local/clock`). */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  RestoreSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { rejection } from "../../support/wait";

const DAY = 86_400;

describe("recovery window with the clock control", () => {
  let local: TestEndpoint;
  beforeAll(async () => {
    local = await startTestEndpoint();
  });
  afterAll(async () => {
    await local?.close();
  });

  it("restores on day 6 of a 7-day window and purges after day 7", async () => {
    const { client } = local;
    const name = "window/app";
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "s3cr3t-value" }));

    await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const before = (await local.control("health", undefined, "GET")).now as number;
    const moved = await local.control("clock", { advanceSeconds: 6 * DAY });
    expect(moved.now as number).toBeGreaterThanOrEqual(before + 6 * DAY);
    await client.send(new RestoreSecretCommand({ SecretId: name }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe(
      "s3cr3t-value",
    );

    await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    await local.control("clock", { advanceSeconds: 8 * DAY });
    expect((await rejection(client.send(new GetSecretValueCommand({ SecretId: name })))).name).toBe(
      "ResourceNotFoundException",
    );
    expect((await rejection(client.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe(
      "ResourceNotFoundException",
    );
    expect((await rejection(client.send(new RestoreSecretCommand({ SecretId: name })))).name).toBe(
      "ResourceNotFoundException",
    );
    const listed = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(listed.SecretList?.map((s) => s.Name) ?? []).not.toContain(name);
    expect((await local.control("health", undefined, "GET")).secrets).toBe(0);
  });

  it("hides a secret scheduled for deletion from ListSecrets unless IncludePlannedDeletion", async () => {
    const { client } = local;
    await client.send(new CreateSecretCommand({ Name: "window/other", SecretString: "x" }));
    await client.send(new DeleteSecretCommand({ SecretId: "window/other", RecoveryWindowInDays: 7 }));
    const hidden = await client.send(new ListSecretsCommand({}));
    expect(hidden.SecretList?.map((s) => s.Name) ?? []).not.toContain("window/other");
    const planned = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(planned.SecretList?.map((s) => s.Name)).toContain("window/other");
  });
});
