/**
 * `npm start` end to end: the local endpoint and `serverless offline` come up on the ports given, the API
 * answers with the printed token and refuses without it, and the token is rotated through RotateSecret
 * (the endpoint invoking `rotationGeneric` through offline) while requests keep being answered; the
 * rotation's events reach `onRotationEvent`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TOKEN_SECRET_ID, localFunctionArn } from "../../../local/local-functions";
import { localClient } from "../../support/client";
import { REPO } from "../../support/paths";
import { freePorts } from "../../support/ports";
import { waitFor } from "../../support/wait";

/** offline's esbuild output for this run (relative to the repository), removed in afterAll. */
const WORK_FOLDER = `.esbuild/npm-start-${process.pid}`;

describe("npm start", () => {
  let child: ChildProcess;
  let output = "";
  let api = "";
  let secretsUrl = "";
  let token = "";

  beforeAll(async () => {
    const [secretsPort, httpPort, lambdaPort] = await freePorts(3);
    api = `http://127.0.0.1:${httpPort}`;
    secretsUrl = `http://127.0.0.1:${secretsPort}`;
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO, "local", "start.ts"),
        "--secrets-port",
        String(secretsPort),
        "--http-port",
        String(httpPort),
        "--lambda-port",
        String(lambdaPort),
        "--in-memory",
      ],
      {
        cwd: REPO,
        env: {
          ...process.env,
          ESBUILD_WORK_FOLDER: WORK_FOLDER,
          // The authorizer's token cache; short, so the old token's end is seen within the test.
          API_TOKEN_CACHE_SECONDS: "1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    await waitFor(() => output.includes("Rotate the API token") || undefined, 90_000);
    token = /^API token: (\S+)$/m.exec(output)?.[1] ?? "";
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    }
    rmSync(join(REPO, WORK_FOLDER), { recursive: true, force: true });
  });

  const listWith = async (bearer: string) =>
    (await fetch(`${api}/secrets`, { headers: { authorization: `Bearer ${bearer}` } })).status;

  it("prints the token and a curl example, answers with the token and refuses without it", async () => {
    expect(token.length).toBeGreaterThanOrEqual(20);
    expect(output).toMatch(/Try: curl .*\/secrets/);
    expect(await listWith(token)).toBe(200);
    expect((await fetch(`${api}/secrets`)).status).toBe(401);
  });

  it("rotates the API token through RotateSecret while requests keep being answered", async () => {
    const client = localClient(secretsUrl);
    const statuses: number[] = [];
    let rotating = true;
    const load = (async () => {
      while (rotating) statuses.push(await listWith(token));
    })();

    const { VersionId } = await client.send(
      new RotateSecretCommand({
        SecretId: API_TOKEN_SECRET_ID,
        RotationLambdaARN: localFunctionArn("rotationGeneric"),
      }),
    );
    await waitFor(async () => {
      const { VersionIdsToStages } = await client.send(
        new DescribeSecretCommand({ SecretId: API_TOKEN_SECRET_ID }),
      );
      return VersionIdsToStages?.[VersionId ?? ""]?.includes("AWSCURRENT") || undefined;
    }, 30_000);
    rotating = false;
    await load;

    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const current = await client.send(new GetSecretValueCommand({ SecretId: API_TOKEN_SECRET_ID }));
    const newToken = (JSON.parse(current.SecretString ?? "{}") as { token: string }).token;
    expect(newToken === token).toBe(false);
    expect(await listWith(newToken)).toBe(200);
    // Once the authorizer's cache has expired, the old token is refused.
    await waitFor(async () => (await listWith(token)) === 401 || undefined, 15_000);
    await waitFor(() => output.includes("RotationSucceeded") || undefined, 15_000);
    expect(output).toContain("RotationStarted");
    // Only the banner may show a token; no log line carries the old or the new one.
    const logLines = output.split("\n").filter((line) => !/^(API token:|Try: curl)/.test(line));
    expect(logLines.some((line) => line.includes(token) || line.includes(newToken))).toBe(false);
    client.destroy();
  }, 90_000);
});
