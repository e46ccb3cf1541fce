/**
 * `npm run rotate-token -- [--secrets-port 4566]`: rotates the API (admin) token of a running `npm start`
 * the way Secrets Manager does in AWS: RotateSecret on the token secret with the `rotationGeneric`
 * function, which the local endpoint invokes through serverless offline for the four steps. Waits for the
 * new version to become AWSCURRENT and prints the new token once, on its own line: `token: <token>`.
 * The previous token keeps working for `API_TOKEN_GRACE_SECONDS`.
 */
import { parseArgs } from "node:util";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ADMIN_CLIENT_ID } from "../shared/access/principal";
import { rotateClient } from "./api-clients";
import { API_TOKEN_SECRET_ID, localFunctionArn } from "./local-functions";

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { values } = parseArgs({ options: { "secrets-port": { type: "string", default: "4566" } } });
  const client = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${values["secrets-port"]}`,
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
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
