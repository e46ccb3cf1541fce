import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY, first, type Harness, LAMBDA, makeHarness, token } from "./core-harness";

let h: Harness;
beforeEach(() => {
  h = makeHarness();
  h.call("CreateSecret", { Name: "s", SecretString: "v0", ClientRequestToken: token(0) });
});
afterEach(() => h.core.close());

const rotate = (extra: Record<string, unknown> = {}) =>
  h.call("RotateSecret", { SecretId: "s", RotationLambdaARN: LAMBDA, ...extra });

describe("RotateSecret", () => {
  it("stores the rules, enables rotation and starts the rotation with the token as VersionId", () => {
    const answer = rotate({ ClientRequestToken: token(1), RotationRules: { AutomaticallyAfterDays: 7 } });
    expect(answer.VersionId).toBe(token(1));
    expect(h.started).toEqual([
      expect.objectContaining({
        secretName: "s",
        clientRequestToken: token(1),
        lambdaArn: LAMBDA,
        mode: "rotate",
        accountId: "123456789012",
      }),
    ]);
    const described = h.call("DescribeSecret", { SecretId: "s" });
    expect(described.RotationEnabled).toBe(true);
    expect(described.RotationLambdaARN).toBe(LAMBDA);
    expect(described.RotationRules).toEqual({ AutomaticallyAfterDays: 7 });
    expect(described.NextRotationDate % DAY).toBe(0);
    expect(described.NextRotationDate).toBeGreaterThan(h.clock.now() + 6 * DAY);
  });

  it("refuses without a Lambda, and while a rotation is pending", () => {
    expect(h.refusal("RotateSecret", { SecretId: "s" }).message).toBe(
      "No Lambda rotation function ARN is associated with this secret.",
    );
    rotate({ ClientRequestToken: token(1) });
    expect(h.refusal("RotateSecret", { SecretId: "s" }).message).toBe(
      "A previous rotation isn't complete. That rotation will be reattempted.",
    );
    h.core.recordRotationOutcome(first(h.started), "succeeded");
    rotate({ ClientRequestToken: token(2) });
    expect(h.started).toHaveLength(2);
  });

  it("treats a version with AWSPENDING but not AWSCURRENT as a pending rotation", () => {
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p",
      ClientRequestToken: token(5),
      VersionStages: ["AWSPENDING"],
    });
    expect(h.refusal("RotateSecret", { SecretId: "s", RotationLambdaARN: LAMBDA }).code).toBe(
      "InvalidRequestException",
    );
  });

  it("with RotateImmediately=false only schedules, asking the shell to run testSecret", () => {
    const answer = rotate({
      RotateImmediately: false,
      RotationRules: { ScheduleExpression: "rate(10 days)" },
    });
    expect(answer.VersionId).toBeUndefined();
    expect(h.started[0]?.mode).toBe("testOnly");
    expect(h.call("DescribeSecret", { SecretId: "s" }).RotationRules).toEqual({
      ScheduleExpression: "rate(10 days)",
      AutomaticallyAfterDays: 10,
    });
    // a test-only run does not block the next RotateSecret
    rotate();
  });

  it("validates rotation rules as AWS does", () => {
    const code = (rules: unknown) =>
      h.refusal("RotateSecret", { SecretId: "s", RotationLambdaARN: LAMBDA, RotationRules: rules }).code;
    expect(code({ AutomaticallyAfterDays: 0 })).toBe("ValidationException");
    expect(code({ AutomaticallyAfterDays: 1001 })).toBe("ValidationException");
    expect(code({ AutomaticallyAfterDays: 2, ScheduleExpression: "rate(2 days)" })).toBe(
      "InvalidParameterException",
    );
    expect(code({ ScheduleExpression: "rate(3 hours)" })).toBe("InvalidParameterException");
    expect(code({ ScheduleExpression: "rate(1000 days)" })).toBe("InvalidParameterException");
    expect(code({ ScheduleExpression: "every day" })).toBe("InvalidParameterException");
    expect(code({ ScheduleExpression: "cron(0 4 * * * *)" })).toBe("InvalidParameterException");
    expect(code({ ScheduleExpression: "rate(6 hours)", Duration: "7h" })).toBe("InvalidParameterException");
    expect(code({ ScheduleExpression: "rate(6 hours)", Duration: "3 hours" })).toBe("ValidationException");
    expect(h.started).toHaveLength(0);
    rotate({ RotationRules: { ScheduleExpression: "rate(6 hours)", Duration: "2h" } });
  });

  it("computes NextRotationDate from a cron expression", () => {
    // 1_700_000_000 is Tue 2023-11-14 22:13:20 UTC; next Monday 04:00 is 2023-11-20
    rotate({ RotationRules: { ScheduleExpression: "cron(0 4 ? * MON *)" } });
    expect(h.call("DescribeSecret", { SecretId: "s" }).NextRotationDate).toBe(
      Date.UTC(2023, 10, 20, 4) / 1000,
    );
  });
});

describe("scheduled rotation", () => {
  it("returns due secrets once, and success sets LastRotatedDate and the next date", () => {
    rotate({ ClientRequestToken: token(1), RotationRules: { AutomaticallyAfterDays: 1 } });
    h.core.recordRotationOutcome(first(h.started), "succeeded");
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
    h.clock.advance(2 * DAY);
    const due = h.core.dueRotations(h.clock.now());
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ secretName: "s", lambdaArn: LAMBDA });
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
    h.core.recordRotationOutcome(first(due), "succeeded");
    const described = h.call("DescribeSecret", { SecretId: "s" });
    expect(described.LastRotatedDate).toBeCloseTo(h.clock.now(), 0);
    expect(described.NextRotationDate).toBeGreaterThan(h.clock.now());
  });
});

describe("CancelRotateSecret", () => {
  it("disables rotation, abandons the running rotation and leaves AWSPENDING as AWS documents", () => {
    rotate({ ClientRequestToken: token(1), RotationRules: { AutomaticallyAfterDays: 1 } });
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p",
      ClientRequestToken: token(1),
      VersionStages: ["AWSPENDING"],
    });
    const answer = h.call("CancelRotateSecret", { SecretId: "s" });
    expect(answer.VersionId).toBe(token(1));
    expect(h.abandoned.map((r) => r.clientRequestToken)).toEqual([token(1)]);
    const described = h.call("DescribeSecret", { SecretId: "s" });
    expect(described.RotationEnabled).toBe(false);
    expect(described.NextRotationDate).toBeUndefined();
    expect(described.VersionIdsToStages[token(1)]).toEqual(["AWSPENDING"]);
    h.clock.advance(5 * DAY);
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
  });
});
