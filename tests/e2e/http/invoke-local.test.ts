/**
 * `serverless invoke local` of the `events/` files, as the README shows them: against a running local
 * endpoint, and against a dead one (502: Secrets Manager could not be reached).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LambdaServer, startLambdaServer } from "../../../local/lambda-invoke-server";
import { createRotationHandler } from "../../../shared/rotation/engine.js";
import { genericStrategy } from "../../../shared/rotation/generic/strategy.js";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint.js";
import { invokeLocal } from "../../support/http-invoke-local.js";
import { REPO } from "../../support/paths.js";
import { freePort } from "../../support/ports.js";

let endpoint: TestEndpoint;
/** Serves the generic rotation function, which RotateSecret's test run (rotateImmediately false) invokes. */
let lambdas: LambdaServer;
/** invoke local's esbuild output for this run (relative to the repository), removed in afterAll. */
const WORK_FOLDER = `.esbuild/http-invoke-${process.pid}`;
const baseEnv = () => ({
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_REGION: "us-east-1",
  AWS_MAX_ATTEMPTS: "1",
  ESBUILD_WORK_FOLDER: WORK_FOLDER,
});

beforeAll(async () => {
  const holder: { client?: SecretsManagerClient } = {};
  lambdas = await startLambdaServer({
    "secrets-manager-lambdas-dev-rotationGeneric": async (event) => {
      await createRotationHandler(genericStrategy, { client: holder.client })(event);
      return null;
    },
  });
  endpoint = await startTestEndpoint({ lambdaEndpoint: lambdas.url });
  holder.client = endpoint.client;
  await endpoint.client.send(
    new CreateSecretCommand({
      Name: "app/example",
      SecretString: '{"username":"example","password":"example-password"}',
    }),
  );
});

afterAll(async () => {
  await endpoint?.close();
  await lambdas?.close();
  rmSync(join(REPO, WORK_FOLDER), { recursive: true, force: true });
});

describe("serverless invoke local", () => {
  it("runs getSecretValue with events/getSecretValue.json against the local endpoint", async () => {
    const { answer } = await invokeLocal("getSecretValue", {
      ...baseEnv(),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ name: "app/example", versionStages: ["AWSCURRENT"] });
    expect(answer.body.value).toEqual({ username: "example", password: "example-password" });
  }, 120_000);

  it("runs rotateSecret with events/rotateSecret.json: the rotation functions allowlist resolves locally", async () => {
    const { answer } = await invokeLocal("rotateSecret", {
      ...baseEnv(),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
    });
    // Only the schedule is set (rotateImmediately: false): the test run passed; 200 with the settings.
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      name: "app/example",
      rotationEnabled: true,
      rotationLambdaArn:
        "arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-rotationGeneric",
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect(answer.body).not.toHaveProperty("versionId");
  }, 120_000);

  it("answers 502 when Secrets Manager cannot be reached, without a stack", async () => {
    const deadPort = await freePort();
    const { answer, output } = await invokeLocal("describeSecret", {
      ...baseEnv(),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${deadPort}`,
    });
    expect(answer.statusCode).toBe(502);
    expect(answer.body).toEqual({
      error: { code: "SecretsManagerUnavailable", message: expect.stringContaining("could not be reached") },
    });
    expect(output).not.toContain("example-password");
  }, 120_000);
});
