/**
 * Issue item 6, rotation: a full generic rotation and a full PostgreSQL single-user rotation, started by
 * RotateSecret on the local endpoint, the rotation functions served by `serverless offline` (bundled by
 * serverless-esbuild from this repository); time from RotateSecret until the rotation finished, median
 * of 5 (after one warm-up that loads the function), and each step's median time and share. PostgreSQL
 * is the rotation tests' own scram-sha-256 cluster (tests/support/db-postgres.ts); without it that figure
 * is reported as not measured.
 */
import { randomBytes } from "node:crypto";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { TEST_ALLOWED_HOSTS } from "../../tests/support/db-availability";
import {
  createPostgresRole,
  dropPostgresRoles,
  postgresForTests,
  postgresSecretValue,
  uniqueRoleName,
} from "../../tests/support/db-postgres";
import { startTestEndpoint, type TestEndpoint } from "../../tests/support/endpoint";
import { type Offline, startOffline } from "../../tests/support/offline";
import { freePort } from "../../tests/support/ports";
import { type Figure, failedFigure, figure, valueFigure } from "../lib/figure";
import { measure } from "../lib/measure";
import { median } from "../lib/stats";
import { type StepTiming, startTimingProxy } from "./timing-proxy";

const FUNCTION_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-";
const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"];

export async function rotationFigures(): Promise<Figure[]> {
  const cluster = await postgresForTests().catch(() => undefined);
  const lambdaPort = await freePort();
  const proxy = await startTimingProxy(`http://127.0.0.1:${lambdaPort}`);
  const local = await startTestEndpoint({ lambdaEndpoint: proxy.url, schedulerIntervalMs: 0 });
  const roles: string[] = [];
  let offline: Offline | undefined;
  try {
    offline = await startOffline({
      lambdaPort,
      startTimeoutMs: 120_000,
      env: {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: local.url,
        LOG_LEVEL: "warn",
        // The functions connect only where this allows (empty allows none): the test cluster, on loopback.
        ROTATION_ALLOWED_HOSTS: TEST_ALLOWED_HOSTS,
        ...(cluster ? { DB_TLS_CA_FILE: cluster.caFile } : {}),
      },
    });
    const figures = await rotationFigure(
      local,
      proxy,
      "generic",
      "rotationGeneric",
      JSON.stringify({ token: "x" }),
    );
    if (cluster) {
      const role = uniqueRoleName("b");
      roles.push(role);
      const password = randomBytes(18).toString("base64url");
      await createPostgresRole(cluster, role, password);
      const value = postgresSecretValue(cluster, role, password);
      figures.push(
        ...(await rotationFigure(
          local,
          proxy,
          "postgres single user",
          "rotationPostgresSingleUser",
          JSON.stringify(value),
        )),
      );
      await dropPostgresRoles(cluster, roles);
    } else {
      figures.push(failedFigure("rotation postgres single user", "ms", "PostgreSQL cluster not available"));
    }
    return figures;
  } finally {
    await offline?.stop();
    await local.close();
    await proxy.close();
  }
}

async function rotationFigure(
  local: TestEndpoint,
  proxy: Awaited<ReturnType<typeof startTimingProxy>>,
  label: string,
  fn: string,
  value: string,
): Promise<Figure[]> {
  const name = `app/bench/rotation-${fn}-${randomBytes(3).toString("hex")}`;
  await local.client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  const steps: StepTiming[][] = [];
  const measured = await measure(
    async () => {
      proxy.take();
      const started = performance.now();
      const { VersionId } = await local.client.send(
        new RotateSecretCommand({
          SecretId: name,
          RotationLambdaARN: `${FUNCTION_PREFIX}${fn}`,
          RotationRules: { AutomaticallyAfterDays: 30 },
        }),
      );
      await local.endpoint.rotation.idle();
      const elapsed = performance.now() - started;
      await assertCurrent(local.client, name, VersionId ?? "");
      steps.push(proxy.take());
      return elapsed;
    },
    { warmup: 1 },
  );
  const kept = steps.slice(-measured.samples.length);
  const stepMedians = STEPS.map((step) =>
    median(kept.map((run) => run.find((t) => t.step === step)?.ms ?? Number.NaN)),
  );
  return [
    valueFigure({
      name: `rotation ${label}: RotateSecret to AWSCURRENT`,
      unit: "ms",
      measured,
      detail: { steps: Object.fromEntries(STEPS.map((s, i) => [s, stepMedians[i]])) },
    }),
    ...STEPS.map((step, i) =>
      figure({
        name: `rotation ${label}: step ${step}`,
        value: stepMedians[i] ?? Number.NaN,
        unit: "ms",
        baseline: measured.median,
        baselineName: "whole rotation; ratio = share",
      }),
    ),
  ];
}

async function assertCurrent(client: SecretsManagerClient, name: string, versionId: string): Promise<void> {
  const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
  const stages = described.VersionIdsToStages?.[versionId] ?? [];
  if (!stages.includes("AWSCURRENT"))
    throw new Error(`rotation of ${name} did not finish (${stages.join(",")})`);
}
