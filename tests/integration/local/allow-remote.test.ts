/**
 * Serving the network: a non-loopback `--host` refuses to start without `--allow-remote`; with it, the
 * endpoint prints a fresh access key pair, and every request must be signed with it (SigV4): the SDK,
 * boto3, the AWS CLI and `curl --aws-sigv4` work with those credentials, over loopback and over the
 * machine's own network address; an unsigned request, another key, a wrong secret or an old signature
 * is refused and changes nothing.
 */
import { execFile, spawn } from "node:child_process";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCliEnv, awsCliOrSkip } from "../../support/aws-cli";
import { type CliProcess, startCli } from "../../support/cli-process";
import { localClient } from "../../support/client";
import { REPO } from "../../support/paths";
import { rememberTestSecret } from "../../support/redaction-registry";
import { rejection, waitFor } from "../../support/wait";

const run = promisify(execFile);

/** Runs the CLI expecting it to refuse to start; its exit code and stderr. */
function refusedStart(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(REPO, "local", "cli.ts"), "--port", "0", ...args],
      {
        cwd: REPO,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.once("exit", (code) => resolve({ code, stderr, stdout }));
  });
}

describe("--host beyond loopback", () => {
  it.each([["0.0.0.0"], ["::"], ["192.0.2.10"]])(
    "refuses --host %s without --allow-remote, saying why",
    async (host) => {
      const { code, stderr, stdout } = await refusedStart(["--host", host, "--in-memory"]);
      expect(code).toBe(2);
      expect(stdout).not.toContain("listening on");
      expect(stderr).toContain(`Refusing to listen on ${host}: it is not a loopback address`);
      expect(stderr).toContain("--allow-remote");
    },
  );
});

describe("--allow-remote", () => {
  let cli: CliProcess;
  let key: { accessKeyId: string; secretAccessKey: string };
  let url: string;
  let client: SecretsManagerClient;
  const value = rememberTestSecret("remote-value-3c9e81f2a4");

  beforeAll(async () => {
    cli = await startCli(["--host", "0.0.0.0", "--allow-remote", "--in-memory", "--quiet"]);
    const printed = await waitFor(() =>
      /^AWS_SECRET_ACCESS_KEY=/m.test(cli.stdout()) ? cli.stdout() : undefined,
    );
    const accessKeyId = /^AWS_ACCESS_KEY_ID=(\S+)$/m.exec(printed)?.[1] ?? "";
    const secretAccessKey = /^AWS_SECRET_ACCESS_KEY=(\S+)$/m.exec(printed)?.[1] ?? "";
    // Printed on purpose, as `npm start` prints the API token: not registered for the redaction check.
    key = { accessKeyId, secretAccessKey };
    url = `http://127.0.0.1:${new URL(cli.url).port}`;
    client = localClient(url, { credentials: key });
    await client.send(new CreateSecretCommand({ Name: "remote/db", SecretString: value }));
  });
  afterAll(async () => {
    client?.destroy();
    await cli?.stop();
  });

  const names = async () =>
    ((await client.send(new ListSecretsCommand({}))).SecretList ?? []).map((secret) => secret.Name);

  it("prints a generated access key pair", () => {
    expect(key.accessKeyId).toMatch(/^LKIA[A-Z2-7]{16}$/);
    expect(key.secretAccessKey).toHaveLength(40);
  });

  it("answers the SDK signing with the generated key, also over this machine's network address", async () => {
    const got = await client.send(new GetSecretValueCommand({ SecretId: "remote/db" }));
    expect(got.SecretString === value).toBe(true);
    const address = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
    if (!address) return;
    const overNetwork = localClient(`http://${address}:${new URL(cli.url).port}`, { credentials: key });
    try {
      expect(await overNetwork.send(new ListSecretsCommand({}))).toHaveProperty("SecretList");
    } finally {
      overNetwork.destroy();
    }
  });

  it("refuses an unsigned request, another key, a wrong secret and a signature 10 minutes old", async () => {
    const unsigned = await fetch(url, {
      method: "POST",
      headers: {
        "x-amz-target": "secretsmanager.GetSecretValue",
        "content-type": "application/x-amz-json-1.1",
      },
      body: JSON.stringify({ SecretId: "remote/db" }),
    });
    const unsignedBody = await unsigned.text();
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(unsignedBody).__type).toBe("MissingAuthenticationTokenException");
    expect(unsignedBody.includes(value)).toBe(false);

    const refusals = [
      [{ accessKeyId: "AKIDLOCAL", secretAccessKey: key.secretAccessKey }, {}, "UnrecognizedClientException"],
      [{ ...key, secretAccessKey: `${key.secretAccessKey.slice(0, -1)}x` }, {}, "InvalidSignatureException"],
      [key, { systemClockOffset: -600_000 }, "InvalidSignatureException"],
    ] as const;
    for (const [credentials, config, code] of refusals) {
      const other = localClient(url, { credentials, ...config });
      try {
        const error = await rejection(
          other.send(new CreateSecretCommand({ Name: "remote/forged", SecretString: "forged-value" })),
        );
        expect(error.name).toBe(code);
      } finally {
        other.destroy();
      }
    }
    expect(await names()).toEqual(["remote/db"]);
  });

  it("refuses an unsigned control and answers one signed by curl --aws-sigv4", async () => {
    const unsigned = await run("curl", ["-s", "-X", "POST", `${url}/_local/reset`]);
    expect(JSON.parse(unsigned.stdout).__type).toBe("MissingAuthenticationTokenException");
    expect(await names()).toEqual(["remote/db"]);
    const signed = await run("curl", [
      "-s",
      "--aws-sigv4",
      "aws:amz:us-east-1:secretsmanager",
      "--user",
      `${key.accessKeyId}:${key.secretAccessKey}`,
      `${url}/_local/health`,
    ]);
    expect(JSON.parse(signed.stdout)).toMatchObject({ status: "ok", secrets: 1 });
  });

  it("answers the AWS CLI with the generated key", async () => {
    const aws = await awsCliOrSkip("the AWS CLI with --allow-remote");
    if (!aws) return;
    const env = awsCliEnv(key);
    const args = [
      "--endpoint-url",
      url,
      "--output",
      "json",
      "secretsmanager",
      "describe-secret",
      "--secret-id",
      "remote/db",
    ];
    const { stdout } = await run(aws, args, { env, timeout: 60_000 });
    expect(JSON.parse(stdout).Name).toBe("remote/db");
  });

  it("answers boto3 with the generated key", async () => {
    const script = [
      "import boto3, os",
      "c = boto3.client('secretsmanager', endpoint_url=os.environ['URL'], region_name='us-east-1')",
      "print(c.describe_secret(SecretId='remote/db')['Name'])",
    ].join("\n");
    const found = await run("python3", ["-c", "import boto3"]).then(
      () => true,
      () => false,
    );
    if (!found) {
      if (process.env.REQUIRE_BOTO3 === "1") throw new Error("REQUIRE_BOTO3=1 but python3 has no boto3");
      console.warn("SKIPPED: boto3 with --allow-remote (python3 has no boto3)");
      return;
    }
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      URL: url,
      AWS_ACCESS_KEY_ID: key.accessKeyId,
      AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    const { stdout } = await run("python3", ["-c", script], { env });
    expect(stdout.trim()).toBe("remote/db");
    const wrong = await run("python3", ["-c", script], {
      env: { ...env, AWS_SECRET_ACCESS_KEY: "wrong" },
    }).then(
      () => "answered",
      (error: { stderr?: string }) => error.stderr ?? "",
    );
    expect(wrong).toContain("InvalidSignatureException");
  });
});
