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

const stagesMap = (): Record<string, string[]> =>
  h.call("DescribeSecret", { SecretId: "s" }).VersionIdsToStages;

/** What a rotation Lambda does to the version: createSecret puts its value, finishSecret makes it current. */
function lambdaRotates(versionId: string, value = "rotated") {
  h.call("PutSecretValue", {
    SecretId: "s",
    SecretString: value,
    ClientRequestToken: versionId,
    VersionStages: ["AWSPENDING"],
  });
  const current = Object.keys(stagesMap()).find((id) => stagesMap()[id]?.includes("AWSCURRENT"));
  h.call("UpdateSecretVersionStage", {
    SecretId: "s",
    VersionStage: "AWSCURRENT",
    MoveToVersionId: versionId,
    RemoveFromVersionId: current,
  });
}

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
    lambdaRotates(token(1));
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

  it("with RotateImmediately=false schedules and asks the shell for a test run of testSecret", () => {
    const answer = rotate({
      RotateImmediately: false,
      RotationRules: { ScheduleExpression: "rate(10 days)" },
    });
    expect(answer.VersionId).toBeUndefined();
    const test = first(h.started);
    expect(test.mode).toBe("testOnly");
    expect(h.call("DescribeSecret", { SecretId: "s" }).RotationRules).toEqual({
      ScheduleExpression: "rate(10 days)",
      AutomaticallyAfterDays: 10,
    });
    // while the test runs its version is pending: RotateSecret waits, and does not start it again
    expect(h.refusal("RotateSecret", { SecretId: "s" }).message).toBe(
      "A previous rotation isn't complete. That rotation will be reattempted.",
    );
    expect(h.started).toHaveLength(1);
    h.core.recordRotationOutcome(test, "failed");
    // a finished test run does not block the next RotateSecret, and rotated nothing
    expect(h.call("DescribeSecret", { SecretId: "s" }).LastRotatedDate).toBeUndefined();
    rotate();
    expect(h.started).toHaveLength(2);
  });

  it("validates rotation rules as AWS does", () => {
    const code = (rules: unknown) =>
      h.refusal("RotateSecret", { SecretId: "s", RotationLambdaARN: LAMBDA, RotationRules: rules }).code;
    const days = (n: number) =>
      h.refusal("RotateSecret", {
        SecretId: "s",
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: n },
      });
    for (const n of [0, 1001])
      expect([days(n).code, days(n).message]).toEqual([
        "InvalidParameterException",
        "RotationRules.AutomaticallyAfterDays must be within 1-1000.",
      ]);
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
    lambdaRotates(token(1));
    h.core.recordRotationOutcome(first(h.started), "succeeded");
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
    h.clock.advance(2 * DAY);
    const due = h.core.dueRotations(h.clock.now());
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ secretName: "s", lambdaArn: LAMBDA });
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
    lambdaRotates(first(due).clientRequestToken);
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

