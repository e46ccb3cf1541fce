/**
 * `npm start` against a real browser (headless Chromium driven by playwright-core): a page from another
 * origin tries, against every port `npm start` opens (the endpoint, the HTTP API, the Lambda port, the
 * console), what a web page can send: `fetch` in `cors` and `no-cors` mode, form posts, beacons; and a
 * DNS-rebinding page (`evil.test`, resolved to 127.0.0.1 by Chromium's `--host-resolver-rules`) tries the
 * same from the target's own origin, where it may send any header. Afterwards, checked through the SDK: the page read
 * no value and the API token nowhere, and changed nothing. The same requests from the SDK, curl and the
 * AWS CLI still work.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localFunctionName } from "../../../local/local-functions";
import { awsCliEnv, awsCliOrSkip } from "../../support/aws-cli";
import { CHROMIUM, CHROMIUM_FLAGS } from "../../support/browser";
import { localClient } from "../../support/client";
import { REPO } from "../../support/paths";
import { freePorts } from "../../support/ports";
import { captureStream, rememberTestSecret } from "../../support/redaction-registry";
import { waitFor } from "../../support/wait";

const run = promisify(execFile);
const WORK_FOLDER = `.esbuild/browser-safety-${process.pid}`;
const CANARY = "app/browser-canary";
const CANARY_VALUE = rememberTestSecret(JSON.stringify({ password: "browser-canary-5b0f6e1d9a2c" }));

/** One thing the page tried, and what it could read of the answer ("" when nothing). */
interface Attempt {
  kind: string;
  url: string;
  read: string;
}

/** The hostile page's script (tests/fixtures/browser/attack.js): defines `globalThis.runAttack`. */
const ATTACK_SCRIPT = readFileSync(join(REPO, "tests", "fixtures", "browser", "attack.js"), "utf8");
const PAGE = `<!doctype html><title>a page</title><body><script>${ATTACK_SCRIPT}</script></body>`;

interface AttackInput {
  base: string;
  canary: string;
  getFunction: string;
  deleteFunction: string;
}

const browserFound = existsSync(CHROMIUM);
if (!browserFound) {
  if (process.env.REQUIRE_BROWSER === "1") throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
  console.warn(
    `SKIPPED: no ${CHROMIUM}; install Debian's chromium or set REQUIRE_BROWSER=1 to make this a failure`,
  );
}

