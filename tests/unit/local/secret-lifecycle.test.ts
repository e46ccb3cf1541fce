import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CTX, DAY, type Harness, makeHarness, token } from "./core-harness";

let h: Harness;
beforeEach(() => {
  h = makeHarness();
});
afterEach(() => h.core.close());

describe("CreateSecret", () => {
  it("answers an ARN with the name and six random alphanumerics", () => {
    const created = h.call("CreateSecret", { Name: "app/db", SecretString: "v1" });
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/db-[A-Za-z0-9]{6}$/,
    );
    expect(created.Name).toBe("app/db");
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("creates a secret without a value and without versions", () => {
    const created = h.call("CreateSecret", { Name: "empty" });
    expect(created.VersionId).toBeUndefined();
    expect(h.call("DescribeSecret", { SecretId: "empty" })).not.toHaveProperty("VersionIdsToStages");
    expect(h.refusal("GetSecretValue", { SecretId: "empty" }).code).toBe("ResourceNotFoundException");
  });

  it("refuses a name in use, bad characters, too long names and both value kinds", () => {
    h.call("CreateSecret", { Name: "dup", SecretString: "x" });
    expect(h.refusal("CreateSecret", { Name: "dup", SecretString: "y" }).code).toBe(
      "ResourceExistsException",
    );
    const badName = h.refusal("CreateSecret", { Name: "bad name!" });
    expect([badName.code, badName.message]).toEqual([
      "ValidationException",
      "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
    ]);
    expect(h.refusal("CreateSecret", { Name: "a".repeat(513) }).code).toBe("ValidationException");
    expect(h.refusal("CreateSecret", { Name: "both", SecretString: "a", SecretBinary: "YQ==" }).code).toBe(
      "InvalidParameterException",
    );
    expect(h.refusal("CreateSecret", { Name: "d", Description: "x".repeat(2049) }).code).toBe(
      "ValidationException",
    );
    expect(h.core.secretCount()).toBe(1);
  });

  it("enforces the 65,536-byte limit on the UTF-8 string and on decoded binary", () => {
    h.call("CreateSecret", { Name: "max", SecretString: "a".repeat(65_536) });
    expect(h.refusal("CreateSecret", { Name: "over", SecretString: "é".repeat(32_769) }).code).toBe(
      "ValidationException",
    );
    const big = Buffer.alloc(65_537).toString("base64");
    expect(h.refusal("CreateSecret", { Name: "bin", SecretBinary: big }).code).toBe("ValidationException");
    h.call("CreateSecret", { Name: "bin", SecretBinary: Buffer.alloc(65_536, 7).toString("base64") });
  });

  it("stores binary values as bytes and answers them as base64", () => {
    const bytes = Buffer.from([0, 255, 1, 2, 3]);
    h.call("CreateSecret", { Name: "bin", SecretBinary: bytes.toString("base64") });
    const value = h.call("GetSecretValue", { SecretId: "bin" });
    expect(value.SecretBinary).toBe(bytes.toString("base64"));
    expect(value.SecretString).toBeUndefined();
  });

  it("checks tag limits", () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    expect(h.refusal("CreateSecret", { Name: "t", Tags: tags }).code).toBe("LimitExceededException");
    expect(h.refusal("CreateSecret", { Name: "t", Tags: [{ Key: "k".repeat(129), Value: "" }] }).code).toBe(
      "ValidationException",
    );
    expect(h.refusal("CreateSecret", { Name: "t", Tags: [{ Key: "k", Value: "v".repeat(257) }] }).code).toBe(
      "ValidationException",
    );
    h.call("CreateSecret", { Name: "t", Tags: tags.slice(0, 50) });
    expect(h.call("DescribeSecret", { SecretId: "t" }).Tags).toHaveLength(50);
  });
});

describe("SecretId resolution", () => {
  it("finds a secret by name, full ARN and partial ARN", () => {
    const { ARN } = h.call("CreateSecret", { Name: "svc/key", SecretString: "v" });
    for (const id of ["svc/key", ARN, ARN.slice(0, -7)])
      expect(h.call("GetSecretValue", { SecretId: id }).SecretString).toBe("v");
    expect(h.refusal("GetSecretValue", { SecretId: `${ARN.slice(0, -7)}-ZZZZZZ` }).code).toBe(
      "ResourceNotFoundException",
    );
  });

  it("keeps a name that itself ends in -xxxxxx apart from a shorter name", () => {
    const short = h.call("CreateSecret", { Name: "app", SecretString: "short" });
    const long = h.call("CreateSecret", { Name: "app-abcdef", SecretString: "long" });
    // "...:secret:app-abcdef" is the partial ARN of "app-abcdef", not a full ARN of "app"
    expect(h.call("GetSecretValue", { SecretId: long.ARN.slice(0, -7) }).SecretString).toBe("long");
    expect(h.call("GetSecretValue", { SecretId: short.ARN }).SecretString).toBe("short");
    expect(h.call("GetSecretValue", { SecretId: long.ARN }).SecretString).toBe("long");
  });

  it("is regional", () => {
    h.call("CreateSecret", { Name: "regional", SecretString: "v" });
    expect(h.refusal("GetSecretValue", { SecretId: "regional" }, { ...CTX, region: "eu-west-1" }).code).toBe(
      "ResourceNotFoundException",
    );
  });
});

