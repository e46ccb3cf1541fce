import type { SecretListEntry } from "@aws-sdk/client-secrets-manager";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findingsFor, pendingVersionId } from "../../../shared/audit/findings.js";
import { DEFAULT_POLICY, isRotationRequired } from "../../../shared/audit/policy.js";
import type { AuditPolicy } from "../../../shared/audit/types.js";

const NOW = new Date("2030-06-01T00:00:00Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
const policy: AuditPolicy = {
  ...DEFAULT_POLICY,
  maxRotationAgeDays: 30,
  unusedAfterDays: 60,
  stuckAfterHours: 6,
};

/** Rotating every 30 days, rotated 10 days ago, read yesterday: nothing to say. */
const healthy = (overrides: Partial<SecretListEntry> = {}): SecretListEntry => ({
  ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbC123",
  Name: "app/db",
  CreatedDate: daysAgo(100),
  RotationEnabled: true,
  RotationLambdaARN: "arn:aws:lambda:us-east-1:000000000000:function:rotate",
  LastRotatedDate: daysAgo(10),
  NextRotationDate: new Date(NOW.getTime() + 20 * DAY),
  LastAccessedDate: daysAgo(1),
  SecretVersionsToStages: { v1: ["AWSCURRENT"] },
  Tags: [{ Key: "rotation:required", Value: "true" }],
  ...overrides,
});

const types = (entry: SecretListEntry, facts = {}) =>
  findingsFor(entry, policy, NOW, facts).map((f) => f.type);

describe("findingsFor", () => {
  it("finds nothing on a healthy secret", () => {
    expect(findingsFor(healthy(), policy, NOW)).toEqual([]);
  });

  it("reports rotation disabled where the tag requires it", () => {
    const entry = healthy({ RotationEnabled: false, NextRotationDate: undefined });
    expect(types(entry)).toEqual(["rotation-disabled"]);
  });

  it("does not report disabled rotation when nothing requires it", () => {
    const entry = healthy({ RotationEnabled: false, NextRotationDate: undefined, Tags: [] });
    expect(types(entry)).toEqual([]);
  });

  it("reports rotation overdue when NextRotationDate has passed", () => {
    const [finding] = findingsFor(healthy({ NextRotationDate: daysAgo(3) }), policy, NOW);
    expect(finding).toEqual({
      name: "app/db",
      type: "rotation-overdue",
      evidence: { nextRotationDate: daysAgo(3).toISOString(), overdueDays: 3 },
    });
  });

  it("reports rotation overdue when the last rotation is older than the maximum age", () => {
    const entry = healthy({ LastRotatedDate: daysAgo(45), NextRotationDate: undefined });
    const [finding] = findingsFor(entry, policy, NOW);
    expect(finding?.type).toBe("rotation-overdue");
    expect(finding?.evidence).toMatchObject({ ageDays: 45, maxAgeDays: 30 });
  });

  it("ages a required secret that never rotated from its creation", () => {
    const entry = healthy({
      RotationEnabled: false,
      LastRotatedDate: undefined,
      NextRotationDate: undefined,
    });
    expect(types(entry)).toEqual(["rotation-disabled", "rotation-overdue"]);
  });

  it("reports a pending version older than the threshold as stuck, and a young one not", () => {
    const entry = healthy({ SecretVersionsToStages: { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] } });
    expect(pendingVersionId(entry)).toBe("v2");
    expect(types(entry, { pendingCreatedDate: new Date(NOW.getTime() - 7 * 3_600_000) })).toEqual([
      "rotation-stuck",
    ]);
    expect(types(entry, { pendingCreatedDate: new Date(NOW.getTime() - 5 * 3_600_000) })).toEqual([]);
  });

  it("does not take AWSPENDING on the AWSCURRENT or AWSPREVIOUS version for a pending rotation", () => {
    expect(
      pendingVersionId(healthy({ SecretVersionsToStages: { v1: ["AWSCURRENT", "AWSPENDING"] } })),
    ).toBeUndefined();
    expect(
      pendingVersionId(
        healthy({ SecretVersionsToStages: { v1: ["AWSPREVIOUS", "AWSPENDING"], v2: ["AWSCURRENT"] } }),
      ),
    ).toBeUndefined();
  });

  it("reports deletion when the expected deletion date is within the warning", () => {
    const thirtyDayWindow = { ...policy, assumedRecoveryWindowDays: 30, deletionWarningDays: 7 };
    const deletedLongAgo = healthy({ DeletedDate: daysAgo(25) });
    const deletedRecently = healthy({ DeletedDate: daysAgo(2) });
    expect(findingsFor(deletedLongAgo, thirtyDayWindow, NOW)).toEqual([
      {
        name: "app/db",
        type: "deletion-scheduled",
        evidence: {
          deletedDate: daysAgo(25).toISOString(),
          expectedDeletionDate: new Date(NOW.getTime() + 5 * DAY).toISOString(),
          daysLeft: 5,
        },
      },
    ]);
    expect(findingsFor(deletedRecently, thirtyDayWindow, NOW)).toEqual([]);
  });

  it("judges a secret scheduled for deletion on its deletion only", () => {
    const entry = healthy({
      DeletedDate: daysAgo(1),
      NextRotationDate: daysAgo(5),
      LastAccessedDate: daysAgo(400),
    });
    expect(types(entry)).toEqual(["deletion-scheduled"]);
  });

  it("reports unused when last read too long ago, or never read and old", () => {
    expect(types(healthy({ LastAccessedDate: daysAgo(61) }))).toEqual(["unused"]);
    expect(types(healthy({ LastAccessedDate: undefined }))).toEqual(["unused"]);
    expect(
      types(healthy({ LastAccessedDate: undefined, CreatedDate: daysAgo(5), LastRotatedDate: undefined })),
    ).toEqual([]);
  });

  it("never finds anything on a secret whose dates are all within policy", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 29 }),
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 0, max: 59 }),
        (rotatedDaysAgo, nextInDays, readDaysAgo) => {
          const entry = healthy({
            LastRotatedDate: daysAgo(rotatedDaysAgo),
            NextRotationDate: new Date(NOW.getTime() + nextInDays * DAY),
            LastAccessedDate: daysAgo(readDaysAgo),
          });
          expect(findingsFor(entry, policy, NOW)).toEqual([]);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe("isRotationRequired", () => {
  const prefixed = { ...DEFAULT_POLICY, rotationRequiredPrefixes: ["app/prod/"] };
  it("follows the tag, then the configured prefixes, with tag false as an exemption", () => {
    expect(
      isRotationRequired(
        { Name: "app/x", Tags: [{ Key: "rotation:required", Value: "TRUE" }] },
        DEFAULT_POLICY,
      ),
    ).toBe(true);
    expect(isRotationRequired({ Name: "app/prod/db" }, prefixed)).toBe(true);
    expect(isRotationRequired({ Name: "app/dev/db" }, prefixed)).toBe(false);
    expect(
      isRotationRequired(
        { Name: "app/prod/db", Tags: [{ Key: "rotation:required", Value: "false" }] },
        prefixed,
      ),
    ).toBe(false);
  });
});