describe("the version a rotation starts with (AWSPENDING, no value, made before the Lambda runs)", () => {
  const notFound = (input: Record<string, unknown>) =>
    h.refusal("GetSecretValue", { SecretId: "s", ...input });

  it("is made by RotateSecret with the token as id, and shown but not readable", () => {
    rotate({ ClientRequestToken: token(1) });
    expect(stagesMap()).toEqual({ [token(0)]: ["AWSCURRENT"], [token(1)]: ["AWSPENDING"] });
    const listed = h.call("ListSecretVersionIds", { SecretId: "s" }).Versions;
    expect(
      listed.map((v: { VersionId: string; VersionStages: string[] }) => [v.VersionId, v.VersionStages]),
    ).toEqual([
      [token(1), ["AWSPENDING"]],
      [token(0), ["AWSCURRENT"]],
    ]);
    const byId = notFound({ VersionId: token(1), VersionStage: "AWSPENDING" });
    expect([byId.code, byId.message]).toEqual([
      "ResourceNotFoundException",
      `Secrets Manager can't find the specified secret value for VersionId: ${token(1)}`,
    ]);
    expect(notFound({ VersionId: token(1) }).code).toBe("ResourceNotFoundException");
    expect(notFound({ VersionStage: "AWSPENDING" }).message).toBe(
      "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    );
    // the current value is untouched, and reading it still works, alone or in a batch
    expect(h.call("GetSecretValue", { SecretId: "s" }).SecretString).toBe("v0");
    expect(h.call("BatchGetSecretValue", { SecretIdList: ["s"] }).SecretValues[0].SecretString).toBe("v0");
    expect(h.core.secretCount()).toBe(1);
  });

  it("gets its value from createSecret's PutSecretValue with the token, keeping AWSPENDING", () => {
    rotate({ ClientRequestToken: token(1) });
    const put = h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p1",
      ClientRequestToken: token(1),
      VersionStages: ["AWSPENDING"],
    });
    expect([put.VersionId, put.VersionStages]).toEqual([token(1), ["AWSPENDING"]]);
    const pending = h.call("GetSecretValue", {
      SecretId: "s",
      VersionId: token(1),
      VersionStage: "AWSPENDING",
    });
    expect([pending.SecretString, pending.VersionStages]).toEqual(["p1", ["AWSPENDING"]]);
    expect(h.abandoned).toEqual([]);
    // from now on the usual idempotency: same value a no-op, another value refused
    const again = { SecretId: "s", ClientRequestToken: token(1), VersionStages: ["AWSPENDING"] };
    expect(h.call("PutSecretValue", { ...again, SecretString: "p1" }).VersionId).toBe(token(1));
    expect(h.refusal("PutSecretValue", { ...again, SecretString: "other" }).code).toBe(
      "ResourceExistsException",
    );
    expect(stagesMap()).toEqual({ [token(0)]: ["AWSCURRENT"], [token(1)]: ["AWSPENDING"] });
  });

  it("takes the requested stages when filled (AWSCURRENT by default), AWSPENDING staying on it", () => {
    rotate({ ClientRequestToken: token(1) });
    h.call("PutSecretValue", { SecretId: "s", SecretBinary: "AQID", ClientRequestToken: token(1) });
    expect(stagesMap()).toEqual({ [token(0)]: ["AWSPREVIOUS"], [token(1)]: ["AWSPENDING", "AWSCURRENT"] });
    expect(h.call("GetSecretValue", { SecretId: "s" }).SecretBinary).toBe("AQID");
    h.core.recordRotationOutcome(first(h.started), "succeeded");
    // AWSPENDING on the current version is not a pending rotation; the next one takes the label
    rotate({ ClientRequestToken: token(2) });
    expect(stagesMap()).toEqual({
      [token(0)]: ["AWSPREVIOUS"],
      [token(1)]: ["AWSCURRENT"],
      [token(2)]: ["AWSPENDING"],
    });
    expect(h.abandoned).toEqual([]);
  });

  it("stays after a failed rotation, value-less or filled; the next RotateSecret is refused and reattempts it", () => {
    rotate({ ClientRequestToken: token(1) });
    h.core.recordRotationOutcome(first(h.started), "failed");
    const refused = h.refusal("RotateSecret", { SecretId: "s", ClientRequestToken: token(2) });
    expect([refused.code, refused.message]).toEqual([
      "InvalidRequestException",
      "A previous rotation isn't complete. That rotation will be reattempted.",
    ]);
    // as the message says: the four steps start again, for the pending version
    expect(h.started.map((r) => [r.clientRequestToken, r.mode])).toEqual([
      [token(1), "rotate"],
      [token(1), "rotate"],
    ]);
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p1",
      ClientRequestToken: token(1),
      VersionStages: ["AWSPENDING"],
    });
    // the reattempt is running: refused again, not started a second time
    expect(h.refusal("RotateSecret", { SecretId: "s", ClientRequestToken: token(2) }).code).toBe(
      "InvalidRequestException",
    );
    expect(h.started).toHaveLength(2);
    expect(stagesMap()).toEqual({ [token(0)]: ["AWSCURRENT"], [token(1)]: ["AWSPENDING"] });
    // it fails again: the next RotateSecret reattempts it again
    h.core.recordRotationOutcome(first(h.started.slice(1)), "failed");
    h.refusal("RotateSecret", { SecretId: "s" });
    expect(h.started.map((r) => r.clientRequestToken)).toEqual([token(1), token(1), token(1)]);
    // this time it succeeds: the labels end as after any rotation, and rotation is free again
    lambdaRotates(token(1), "p1");
    h.core.recordRotationOutcome(first(h.started.slice(2)), "succeeded");
    expect(stagesMap()).toEqual({ [token(0)]: ["AWSPREVIOUS"], [token(1)]: ["AWSPENDING", "AWSCURRENT"] });
    rotate({ ClientRequestToken: token(3) });
    expect(h.started.at(-1)?.clientRequestToken).toBe(token(3));
  });

  it("a refused RotateSecret stores none of its settings while it reattempts the pending rotation", () => {
    rotate({ ClientRequestToken: token(1), RotationRules: { AutomaticallyAfterDays: 5 } });
    h.core.recordRotationOutcome(first(h.started), "failed");
    const before = h.call("DescribeSecret", { SecretId: "s" });
    h.refusal("RotateSecret", {
      SecretId: "s",
      RotationLambdaARN: `${LAMBDA}-other`,
      RotationRules: { AutomaticallyAfterDays: 9 },
    });
    expect(h.call("DescribeSecret", { SecretId: "s" })).toEqual(before);
    expect(h.started.at(-1)).toMatchObject({ clientRequestToken: token(1), lambdaArn: LAMBDA });
  });

  it("is named by CancelRotateSecret and left labelled; removing AWSPENDING lets rotation start again", () => {
    rotate({ ClientRequestToken: token(1) });
    expect(h.call("CancelRotateSecret", { SecretId: "s" }).VersionId).toBe(token(1));
    expect(stagesMap()[token(1)]).toEqual(["AWSPENDING"]);
    // rotation is off now: the refusal reattempts nothing
    expect(h.refusal("RotateSecret", { SecretId: "s" }).code).toBe("InvalidRequestException");
    expect(h.started).toHaveLength(1);
    h.call("UpdateSecretVersionStage", {
      SecretId: "s",
      VersionStage: "AWSPENDING",
      RemoveFromVersionId: token(1),
    });
    rotate({ ClientRequestToken: token(2) });
    expect(stagesMap()).toEqual({ [token(0)]: ["AWSCURRENT"], [token(2)]: ["AWSPENDING"] });
    // the abandoned value-less version is deprecated: listed only with IncludeDeprecated
    const all = h.call("ListSecretVersionIds", { SecretId: "s", IncludeDeprecated: true }).Versions;
    expect(all.map((v: { VersionId: string }) => v.VersionId)).toContain(token(1));
  });

  it("is pruned like any unlabelled version once it lost AWSPENDING", () => {
    rotate({ ClientRequestToken: token(1) });
    h.call("CancelRotateSecret", { SecretId: "s" });
    h.call("UpdateSecretVersionStage", {
      SecretId: "s",
      VersionStage: "AWSPENDING",
      RemoveFromVersionId: token(1),
    });
    h.clock.advance(2 * DAY);
    for (let i = 2; i <= 101; i++) h.call("PutSecretValue", { SecretId: "s", SecretString: `v${i}` });
    const all = h.call("ListSecretVersionIds", { SecretId: "s", IncludeDeprecated: true }).Versions;
    expect(all).toHaveLength(100);
    expect(all.map((v: { VersionId: string }) => v.VersionId)).not.toContain(token(1));
    expect(h.core.secretCount()).toBe(1);
  });

  it("is made for a scheduled rotation too, with the request's token; a failed one is reattempted when due", () => {
    rotate({ ClientRequestToken: token(1), RotationRules: { AutomaticallyAfterDays: 1 } });
    lambdaRotates(token(1));
    h.core.recordRotationOutcome(first(h.started), "succeeded");
    h.clock.advance(2 * DAY);
    const due = first(h.core.dueRotations(h.clock.now()));
    expect(stagesMap()[due.clientRequestToken]).toEqual(["AWSPENDING"]);
    expect(notFound({ VersionId: due.clientRequestToken }).code).toBe("ResourceNotFoundException");
    h.core.recordRotationOutcome(due, "failed");
    const versions = () =>
      h.call("ListSecretVersionIds", { SecretId: "s", IncludeDeprecated: true }).Versions;
    const count = versions().length;
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
    h.clock.advance(2 * DAY);
    // due again: the failed rotation is reattempted with its own token, no new version is made
    const again = h.core.dueRotations(h.clock.now());
    expect(again.map((r) => [r.clientRequestToken, r.mode])).toEqual([[due.clientRequestToken, "rotate"]]);
    expect(versions()).toHaveLength(count);
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
    lambdaRotates(due.clientRequestToken);
    h.core.recordRotationOutcome(first(again), "succeeded");
    expect(stagesMap()[due.clientRequestToken]).toEqual(["AWSPENDING", "AWSCURRENT"]);
  });

  it("is not reattempted by the scheduler once rotation is cancelled", () => {
    rotate({ ClientRequestToken: token(1), RotationRules: { AutomaticallyAfterDays: 1 } });
    h.core.recordRotationOutcome(first(h.started), "failed");
    h.call("CancelRotateSecret", { SecretId: "s" });
    h.clock.advance(5 * DAY);
    expect(h.core.dueRotations(h.clock.now())).toEqual([]);
  });

  it("is made for the test run of RotateImmediately=false, with the current value, and removed after it", () => {
    h.call("PutSecretValue", { SecretId: "s", SecretString: "v1", ClientRequestToken: token(8) });
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "staged",
      ClientRequestToken: token(9),
      VersionStages: ["STAGED"],
    });
    const labels = stagesMap();
    rotate({ ClientRequestToken: token(1), RotateImmediately: false });
    const test = first(h.started);
    expect([test.mode, test.clientRequestToken]).toEqual(["testOnly", token(1)]);
    expect(stagesMap()).toEqual({ ...labels, [token(1)]: ["AWSPENDING"] });
    const pending = h.call("GetSecretValue", {
      SecretId: "s",
      VersionId: token(1),
      VersionStage: "AWSPENDING",
    });
    expect(pending.SecretString).toBe("v1");
    h.core.recordRotationOutcome(test, "succeeded");
    expect(stagesMap()).toEqual(labels);
    const all = h.call("ListSecretVersionIds", { SecretId: "s", IncludeDeprecated: true }).Versions;
    expect(all.map((v: { VersionId: string }) => v.VersionId)).not.toContain(token(1));
    expect(h.abandoned).toEqual([]);
    expect(h.call("DescribeSecret", { SecretId: "s" }).LastRotatedDate).toBeUndefined();
  });

  it("is removed after a failed test run too, and the test run abandons nothing when cancelled", () => {
    rotate({
      ClientRequestToken: token(1),
      RotateImmediately: false,
      RotationRules: { AutomaticallyAfterDays: 3 },
    });
    expect(h.call("CancelRotateSecret", { SecretId: "s" }).VersionId).toBe(token(1));
    expect(h.abandoned).toEqual([]);
    h.core.recordRotationOutcome(first(h.started), "failed");
    expect(stagesMap()).toEqual({ [token(0)]: ["AWSCURRENT"] });
    rotate({ ClientRequestToken: token(2) });
  });

  it("is not made, and no test runs, for RotateImmediately=false on a secret without a current value", () => {
    h.call("CreateSecret", { Name: "empty" });
    const answer = h.call("RotateSecret", {
      SecretId: "empty",
      RotationLambdaARN: LAMBDA,
      RotateImmediately: false,
      RotationRules: { AutomaticallyAfterDays: 2 },
    });
    expect(answer.VersionId).toBeUndefined();
    expect(h.started).toEqual([]);
    const described = h.call("DescribeSecret", { SecretId: "empty" });
    expect(described.RotationEnabled).toBe(true);
    expect(described.VersionIdsToStages ?? {}).toEqual({});
  });

  it("is not made, and nothing changes, when RotateSecret is refused", () => {
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p",
      ClientRequestToken: token(5),
      VersionStages: ["AWSPENDING"],
    });
    const before = h.call("DescribeSecret", { SecretId: "s" });
    h.refusal("RotateSecret", {
      SecretId: "s",
      RotationLambdaARN: LAMBDA,
      ClientRequestToken: token(6),
      RotationRules: { AutomaticallyAfterDays: 3 },
    });
    expect(h.call("DescribeSecret", { SecretId: "s" })).toEqual(before);
    expect(h.started).toEqual([]);
  });

  it("refuses a token that already names a version, changing nothing", () => {
    const before = h.call("DescribeSecret", { SecretId: "s" });
    expect(
      h.refusal("RotateSecret", { SecretId: "s", RotationLambdaARN: LAMBDA, ClientRequestToken: token(0) })
        .code,
    ).toBe("ResourceExistsException");
    expect(h.call("DescribeSecret", { SecretId: "s" })).toEqual(before);
    expect(h.started).toEqual([]);
  });
});
