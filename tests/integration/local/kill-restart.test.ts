/**
 * Durability: the endpoint runs as a child process on a data folder, takes 200 writes, is killed with
 * SIGKILL right after the last acknowledgement, and on restart still holds every acknowledged write.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, describe, expect, it } from "vitest";
import { type CliProcess, startCli } from "../../support/cli-process";
import { localClient } from "../../support/client";

const LANES = 8;
const SECRETS_PER_LANE = 5;
const WRITES_PER_LANE = 25;

interface Acked {
  versionId: string;
  value: string;
}

describe("kill and restart on the same data folder", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "local-secrets-kill-"));
  const running: CliProcess[] = [];
  afterAll(async () => {
    for (const cli of running) await cli.stop("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every acknowledged create and put after SIGKILL", { timeout: 120_000 }, async () => {
    const first = await startCli(["--data", dataDir, "--quiet"]);
    running.push(first);
    const client = localClient(first.url);
    const history = new Map<string, Acked[]>();
    let acknowledged = 0;
    const lane = async (laneIndex: number) => {
      for (let i = 0; i < WRITES_PER_LANE; i += 1) {
        const name = `kill/lane-${laneIndex}/secret-${i % SECRETS_PER_LANE}`;
        const value = JSON.stringify({ lane: laneIndex, write: i, password: `pw-${laneIndex}-${i}` });
        const answer =
          i < SECRETS_PER_LANE
            ? await client.send(new CreateSecretCommand({ Name: name, SecretString: value }))
            : await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
        expect(answer.VersionId).toBeTruthy();
        history.set(name, [...(history.get(name) ?? []), { versionId: answer.VersionId ?? "", value }]);
        acknowledged += 1;
        if (acknowledged === LANES * WRITES_PER_LANE) first.child.kill("SIGKILL");
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    client.destroy();
    const exit = await first.stop("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");
    expect(acknowledged).toBe(200);

    const second = await startCli(["--data", dataDir, "--quiet"]);
    running.push(second);
    const reader = localClient(second.url);
    try {
      expect(await countSecrets(reader)).toBe(LANES * SECRETS_PER_LANE);
      for (const [name, writes] of history) {
        const last = writes[writes.length - 1] as Acked;
        const current = await reader.send(new GetSecretValueCommand({ SecretId: name }));
        expect(current.VersionId).toBe(last.versionId);
        expect(current.SecretString).toBe(last.value);
        const previous = writes[writes.length - 2] as Acked;
        const got = await reader.send(
          new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }),
        );
        expect(got.VersionId).toBe(previous.versionId);
        expect(got.SecretString).toBe(previous.value);
      }
    } finally {
      reader.destroy();
    }
  });

  it("logs one line per request without values and stops with exit code 0 on SIGTERM and SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const cli = await startCli(["--data", dataDir]);
      running.push(cli);
      const client = localClient(cli.url);
      const value = `never-logged-${signal}-value`;
      await client.send(new CreateSecretCommand({ Name: `kill/logged-${signal}`, SecretString: value }));
      await client.send(new GetSecretValueCommand({ SecretId: `kill/logged-${signal}` }));
      client.destroy();
      expect(await cli.stop(signal)).toEqual({ code: 0, signal: null });
      expect(cli.stderr()).toMatch(/POST CreateSecret 200/);
      expect(cli.stderr()).toMatch(/POST GetSecretValue 200/);
      expect(cli.stderr()).not.toContain(value);
    }
  });
});

async function countSecrets(client: SecretsManagerClient): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListSecretsCommand({ MaxResults: 100, NextToken: token }));
    count += page.SecretList?.length ?? 0;
    token = page.NextToken;
  } while (token);
  return count;
}
