/**
 * RotateSecret with RotateImmediately=false against this repository's own generic rotation function,
 * built by serverless-esbuild and served by `serverless offline` at the repository root: the endpoint
 * makes an AWSPENDING version (a copy of AWSCURRENT) for the test run's token, the function's guard
 * accepts it and its testSecret passes, and the version is gone afterwards, whatever the outcome.
 */
import { randomBytes, randomUUID } from "node:crypto";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RotationRequest } from "../../../local/core/types";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { type Offline, startOffline } from "../../support/offline";
import { freePort } from "../../support/ports";
import { coreReportingOutcomes } from "../../support/rotation-outcomes";
import { waitFor } from "../../support/wait";

const GENERIC = "arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-rotationGeneric";

describe("RotateImmediately=false tests the configuration with the repository's generic rotation function", () => {
  let local: TestEndpoint;
  let offline: Offline;
  const outcomes: Array<{ request: RotationRequest; outcome: string }> = [];

  beforeAll(async () => {
    const lambdaPort = await freePort();
    local = await startTestEndpoint({
      lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
      schedulerIntervalMs: 0,
      createCore: coreReportingOutcomes((request, outcome) => outcomes.push({ request, outcome })),
    });
    offline = await startOffline({
      lambdaPort,
      startTimeoutMs: 150_000,
      env: {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: local.url,
        ROTATION_PASSWORD_LENGTH: "32",
        ROTATION_EXCLUDE_CHARACTERS: "",
        LOG_LEVEL: "warn",
      },
    });
  }, 180_000);

  afterAll(async () => {
    await offline?.stop();
    await local?.close();
  });

  /**
   * Creates a secret, calls RotateSecret without rotating, and waits for the test run's outcome (which
   * RotateSecret answers: a failed test is an InvalidRequestException).
   */
  async function testRun(name: string, password: unknown) {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ username: "svc", password }) }),
    );
    const arn = created.ARN ?? "";
    const token = randomUUID();
    const answer = await client
      .send(
        new RotateSecretCommand({
          SecretId: arn,
          RotationLambdaARN: GENERIC,
          RotationRules: { AutomaticallyAfterDays: 30 },
          RotateImmediately: false,
          ClientRequestToken: token,
        }),
      )
      .catch((error: Error) => ({ ARN: arn, failure: error.name }));
    expect(answer.ARN).toBe(arn);
    const outcome = await waitFor(() => outcomes.find((o) => o.request.secretArn === arn), 60_000);
    await local.endpoint.rotation.idle();
    expect([outcome.request.mode, outcome.request.clientRequestToken]).toEqual(["testOnly", token]);
    return {
      arn,
      token,
      created,
      outcome: outcome.outcome,
      failure: "failure" in answer ? answer.failure : undefined,
    };
  }

  async function expectOnlyOriginal(arn: string, originalVersion: string | undefined) {
    const { client } = local;
    const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.VersionIdsToStages).toEqual({ [originalVersion ?? ""]: ["AWSCURRENT"] });
    const versions = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }),
    );
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([originalVersion]);
    return described;
  }

  it("runs testSecret on a temporary AWSPENDING version; it succeeds and the version is removed", async () => {
    const { arn, created, outcome } = await testRun(
      `app/test-run/ok-${randomBytes(3).toString("hex")}`,
      randomBytes(16).toString("hex"),
    );
    expect(outcome).toBe("succeeded");
    const described = await expectOnlyOriginal(arn, created.VersionId);
    // the schedule stays; nothing was rotated
    expect(described.RotationEnabled).toBe(true);
    expect(described.RotationLambdaARN).toBe(GENERIC);
    expect(described.RotationRules?.AutomaticallyAfterDays).toBe(30);
    expect(described.NextRotationDate).toBeInstanceOf(Date);
    expect(described.LastRotatedDate).toBeUndefined();
  }, 90_000);

  it("removes the version when testSecret fails too (a current value no rotation could make: a password that is no text)", async () => {
    const { arn, created, outcome, failure } = await testRun(
      `app/test-run/bad-${randomBytes(3).toString("hex")}`,
      12345,
    );
    expect([outcome, failure]).toEqual(["failed", "InvalidRequestException"]);
    const described = await expectOnlyOriginal(arn, created.VersionId);
    expect(described.RotationEnabled).toBe(true);
  }, 90_000);
});
