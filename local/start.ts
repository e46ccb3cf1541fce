/**
 * `npm start`: the whole API on one machine. Starts the local Secrets Manager endpoint (port 4566, data in
 * `.local/`) and `serverless offline` (HTTP 3000, Lambda invoke 3002) with the functions pointed at it and
 * dummy credentials, creates the API token secret when it is missing, prints the token and a curl
 * example, and stops both on Ctrl-C. `--secrets-port`, `--http-port` and `--lambda-port` move the ports.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { startEndpoint } from "./server";

const REPO = join(__dirname, "..");
const TOKEN_SECRET_ID = process.env.API_TOKEN_SECRET_ID || "secrets-api/token";

function ports(): { secrets: number; http: number; lambda: number } {
  const { values } = parseArgs({
    options: {
      "secrets-port": { type: "string", default: "4566" },
      "http-port": { type: "string", default: "3000" },
      "lambda-port": { type: "string", default: "3002" },
    },
  });
  return {
    secrets: Number(values["secrets-port"]),
    http: Number(values["http-port"]),
    lambda: Number(values["lambda-port"]),
  };
}

/** The API token: read from the token secret, or made and stored when the secret is missing. */
async function ensureApiToken(client: SecretsManagerClient): Promise<string> {
  try {
    const current = await client.send(new GetSecretValueCommand({ SecretId: TOKEN_SECRET_ID }));
    return (JSON.parse(current.SecretString ?? "{}") as { token: string }).token;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    const token = randomBytes(24).toString("base64url");
    await client.send(
      new CreateSecretCommand({ Name: TOKEN_SECRET_ID, SecretString: JSON.stringify({ token }) }),
    );
    return token;
  }
}

async function main(): Promise<void> {
  // This process runs on Node 20 in development; the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const port = ports();
  const endpoint = await startEndpoint({
    port: port.secrets,
    lambdaEndpoint: `http://127.0.0.1:${port.lambda}`,
  });
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const client = new SecretsManagerClient({ endpoint: endpoint.url, region: "us-east-1", credentials });
  const token = await ensureApiToken(client);
  client.destroy();

  const offline = spawn(
    process.execPath,
    [
      join(REPO, "node_modules", "osls", "bin", "serverless.js"),
      "offline",
      "--httpPort",
      String(port.http),
      "--lambdaPort",
      String(port.lambda),
    ],
    {
      cwd: REPO,
      stdio: "inherit",
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        API_TOKEN_SECRET_ID: TOKEN_SECRET_ID,
      },
    },
  );

  const api = `http://127.0.0.1:${port.http}`;
  console.log(`Local Secrets Manager endpoint: ${endpoint.url}`);
  console.log(`API: ${api} (token secret ${TOKEN_SECRET_ID})`);
  console.log(`API token: ${token}`);
  console.log(
    `Try: curl -s -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" ` +
      `-d '{"name":"app/example","value":{"username":"u","password":"p"}}' ${api}/secrets`,
  );

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (offline.exitCode === null) offline.kill("SIGINT");
    await endpoint.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  offline.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