describe("GetSecretValue", () => {
  it("reads by VersionId and by VersionStage and refuses mismatches", () => {
    const first = h.call("CreateSecret", { Name: "s", SecretString: "one" });
    h.call("PutSecretValue", { SecretId: "s", SecretString: "two" });
    expect(h.call("GetSecretValue", { SecretId: "s", VersionId: first.VersionId }).SecretString).toBe("one");
    expect(h.call("GetSecretValue", { SecretId: "s", VersionStage: "AWSPREVIOUS" }).SecretString).toBe("one");
    const mismatch = h.refusal("GetSecretValue", {
      SecretId: "s",
      VersionId: first.VersionId,
      VersionStage: "AWSCURRENT",
    });
    expect([mismatch.code, mismatch.message]).toEqual([
      "InvalidRequestException",
      "You provided a VersionStage that is not associated to the provided VersionId.",
    ]);
    expect(h.refusal("GetSecretValue", { SecretId: "s", VersionStage: "AWSPENDING" }).code).toBe(
      "ResourceNotFoundException",
    );
  });

  it("records LastAccessedDate truncated to the day", () => {
    h.call("CreateSecret", { Name: "s", SecretString: "one" });
    h.clock.advance(3 * 3600);
    h.call("GetSecretValue", { SecretId: "s" });
    const accessed = h.call("DescribeSecret", { SecretId: "s" }).LastAccessedDate as number;
    expect(accessed % DAY).toBe(0);
    expect(h.clock.now() - accessed).toBeLessThan(DAY);
  });
});

describe("UpdateSecret", () => {
  it("changes the description without a new version, and makes a new AWSCURRENT with a value", () => {
    const first = h.call("CreateSecret", { Name: "s", SecretString: "one", Description: "old" });
    const meta = h.call("UpdateSecret", { SecretId: "s", Description: "new" });
    expect(meta.VersionId).toBeUndefined();
    expect(h.call("DescribeSecret", { SecretId: "s" }).Description).toBe("new");
    const updated = h.call("UpdateSecret", { SecretId: "s", SecretString: "two" });
    const stages = h.call("DescribeSecret", { SecretId: "s" }).VersionIdsToStages;
    expect(stages).toEqual({ [updated.VersionId]: ["AWSCURRENT"], [first.VersionId]: ["AWSPREVIOUS"] });
  });
});

