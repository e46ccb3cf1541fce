/**
 * RotateSecret end to end: the endpoint invokes a stub rotation Lambda served by `serverless offline`
 * (tests/fixtures/stub-rotation) through the Lambda Invoke API, and delivers lifecycle events to a second
 * stub function.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RotationRequest } from "../../../local/core/types";
import type { RotationEvent } from "../../../local/rotation/events";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { type Offline, startOffline } from "../../support/offline";
import { freePort } from "../../support/ports";
import { coreReportingOutcomes } from "../../support/rotation-outcomes";
import { rejection, waitFor } from "../../support/wait";

const FIXTURE = join(__dirname, "..", "..", "fixtures", "stub-rotation");
const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:stub-rotation-dev-rotate";
const FAILING = "arn:aws:lambda:us-east-1:000000000000:function:stub-rotation-dev-rotateFailing";
const FAILING_ONCE = "arn:aws:lambda:us-east-1:000000000000:function:stub-rotation-dev-rotateFailingOnce";
const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"];

interface StepRecord {
  Step: string;
  SecretId: string;
  ClientRequestToken: string;
}

describe("RotateSecret with a Lambda behind serverless offline", () => {
  const dir = mkdtempSync(join(tmpdir(), "local-secrets-rotation-"));
  const recordFile = join(dir, "steps.jsonl");
  const eventsFile = join(dir, "events.jsonl");
  let local: TestEndpoint;
  let offline: Offline;
  /** Every outcome the runner reported to the core (test runs included, which emit no event). */
  const outcomes: Array<{ request: RotationRequest; outcome: string }> = [];
  const outcomesOf = (arn: string) => outcomes.filter((o) => o.request.secretArn === arn);

  const lines = <T>(file: string): T[] =>
    existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as T)
      : [];
  const stepsOf = (arn: string) => lines<StepRecord>(recordFile).filter((r) => r.SecretId === arn);
  const eventsOf = (arn: string) =>
    lines<RotationEvent>(eventsFile).filter((e) => e.detail.additionalEventData.SecretId === arn);
  const waitForEvent = (arn: string, name: string) =>
    waitFor(() => eventsOf(arn).find((e) => e.detail.eventName === name));

  beforeAll(async () => {
    const lambdaPort = await freePort();
    local = await startTestEndpoint({
      lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
      eventsTargets: ["stub-rotation-dev-events"],
      schedulerIntervalMs: 0,
      createCore: coreReportingOutcomes((request, outcome) => outcomes.push({ request, outcome })),
    });
    offline = await startOffline({
      cwd: FIXTURE,
      lambdaPort,
      env: {
        STUB_SECRETS_ENDPOINT: local.url,
        STUB_RECORD_FILE: recordFile,
        STUB_EVENTS_FILE: eventsFile,
        STUB_STATE_DIR: dir,
      },
    });
  }, 90_000);
  afterAll(async () => {
    await local?.close();
    await offline?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs the four steps in order after answering, moves AWSCURRENT and reports success", async () => {
    const { client } = local;
    const original = { username: "db-name", password: "db-password" };
    const created = await client.send(
      new CreateSecretCommand({ Name: "rot/ok", SecretString: JSON.stringify(original) }),
    );
    const arn = created.ARN ?? "";
    const rotated = await client.send(
      new RotateSecretCommand({
        SecretId: "rot/ok",
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    const token = rotated.VersionId ?? "";
    expect(token).toMatch(/^[0-9a-f-]{32,64}$/);
    expect(rotated.ARN).toBe(arn);

    await waitForEvent(arn, "RotationSucceeded");
    await local.endpoint.rotation.idle();
    const steps = stepsOf(arn);
    expect(steps.map((s) => s.Step)).toEqual(STEPS);
    for (const step of steps) expect(step).toMatchObject({ SecretId: arn, ClientRequestToken: token });

    const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(current.VersionId).toBe(token);
    const value = JSON.parse(current.SecretString ?? "{}");
    expect(value.username).toBe("db-name");
    expect(value.password).not.toBe("db-password");
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: arn, VersionStage: "AWSPREVIOUS" }),
    );
    expect(previous.VersionId).toBe(created.VersionId);

    const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.RotationEnabled).toBe(true);
    expect(described.RotationLambdaARN).toBe(LAMBDA);
    expect(described.LastRotatedDate).toBeInstanceOf(Date);
    // AWS: after a successful rotation AWSPENDING is on the AWSCURRENT version or on none.
    expect(described.VersionIdsToStages?.[token]).toContain("AWSCURRENT");
    const stages = Object.entries(described.VersionIdsToStages ?? {});
    for (const [id, labels] of stages) if (labels.includes("AWSPENDING")) expect(id).toBe(token);

    const events = eventsOf(arn);
    expect(events.map((e) => e.detail.eventName)).toEqual(["RotationStarted", "RotationSucceeded"]);
    for (const event of events) {
      expect(event).toMatchObject({
        version: "0",
        "detail-type": "AWS Service Event via CloudTrail",
        source: "aws.secretsmanager",
        account: "000000000000",
        region: "us-east-1",
        detail: { eventSource: "secretsmanager.amazonaws.com", awsRegion: "us-east-1" },
      });
      expect(Number.isNaN(Date.parse(event.time))).toBe(false);
      const text = JSON.stringify(event);
      expect(text).not.toContain("db-password");
      expect(text).not.toContain(value.password);
    }
  });

  it("stops at the failing step, leaves AWSPENDING in place and reports RotationFailed", async () => {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({
        Name: "rot/fail",
        SecretString: JSON.stringify({ username: "u", password: "p0" }),
      }),
    );
    const arn = created.ARN ?? "";
    const rotated = await client.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: FAILING,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    const token = rotated.VersionId ?? "";

    const failed = await waitForEvent(arn, "RotationFailed");
    expect(failed.detail.additionalEventData).toEqual({ SecretId: arn });
    await local.endpoint.rotation.idle();
    expect(stepsOf(arn).map((s) => s.Step)).toEqual(["createSecret", "setSecret"]);

    const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.VersionIdsToStages?.[token]).toEqual(["AWSPENDING"]);
    expect(described.VersionIdsToStages?.[created.VersionId ?? ""]).toContain("AWSCURRENT");
    const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(current.VersionId).toBe(created.VersionId);
    expect(eventsOf(arn).map((e) => e.detail.eventName)).toEqual(["RotationStarted", "RotationFailed"]);
  });

  it("starts a due rotation when the clock passes NextRotationDate", async () => {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({
        Name: "rot/scheduled",
        SecretString: JSON.stringify({ username: "s", password: "p" }),
      }),
    );
    const arn = created.ARN ?? "";
    const first = await client.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 1 },
      }),
    );
    await waitForEvent(arn, "RotationSucceeded");
    await local.endpoint.rotation.idle();
    expect(stepsOf(arn)).toHaveLength(4);

    await local.control("clock", { advanceSeconds: 2 * 86_400 });
    await waitFor(() => (stepsOf(arn).length >= 8 ? true : undefined));
    await local.endpoint.rotation.idle();
    const second = stepsOf(arn).slice(4);
    expect(second.map((s) => s.Step)).toEqual(STEPS);
    const secondToken = second[0]?.ClientRequestToken;
    expect(secondToken).toBeTruthy();
    expect(secondToken).not.toBe(first.VersionId);
    for (const step of second) expect(step.ClientRequestToken).toBe(secondToken);
    const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(current.VersionId).toBe(secondToken);
  });

  it("with RotateImmediately false runs testSecret alone on a temporary AWSPENDING version, then removes it", async () => {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({
        Name: "rot/test-only",
        SecretString: JSON.stringify({ username: "t", password: "p" }),
      }),
    );
    const arn = created.ARN ?? "";
    const testToken = "test-only-run-0000000000000000000000001";
    const answer = await client.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 30 },
        RotateImmediately: false,
        ClientRequestToken: testToken,
      }),
    );
    expect(answer.ARN).toBe(arn);
    await waitFor(() => (outcomesOf(arn).length > 0 ? true : undefined));
    await local.endpoint.rotation.idle();
    expect(stepsOf(arn).map((s) => [s.Step, s.ClientRequestToken])).toEqual([["testSecret", testToken]]);
    // the stub's testSecret reads the token's AWSPENDING version, as AWS's templates do: it passed
    expect(outcomesOf(arn).map((o) => [o.request.mode, o.outcome])).toEqual([["testOnly", "succeeded"]]);
    const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.RotationEnabled).toBe(true);
    expect(described.LastRotatedDate).toBeUndefined();
    expect(described.VersionIdsToStages).toEqual({ [created.VersionId ?? ""]: ["AWSCURRENT"] });
    const versions = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }),
    );
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([created.VersionId]);
    // CloudTrail's test events, not a rotation's.
    expect(eventsOf(arn).map((event) => event.detail.eventName)).toEqual([
      "TestRotationStarted",
      "TestRotationSucceeded",
    ]);
    // the schedule stays, and the secret rotates normally afterwards
    await client.send(new RotateSecretCommand({ SecretId: arn }));
    await waitForEvent(arn, "RotationSucceeded");
    await local.endpoint.rotation.idle();
  });

  it("reattempts a failed rotation with the same token when RotateSecret is refused for it", async () => {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({
        Name: "rot/retry",
        SecretString: JSON.stringify({ username: "r", password: "p0" }),
      }),
    );
    const arn = created.ARN ?? "";
    const rotated = await client.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: FAILING_ONCE,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    const token = rotated.VersionId ?? "";
    await waitForEvent(arn, "RotationFailed");
    await local.endpoint.rotation.idle();
    const pending = await client.send(
      new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: "AWSPENDING" }),
    );
    expect(JSON.parse(pending.SecretString ?? "{}").username).toBe("r");

    const refused = await rejection(client.send(new RotateSecretCommand({ SecretId: arn })));
    expect([refused.name, refused.message]).toEqual([
      "InvalidRequestException",
      "A previous rotation isn't complete. That rotation will be reattempted.",
    ]);
    await waitForEvent(arn, "RotationSucceeded");
    await local.endpoint.rotation.idle();
    expect(stepsOf(arn).map((s) => s.Step)).toEqual(["createSecret", "setSecret", ...STEPS]);
    for (const step of stepsOf(arn)) expect(step.ClientRequestToken).toBe(token);
    expect(eventsOf(arn).map((e) => e.detail.eventName)).toEqual([
      "RotationStarted",
      "RotationFailed",
      "RotationStarted",
      "RotationSucceeded",
    ]);
    const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.VersionIdsToStages?.[token]).toContain("AWSCURRENT");
    expect(described.VersionIdsToStages?.[created.VersionId ?? ""]).toEqual(["AWSPREVIOUS"]);
    // the value createSecret stored on the first attempt is the one that became current
    const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect([current.VersionId, current.SecretString]).toEqual([token, pending.SecretString]);
    expect(described.LastRotatedDate).toBeInstanceOf(Date);
  });

  it("has the scheduler reattempt a failed rotation with the same token once NextRotationDate comes", async () => {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({
        Name: "rot/retry-scheduled",
        SecretString: JSON.stringify({ username: "rs", password: "p0" }),
      }),
    );
    const arn = created.ARN ?? "";
    const rotated = await client.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: FAILING_ONCE,
        RotationRules: { AutomaticallyAfterDays: 1 },
      }),
    );
    const token = rotated.VersionId ?? "";
    await waitForEvent(arn, "RotationFailed");
    await local.endpoint.rotation.idle();

    await local.control("clock", { advanceSeconds: 2 * 86_400 });
    await waitForEvent(arn, "RotationSucceeded");
    await local.endpoint.rotation.idle();
    expect(stepsOf(arn).map((s) => s.Step)).toEqual(["createSecret", "setSecret", ...STEPS]);
    for (const step of stepsOf(arn)) expect(step.ClientRequestToken).toBe(token);
    const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.VersionIdsToStages?.[token]).toContain("AWSCURRENT");
    expect(described.VersionIdsToStages?.[created.VersionId ?? ""]).toEqual(["AWSPREVIOUS"]);
  });

  it("rotates again with a fresh token once the previous rotation finished", async () => {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({
        Name: "rot/serial",
        SecretString: JSON.stringify({ username: "q", password: "p" }),
      }),
    );
    const arn = created.ARN ?? "";
    await client.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: LAMBDA }));
    await waitForEvent(arn, "RotationSucceeded");
    await local.endpoint.rotation.idle();
    await client.send(new RotateSecretCommand({ SecretId: arn }));
    await waitFor(() =>
      eventsOf(arn).filter((e) => e.detail.eventName === "RotationSucceeded").length === 2 ? true : undefined,
    );
    await local.endpoint.rotation.idle();
    const steps = stepsOf(arn);
    expect(steps.map((s) => s.Step)).toEqual([...STEPS, ...STEPS]);
    expect(new Set(steps.slice(0, 4).map((s) => s.ClientRequestToken)).size).toBe(1);
    expect(new Set(steps.slice(4).map((s) => s.ClientRequestToken)).size).toBe(1);
    expect(steps[4]?.ClientRequestToken).not.toBe(steps[0]?.ClientRequestToken);
  });
});
