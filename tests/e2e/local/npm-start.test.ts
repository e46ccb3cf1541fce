/**
 * `npm start` end to end: the local endpoint and `serverless offline` come up on the ports given, the API
 * answers with the printed token and refuses without it, and the token is rotated through RotateSecret
 * (the endpoint invoking `rotationGeneric` through offline) while requests keep being answered; the
 * rotation's events reach `onRotationEvent`.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretsApi } from "../../../client";
import { API_TOKEN_SECRET_ID, localFunctionArn } from "../../../local/local-functions";
import { type AuditRecord, auditRecordOf } from "../../../shared/access/audit-record";
import { localClient } from "../../support/client";
import { REPO } from "../../support/paths";
import { freePorts } from "../../support/ports";
import { waitFor } from "../../support/wait";

/** offline's esbuild output for this run (relative to the repository), removed in afterAll. */
const WORK_FOLDER = `.esbuild/npm-start-${process.pid}`;
const run = promisify(execFile);
/** Where `--audit-log` writes, removed in afterAll. */
const AUDIT_DIR = mkdtempSync(join(tmpdir(), "npm-start-audit-"));
const AUDIT_LOG = join(AUDIT_DIR, "audit.jsonl");

describe("npm start", () => {
  let child: ChildProcess;
  let output = "";
  let api = "";
  let secretsUrl = "";
  let token = "";
  let secretsPort = 0;

  beforeAll(async () => {
    const [freeSecretsPort = 0, httpPort, lambdaPort, consolePort] = await freePorts(4);
    secretsPort = freeSecretsPort;
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
        "--console-port",
        String(consolePort),
        "--in-memory",
        "--audit-log",
        AUDIT_LOG,
      ],
      {
        cwd: REPO,
        env: {
          ...process.env,
          ESBUILD_WORK_FOLDER: WORK_FOLDER,
          // The authorizer's token cache and the old token's grace; short, so its end is seen within the test.
          API_TOKEN_CACHE_SECONDS: "1",
          API_TOKEN_GRACE_SECONDS: "2",
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
    rmSync(AUDIT_DIR, { recursive: true, force: true });
  });

  /** The status of `GET /secrets` through the typed client, with `bearer` or without a token. */
  const listWith = async (bearer?: string) =>
    (await createSecretsApi({ baseUrl: api, token: bearer }).GET("/secrets")).response.status;

  it("prints the token and a curl example, answers with the token and refuses without it", async () => {
    expect(token).toMatch(/^admin\.[A-Za-z0-9]{40}$/);
    expect(output).toMatch(/Try: curl .*\/secrets/);
    expect(await listWith(token)).toBe(200);
    expect(await listWith()).toBe(401);
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

  /** The `Try: curl ...` line npm start printed, as a shell command. */
  const curlLine = () => /^Try: (curl .*)$/m.exec(output)?.[1] ?? "";

  it("prints a single-quoted curl line that works in a real shell, after a rotation too", async () => {
    const printed = curlLine();
    expect(printed).toContain(`-H 'Authorization: Bearer ${token}'`);
    const rotated = await run(
      process.execPath,
      ["--import", "tsx", join(REPO, "local", "rotate-token.ts"), "--secrets-port", String(secretsPort)],
      { cwd: REPO, timeout: 60_000 },
    );
    const printedTokens = [...rotated.stdout.matchAll(/^token: (\S+)$/gm)].map((match) => match[1] ?? "");
    expect(printedTokens).toHaveLength(1);
    const [newToken = ""] = printedTokens;
    expect(newToken).toMatch(/^admin\.[A-Za-z0-9]{40}$/);
    // The printed line, with the token rotate-token printed in place of the first: a real shell runs it.
    const created = await run("bash", ["-c", printed.replace(token, newToken)], { timeout: 30_000 });
    expect(JSON.parse(created.stdout)).toMatchObject({ name: "app/example" });
    expect(await listWith(newToken)).toBe(200);
    // Past the grace (2 s here) and the cache, the old token is refused.
    await waitFor(async () => (await listWith(token)) === 401 || undefined, 15_000);
  }, 90_000);

  it("writes one audit record per request to --audit-log, no token in any", async () => {
    const records = readFileSync(AUDIT_LOG, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => auditRecordOf(line) as AuditRecord);
    expect(records.length).toBeGreaterThan(3);
    expect(records.every((record) => record?.kind === "audit" && typeof record.status === "number")).toBe(
      true,
    );
    expect(records.some((record) => record.route === "POST /secrets" && record.status === 201)).toBe(true);
    expect(records.some((record) => record.service === "authorizer" && record.code === "MissingToken")).toBe(
      true,
    );
    expect(readFileSync(AUDIT_LOG, "utf8")).not.toContain(token.split(".")[1]);
  });
});
