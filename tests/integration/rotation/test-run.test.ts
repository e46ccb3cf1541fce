/**
 * RotateSecret with RotateImmediately=false tests the rotation configuration: Secrets Manager runs the
 * function's testSecret on an AWSPENDING version (here a copy of AWSCURRENT) and removes it. The test
 * tests what testSecret tests in a real rotation (for a generic secret: the value's shape, not whether the
 * function generated it), and its outcome reaches the caller: RotateSecret answers it, the rotate route
 * answers it, and a failed test is a TestRotationFailed event that on-rotation-event alerts on.
 */
import { randomBytes } from "node:crypto";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOnRotationEventHandler } from "../../../functions/scheduled/on-rotation-event";
import { type LambdaServer, startLambdaServer } from "../../../local/lambda-invoke-server";
import { createLogger } from "../../../shared/observability/logger";
import { createMetrics } from "../../../shared/observability/metrics";
import { createRotationHandler } from "../../../shared/rotation/engine";
import { genericStrategy } from "../../../shared/rotation/generic/strategy";
import { localClient } from "../../support/client";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { errorCode, type RotationApi, rotationApi } from "../../support/rotation-api";
import { useSuiteEnv } from "../../support/suite-env";
import { rejection } from "../../support/wait";

const GENERIC = "arn:aws:lambda:us-east-1:000000000000:function:generic";
const EVENTS = "on-rotation-event";

describe("RotateImmediately=false: the test run's outcome reaches the caller", () => {
  let local: TestEndpoint;
  let lambdas: LambdaServer;
  let api: RotationApi;
  const eventLines: Record<string, unknown>[] = [];
  const invoked: { step: string; ok: boolean }[] = [];
  useSuiteEnv({ ROTATION_FUNCTION_ARNS: GENERIC });

  beforeAll(async () => {
    const holder: { client?: SecretsManagerClient } = {};
    const onRotationEvent = createOnRotationEventHandler({
      environment: {},
      logger: createLogger({ service: EVENTS, sink: (line) => eventLines.push(JSON.parse(line)) }),
      metrics: createMetrics({ service: EVENTS, sink: () => undefined }),
    });
    lambdas = await startLambdaServer({
      generic: async (event) => {
        const step = String((event as { Step?: unknown }).Step);
        const handler = createRotationHandler(genericStrategy, { client: holder.client });
        try {
          await handler(event);
          invoked.push({ step, ok: true });
        } catch (error) {
          invoked.push({ step, ok: false });
          throw error;
        }
        return null;
      },
      [EVENTS]: (event, context) => onRotationEvent(event as Record<string, unknown>, context),
    });
    local = await startTestEndpoint({ lambdaEndpoint: lambdas.url, eventsTargets: [EVENTS] });
    holder.client = localClient(local.url);
    api = rotationApi(local.client);
  });
  afterAll(async () => {
    api?.release();
    await local?.close();
    await lambdas?.close();
  });

  /** A generic secret whose value a person set (too short for the password policy), with `tags`. */
  async function handSet(value: Record<string, unknown>, tags: Record<string, string> = {}) {
    const created = await local.client.send(
      new CreateSecretCommand({
        Name: `app/test-run/${randomBytes(4).toString("hex")}`,
        SecretString: JSON.stringify(value),
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    return { arn: created.ARN ?? "", firstVersion: created.VersionId ?? "" };
  }

  const testRun = (arn: string) =>
    local.client.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: GENERIC,
        RotationRules: { AutomaticallyAfterDays: 30 },
        RotateImmediately: false,
      }),
    );

  async function onlyFirstVersion(arn: string, firstVersion: string) {
    const versions = await local.client.send(
      new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }),
    );
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([firstVersion]);
  }

  it("a hand-set value passes: its shape is what a rotation would keep; RotateSecret answers once the test ran", async () => {
    const { arn, firstVersion } = await handSet({ username: "svc", password: "too-short" });
    invoked.length = 0;
    const answer = await testRun(arn);
    // Answered after the test: testSecret has already run, and passed.
    expect(invoked).toEqual([{ step: "testSecret", ok: true }]);
    expect(answer.ARN).toBe(arn);
    await onlyFirstVersion(arn, firstVersion);
    const described = await local.client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.RotationEnabled).toBe(true);
  });

  it("a failing test answers InvalidRequestException, removes its version, and is alerted as TestRotationFailed", async () => {
    // `rotation:key` names a key whose value is no string: a rotation could not make it.
    const { arn, firstVersion } = await handSet({ apikey: 5 }, { "rotation:key": "apikey" });
    const failure = await rejection(testRun(arn));
    expect(failure.name).toBe("InvalidRequestException");
    expect(failure.message).toMatch(/testSecret/);
    await onlyFirstVersion(arn, firstVersion);
    await local.endpoint.rotation.idle();
    await lambdas.idle();
    const names = eventLines
      .filter((line) => line.message === "rotation event")
      .map((line) => (line.rotationEvent as { eventName: string; secretArn: string }) ?? {})
      .filter((record) => record.secretArn === arn)
      .map((record) => record.eventName);
    expect(names).toEqual(["TestRotationStarted", "TestRotationFailed"]);
    expect(
      eventLines.some(
        (line) =>
          String(line.message).startsWith("rotation alert") &&
          String(line.subject).startsWith("TestRotationFailed"),
      ),
    ).toBe(true);
  });

  it("the rotate route answers the test's outcome: 200 with the settings, or 422 RotationTestFailed", async () => {
    const good = await handSet({ username: "svc", password: "too-short" });
    const passed = await api.rotate(good.arn, {
      rotateImmediately: false,
      rotationLambdaArn: GENERIC,
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect([passed.status, passed.json.rotationEnabled, passed.json.testOutcome]).toEqual([
      200,
      true,
      "passed",
    ]);
    const bad = await handSet({ apikey: 5 }, { "rotation:key": "apikey" });
    const failed = await api.rotate(bad.arn, {
      rotateImmediately: false,
      rotationLambdaArn: GENERIC,
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect([failed.status, errorCode(failed)]).toEqual([422, "RotationTestFailed"]);
  });
});
