/**
 * End to end: RotateSecret on the local endpoint, which invokes the PostgreSQL single-user rotation
 * function served by `serverless offline` (built by serverless-esbuild from this repository) for all four
 * steps; the labels move and the new password logs in over verified TLS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecret, describeSecret, getSecretValue, rotateSecret } from "../../../shared/secrets";
import { TEST_ALLOWED_HOSTS } from "../../support/db-availability";
import {
  createPostgresRole,
  dropPostgresRoles,
  postgresForTests,
  postgresLogsIn,
  postgresSecretValue,
  uniqueRoleName,
} from "../../support/db-postgres";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { type Offline, startOffline } from "../../support/offline";
import { freePort } from "../../support/ports";
import { nastyPassword } from "../../support/rotation-db-subjects";

const FUNCTION = "secrets-manager-lambdas-dev-rotationPostgresSingleUser";
describe("RotateSecret on the local endpoint, rotation function in serverless offline", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs PostgreSQL (see the warning above)", () => {});
  let local: TestEndpoint;
  let offline: Offline;
  const role = uniqueRoleName("e");

  beforeAll(async () => {
    const lambdaPort = await freePort();
    local = await startTestEndpoint({ lambdaEndpoint: `http://127.0.0.1:${lambdaPort}` });
    offline = await startOffline({
      lambdaPort,
      startTimeoutMs: 120_000,
      env: {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: local.url,
        DB_TLS_CA_FILE: cluster.caFile,
        ROTATION_ALLOWED_HOSTS: TEST_ALLOWED_HOSTS,
        LOG_LEVEL: "warn",
      },
    });
  }, 180_000);

  afterAll(async () => {
    await offline?.stop();
    await local?.close();
    await dropPostgresRoles(cluster, [role]);
  });

  it("runs all four steps, moves the labels, and the new password logs in", async () => {
    const password = nastyPassword();
    await createPostgresRole(cluster, role, password);
    const value = postgresSecretValue(cluster, role, password);
    const created = await createSecret(
      { name: `app/e2e/${role}`, value: { kind: "string", text: JSON.stringify(value) } },
      { client: local.client },
    );
    const { versionId } = await rotateSecret(
      created.arn,
      {
        rotationLambdaArn: `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}`,
        rotationRules: { automaticallyAfterDays: 30 },
      },
      { client: local.client },
    );
    await local.endpoint.rotation.idle();
    const stages = (await describeSecret(created.arn, { client: local.client })).VersionIdsToStages ?? {};
    expect(stages[versionId]).toContain("AWSCURRENT");
    expect(stages[created.versionId ?? ""]).toContain("AWSPREVIOUS");
    const current = await getSecretValue(created.arn, {}, { client: local.client });
    const next = JSON.parse(current.value.kind === "string" ? current.value.text : "{}") as {
      password: string;
    };
    expect(next.password === password).toBe(false);
    expect(await postgresLogsIn(cluster, role, next.password)).toBe(true);
    expect(await postgresLogsIn(cluster, role, password)).toBe(false);
  }, 120_000);
});
