/**
 * The AWS CLI against the endpoint (`aws --endpoint-url URL secretsmanager ...`): Debian's v2 at
 * /usr/bin/aws and any other `aws` on PATH (for example a v1 from pyenv) are each run. Without one the
 * test is skipped with a warning, or fails when REQUIRE_AWS_CLI=1.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";

const run = promisify(execFile);

function findAws(): string[] {
  const found = existsSync("/usr/bin/aws") ? ["/usr/bin/aws"] : [];
  try {
    const onPath = execFileSync("sh", ["-c", "command -v aws"], { encoding: "utf8" }).trim();
    if (onPath && !found.includes(onPath)) found.push(onPath);
  } catch {
    // none on PATH
  }
  return found;
}

const binaries = findAws();
if (binaries.length === 0) {
  if (process.env.REQUIRE_AWS_CLI === "1") throw new Error("REQUIRE_AWS_CLI=1 but no aws binary was found");
  console.warn(
    "SKIPPED: no `aws` binary; install awscli (v2) or set REQUIRE_AWS_CLI=1 to make this a failure",
  );
}

describe.skipIf(binaries.length === 0).each(binaries)("the AWS CLI (%s) against the endpoint", (aws) => {
  let local: TestEndpoint;
  const home = mkdtempSync(join(tmpdir(), "local-secrets-awscli-"));
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    PYENV_ROOT: process.env.PYENV_ROOT ?? join(process.env.HOME ?? "/root", ".pyenv"),
    AWS_ACCESS_KEY_ID: "AKIDLOCALCLI",
    AWS_SECRET_ACCESS_KEY: "local-cli-secret",
    AWS_DEFAULT_REGION: "ap-northeast-2",
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_PAGER: "",
    AWS_MAX_ATTEMPTS: "1",
    AWS_EC2_METADATA_DISABLED: "true",
    LC_ALL: "C.UTF-8",
  };
  const cli = async (...args: string[]) => {
    const { stdout } = await run(
      aws as string,
      ["--endpoint-url", local.url, "--output", "json", "secretsmanager", ...args],
      {
        env,
        timeout: 60_000,
      },
    );
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
  };
  const cliError = async (...args: string[]) => {
    try {
      await cli(...args);
    } catch (error) {
      return error as { code: number; stderr: string };
    }
    throw new Error("expected the aws command to fail");
  };

  beforeAll(async () => {
    local = await startTestEndpoint();
  });
  afterAll(async () => {
    await local?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("creates, reads, lists, deletes and restores a secret", { timeout: 120_000 }, async () => {
    const value = JSON.stringify({ username: "db-name", password: "db-password" });
    const created = await cli(
      "create-secret",
      "--name",
      "cli/db",
      "--secret-string",
      value,
      "--description",
      "설명",
    );
    expect(created.Name).toBe("cli/db");
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:cli\/db-/);

    const got = await cli("get-secret-value", "--secret-id", "cli/db");
    expect(got.SecretString).toBe(value);
    expect(got.VersionStages).toEqual(["AWSCURRENT"]);

    const listed = await cli("list-secrets");
    const entry = (listed.SecretList as Array<Record<string, unknown>>).find((s) => s.Name === "cli/db");
    expect(entry?.Description).toBe("설명");

    const deleted = await cli("delete-secret", "--secret-id", "cli/db", "--recovery-window-in-days", "7");
    expect(deleted.Name).toBe("cli/db");
    expect(deleted.DeletionDate).toBeTruthy();
    const refused = await cliError("get-secret-value", "--secret-id", "cli/db");
    expect(refused.stderr).toContain("InvalidRequestException");

    const restored = await cli("restore-secret", "--secret-id", "cli/db");
    expect(restored.Name).toBe("cli/db");
    expect((await cli("get-secret-value", "--secret-id", "cli/db")).SecretString).toBe(value);
  });

  it("shows AWS error codes for a missing secret and bad parameters", { timeout: 60_000 }, async () => {
    const missing = await cliError("get-secret-value", "--secret-id", "cli/nothing-here");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("ResourceNotFoundException");
    await cli("create-secret", "--name", "cli/other", "--secret-string", "x");
    const bad = await cliError("delete-secret", "--secret-id", "cli/other", "--recovery-window-in-days", "3");
    expect(bad.stderr).toContain("InvalidParameterException");
    expect(bad.stderr).toContain("between 7 and 30 days");
  });
});
