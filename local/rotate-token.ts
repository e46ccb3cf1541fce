/**
 * `npm run rotate-token -- [--secrets-port 4566]`: rotates the API (admin) token of a running `npm start`
 * the way Secrets Manager does in AWS: RotateSecret on the token secret with the `rotationGeneric`
 * function, which the local endpoint invokes through serverless offline for the four steps. Waits for the
 * new version to become AWSCURRENT and prints the new token once, on its own line: `token: <token>`.
 * The previous token keeps working for `API_TOKEN_GRACE_SECONDS`.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ADMIN_CLIENT_ID } from "../shared/access/principal";
import { rotateClient } from "./api-clients";
import { integerOption, parseCommandLine, runCommand } from "./command-line";
import { API_TOKEN_SECRET_ID, localFunctionArn } from "./local-functions";

const USAGE = `usage: npm run rotate-token -- [--secrets-port 4566]

Rotates the API token of a running npm start through RotateSecret and rotationGeneric, waits until the
new token is current and prints it once, on a line of its own: "token: <token>". The previous token keeps
working for API_TOKEN_GRACE_SECONDS (default 300).

  --secrets-port N  the port of npm start's local Secrets Manager endpoint on 127.0.0.1 (default 4566)
  -h, --help        this text

Exit codes: 0 rotated, 1 failed (npm start not running, the rotation did not finish), 2 a bad command line.`;

const OPTIONS = { "secrets-port": { type: "string", default: "4566" } } as const;

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, OPTIONS);
  const port = integerOption("secrets-port", values["secrets-port"], { min: 1, max: 65535 });
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const client = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const token = await rotateClient({ client }, ADMIN_CLIENT_ID, {
      rotationLambdaArn: localFunctionArn("rotationGeneric"),
      rotateEveryDays: 30,
    });
    console.log(
      `API token rotated (${API_TOKEN_SECRET_ID}); the previous one works for API_TOKEN_GRACE_SECONDS more.`,
    );
    console.log(`token: ${token}`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${why} (is npm start running with its endpoint on 127.0.0.1:${port}?)`);
  } finally {
    client.destroy();
  }
}

if (require.main === module) runCommand("rotate-token", USAGE, main);