describe("DeleteSecret and RestoreSecret", () => {
  it("schedules deletion with a 30-day default window and refuses reads until restored", () => {
    h.call("CreateSecret", { Name: "s", SecretString: "v" });
    const deleted = h.call("DeleteSecret", { SecretId: "s" });
    expect(deleted.DeletionDate).toBeCloseTo(h.clock.now() + 30 * DAY, 0);
    const refusal = h.refusal("GetSecretValue", { SecretId: "s" });
    expect(refusal.code).toBe("InvalidRequestException");
    expect(refusal.message).toBe(
      "You can't perform this operation on the secret because it was marked for deletion.",
    );
    expect(h.refusal("PutSecretValue", { SecretId: "s", SecretString: "x" }).code).toBe(
      "InvalidRequestException",
    );
    expect(h.refusal("UpdateSecret", { SecretId: "s", Description: "x" }).code).toBe(
      "InvalidRequestException",
    );
    expect(h.call("DescribeSecret", { SecretId: "s" }).DeletedDate).toBeCloseTo(h.clock.now(), 0);
    h.call("RestoreSecret", { SecretId: "s" });
    expect(h.call("GetSecretValue", { SecretId: "s" }).SecretString).toBe("v");
    expect(h.call("DescribeSecret", { SecretId: "s" }).DeletedDate).toBeUndefined();
  });

  it("checks the recovery window and its combination with ForceDeleteWithoutRecovery", () => {
    h.call("CreateSecret", { Name: "s", SecretString: "v" });
    expect(h.refusal("DeleteSecret", { SecretId: "s", RecoveryWindowInDays: 6 }).code).toBe(
      "InvalidParameterException",
    );
    expect(h.refusal("DeleteSecret", { SecretId: "s", RecoveryWindowInDays: 31 }).code).toBe(
      "InvalidParameterException",
    );
    const both = h.refusal("DeleteSecret", {
      SecretId: "s",
      RecoveryWindowInDays: 7,
      ForceDeleteWithoutRecovery: true,
    });
    expect(both.message).toBe(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
    expect(h.call("GetSecretValue", { SecretId: "s" }).SecretString).toBe("v");
  });

  it("refuses deleting a scheduled secret again, keeping its DeletionDate, and force-deletes it", () => {
    h.call("CreateSecret", { Name: "s", SecretString: "v" });
    const first = h.call("DeleteSecret", { SecretId: "s", RecoveryWindowInDays: 7 });
    h.clock.advance(100);
    const again = h.refusal("DeleteSecret", { SecretId: "s", RecoveryWindowInDays: 20 });
    expect([again.code, again.message]).toEqual([
      "InvalidRequestException",
      "You tried to perform the operation on a secret that's currently marked deleted.",
    ]);
    expect(h.call("DescribeSecret", { SecretId: "s" }).DeletedDate).toBe(first.DeletionDate - 7 * DAY);
    h.call("DeleteSecret", { SecretId: "s", ForceDeleteWithoutRecovery: true });
    expect(h.refusal("DescribeSecret", { SecretId: "s" }).code).toBe("ResourceNotFoundException");
  });

  it("purges the secret when the clock passes DeletionDate", () => {
    h.call("CreateSecret", { Name: "s", SecretString: "v" });
    h.call("DeleteSecret", { SecretId: "s", RecoveryWindowInDays: 7 });
    h.clock.advance(7 * DAY - 60);
    h.call("DescribeSecret", { SecretId: "s" });
    h.clock.advance(120);
    expect(h.refusal("RestoreSecret", { SecretId: "s" }).code).toBe("ResourceNotFoundException");
    expect(h.core.secretCount()).toBe(0);
    h.call("CreateSecret", { Name: "s", SecretString: "again" });
  });

  it("reuses a force-deleted name at once but not a scheduled one", () => {
    h.call("CreateSecret", { Name: "a", SecretString: "v" });
    h.call("CreateSecret", { Name: "b", SecretString: "v" });
    h.call("DeleteSecret", { SecretId: "a", ForceDeleteWithoutRecovery: true });
    h.call("DeleteSecret", { SecretId: "b" });
    const recreated = h.call("CreateSecret", { Name: "a", SecretString: "new" });
    expect(h.call("GetSecretValue", { SecretId: recreated.ARN }).SecretString).toBe("new");
    const refused = h.refusal("CreateSecret", { Name: "b", SecretString: "new" });
    expect(refused.code).toBe("InvalidRequestException");
  });
});

describe("ClientRequestToken idempotency", () => {
  it("is a no-op for the same token and value, and refuses another value", () => {
    h.call("CreateSecret", { Name: "s", SecretString: "one" });
    const put = h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "two",
      ClientRequestToken: token(1),
    });
    expect(put.VersionId).toBe(token(1));
    const again = h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "two",
      ClientRequestToken: token(1),
    });
    expect(again.VersionId).toBe(token(1));
    const refused = h.refusal("PutSecretValue", {
      SecretId: "s",
      SecretString: "other",
      ClientRequestToken: token(1),
    });
    expect(refused.code).toBe("ResourceExistsException");
    expect(refused.message).not.toContain("other");
    expect(Object.keys(h.call("DescribeSecret", { SecretId: "s" }).VersionIdsToStages)).toHaveLength(2);
  });

  it("checks the token length (32-64)", () => {
    h.call("CreateSecret", { Name: "s" });
    for (const bad of ["short", "x".repeat(65)]) {
      const refused = h.refusal("PutSecretValue", {
        SecretId: "s",
        SecretString: "v",
        ClientRequestToken: bad,
      });
      expect([refused.code, refused.message]).toEqual([
        "InvalidParameterException",
        "ClientRequestToken must be 32-64 characters long.",
      ]);
    }
  });

  it("answers a retried CreateSecret with the same token and value like the first time", () => {
    const first = h.call("CreateSecret", { Name: "s", SecretString: "v", ClientRequestToken: token(2) });
    expect(h.call("CreateSecret", { Name: "s", SecretString: "v", ClientRequestToken: token(2) })).toEqual(
      first,
    );
  });
});
