/**
 * Running the AWS CLI from a test: the `aws` on PATH (skipped with a warning when there is none, a
 * failure with REQUIRE_AWS_CLI=1), and an environment holding only the given credentials, no profile.
 *
 * @example
 * const aws = await awsCliOrSkip("the AWS CLI against the Lambda port");
 * if (aws) await run(aws, ["--endpoint-url", url, "secretsmanager", "list-secrets"], { env: awsCliEnv(key) });
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The path of `aws`, or undefined (after a SKIPPED warning naming `what`) when there is none. */
export async function awsCliOrSkip(what: string): Promise<string | undefined> {
  const found = await run("sh", ["-c", "command -v aws"]).then(
    ({ stdout }) => stdout.trim(),
    () => "",
  );
  if (found) return found;
  if (process.env.REQUIRE_AWS_CLI === "1") throw new Error("REQUIRE_AWS_CLI=1 but no aws binary was found");
  console.warn(`SKIPPED: ${what} (no aws binary)`);
  return undefined;
}

/** The CLI's environment: these credentials, us-east-1, no config or credentials file, no pager. */
export function awsCliEnv(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
}): Record<string, string> {
  const home = process.env.HOME ?? "/root";
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    PYENV_ROOT: process.env.PYENV_ROOT ?? join(home, ".pyenv"),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
    AWS_MAX_ATTEMPTS: "1",
    AWS_EC2_METADATA_DISABLED: "true",
    LC_ALL: "C.UTF-8",
  };
}
