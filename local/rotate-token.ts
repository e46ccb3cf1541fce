/**
 * `npm run rotate-token -- [--secrets-port 4566]`: rotates the API token of a running `npm start` the way
 * Secrets Manager does in AWS: RotateSecret on the token secret with the `rotationGeneric` function, which
 * the local endpoint invokes through serverless offline for the four steps. Waits for the new version to
 * become AWSCURRENT and says so; it never prints the token.
 */
import { parseArgs } from "node:util";
import {
  DescribeSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { API_TOKEN_SECRET_ID, localFunctionArn } from "./local-functions";

const WAIT_MS = 30_000;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { values } = parseArgs({ options: { "secrets-port": { type: "string", default: "4566" } } });
  const client = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${values["secrets-port"]}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const { VersionId } = await client.send(
    new RotateSecretCommand({
      SecretId: API_TOKEN_SECRET_ID,
      RotationLambdaARN: localFunctionArn("rotationGeneric"),
      RotationRules: { AutomaticallyAfterDays: 30 },
    }),
  );
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const { VersionIdsToStages } = await client.send(
      new DescribeSecretCommand({ SecretId: API_TOKEN_SECRET_ID }),
    );
    if (VersionId && VersionIdsToStages?.[VersionId]?.includes("AWSCURRENT")) {
      console.log(
        `API token rotated: version ${VersionId} is AWSCURRENT (read it from ${API_TOKEN_SECRET_ID}).`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`rotation of ${API_TOKEN_SECRET_ID} did not finish within ${WAIT_MS / 1000} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