describe.skipIf(!browserFound)("npm start against a real browser", () => {
  let child: ChildProcess;
  let output = "";
  let ports: { secrets: number; http: number; lambda: number; page: number; console: number };
  let client: SecretsManagerClient;
  let token = "";
  let pageServer: Server;
  let context: BrowserContext;
  const dataRoot = mkdtempSync(join(tmpdir(), "browser-safety-"));
  const profile = mkdtempSync(join(tmpdir(), "browser-safety-profile-"));

  beforeAll(async () => {
    const [secrets = 0, http = 0, lambda = 0, page = 0, consolePort = 0] = await freePorts(5);
    ports = { secrets, http, lambda, page, console: consolePort };
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO, "local", "start.ts"),
        ...["--secrets-port", String(secrets), "--http-port", String(http), "--lambda-port", String(lambda)],
        ...["--console-port", String(consolePort)],
        ...["--data", join(dataRoot, "data")],
      ],
      {
        cwd: REPO,
        env: { ...process.env, ESBUILD_WORK_FOLDER: WORK_FOLDER },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
      });
    captureStream("npm-start-browser", child.stderr);
    await waitFor(() => output.includes("Rotate the API token") || undefined, 120_000);
    token = /^API token: (\S+)$/m.exec(output)?.[1] ?? "";
    client = localClient(`http://127.0.0.1:${secrets}`);
    await client.send(new CreateSecretCommand({ Name: CANARY, SecretString: CANARY_VALUE }));

    pageServer = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    });
    await new Promise<void>((resolve) => pageServer.listen(page, "127.0.0.1", resolve));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, "--host-resolver-rules=MAP evil.test 127.0.0.1"],
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve(undefined)));
    client?.destroy();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    }
    rmSync(join(REPO, WORK_FOLDER), { recursive: true, force: true });
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  const state = async () => {
    const names = (
      (await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList ?? []
    )
      .map((secret) => secret.Name)
      .sort();
    const described = await client.send(new DescribeSecretCommand({ SecretId: CANARY }));
    const versions = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: CANARY, IncludeDeprecated: true }),
    );
    return JSON.stringify({
      names,
      deleted: described.DeletedDate ?? null,
      versions: versions.Versions?.length,
    });
  };

  const attackInput = (base: string): AttackInput => ({
    base,
    canary: CANARY,
    getFunction: localFunctionName("getSecretValue"),
    deleteFunction: localFunctionName("deleteSecret"),
  });

  const runAttack = (page: Page, input: AttackInput): Promise<Attempt[]> =>
    page.evaluate(
      (attackInput) =>
        (globalThis as unknown as { runAttack(input: AttackInput): Promise<Attempt[]> }).runAttack(
          attackInput,
        ),
      input,
    );

  const everyRead = async (attempts: Attempt[]) => {
    for (const attempt of attempts) {
      expect([attempt.kind, attempt.read.includes("browser-canary-5b0f6e1d9a2c")]).toEqual([
        attempt.kind,
        false,
      ]);
      if (token) expect([attempt.kind, attempt.read.includes(token)]).toEqual([attempt.kind, false]);
    }
  };

  it("lets a page from another origin read no value and change nothing on any port", {
    timeout: 180_000,
  }, async () => {
    const before = await state();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${ports.page}/`);
    const attempts: Attempt[] = [];
    for (const port of [ports.secrets, ports.http, ports.lambda, ports.console])
      attempts.push(...(await runAttack(page, attackInput(`http://127.0.0.1:${port}`))));
    await page.close();
    expect(attempts.length).toBeGreaterThan(90);
    await everyRead(attempts);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await state()).toBe(before);
  });

  it("lets a DNS-rebinding page (same origin as each port) read no value and change nothing", {
    timeout: 180_000,
  }, async () => {
    const before = await state();
    const attempts: Attempt[] = [];
    for (const port of [ports.secrets, ports.http, ports.lambda, ports.console]) {
      const origin = `http://evil.test:${port}`;
      const page = await context.newPage();
      // The rebinding page's document comes from the attacker (served here by the browser itself); every
      // request it then makes goes to evil.test, which the browser now resolves to 127.0.0.1.
      await page.route(`${origin}/rebound`, (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: PAGE }),
      );
      await page.goto(`${origin}/rebound`);
      attempts.push(...(await runAttack(page, attackInput(origin))));
      await page.close();
    }
    await everyRead(attempts);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await state()).toBe(before);
  });

  it("left the clock, the throttle and the value as they were", async () => {
    const health = (await (await fetch(`http://127.0.0.1:${ports.secrets}/_local/health`)).json()) as {
      now: number;
    };
    expect(Math.abs(health.now - Date.now() / 1000)).toBeLessThan(120);
    for (let i = 0; i < 20; i += 1) {
      const got = await client.send(new GetSecretValueCommand({ SecretId: CANARY }));
      expect(got.SecretString === CANARY_VALUE).toBe(true);
    }
  });

  it("still answers the SDK, curl and the AWS CLI on every port", { timeout: 120_000 }, async () => {
    const health = await run("curl", ["-s", `http://127.0.0.1:${ports.secrets}/_local/health`]);
    expect(JSON.parse(health.stdout).status).toBe("ok");
    const clock = await run("curl", [
      "-s",
      "-X",
      "POST",
      `http://127.0.0.1:${ports.secrets}/_local/clock`,
      "-d",
      '{"advanceSeconds":0}',
    ]);
    expect(typeof JSON.parse(clock.stdout).now).toBe("number");
    const api = await run("curl", [
      "-s",
      "-H",
      `Authorization: Bearer ${token}`,
      `http://127.0.0.1:${ports.http}/secrets/${encodeURIComponent(CANARY)}`,
    ]);
    expect(JSON.parse(api.stdout).name).toBe(CANARY);

    const aws = await awsCliOrSkip("the AWS CLI against the Lambda port");
    if (!aws) return;
    const home = mkdtempSync(join(tmpdir(), "browser-safety-aws-"));
    try {
      const event = JSON.parse(readFileSync(join(REPO, "events", "describeSecret.json"), "utf8"));
      writeFileSync(join(home, "event.json"), JSON.stringify({ ...event, pathParameters: { id: CANARY } }));
      const env = awsCliEnv({ accessKeyId: "local", secretAccessKey: "local" });
      const invoked = await run(
        aws,
        [
          ...["--endpoint-url", `http://127.0.0.1:${ports.lambda}`, "lambda", "invoke"],
          ...["--function-name", localFunctionName("describeSecret")],
          ...["--payload", `fileb://${join(home, "event.json")}`, join(home, "out.json")],
        ],
        { env, timeout: 60_000 },
      );
      expect(JSON.parse(invoked.stdout).StatusCode).toBe(200);
      expect(typeof JSON.parse(readFileSync(join(home, "out.json"), "utf8")).statusCode).toBe("number");
      const listed = await run(
        aws,
        [
          "--endpoint-url",
          `http://127.0.0.1:${ports.secrets}`,
          "--output",
          "json",
          "secretsmanager",
          "list-secrets",
        ],
        { env, timeout: 60_000 },
      );
      expect(JSON.parse(listed.stdout).SecretList.map((s: { Name: string }) => s.Name)).toContain(CANARY);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
