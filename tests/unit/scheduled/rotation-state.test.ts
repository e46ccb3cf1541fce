import type { SecretListEntry } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { findingsFor } from "../../../shared/audit/findings.js";
import type { Inspection } from "../../../shared/audit/inspect-secret.js";
import { DEFAULT_POLICY } from "../../../shared/audit/policy.js";
import { rotationStateOf } from "../../../shared/audit/rotation-state.js";

const NOW = new Date("2030-06-01T00:00:00Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

const rotating = (overrides: Partial<SecretListEntry> = {}): SecretListEntry => ({
  Name: "app/db",
  CreatedDate: daysAgo(100),
  RotationEnabled: true,
  LastRotatedDate: daysAgo(10),
  NextRotationDate: new Date(NOW.getTime() + 20 * DAY),
  LastAccessedDate: daysAgo(1),
  SecretVersionsToStages: { v1: ["AWSCURRENT"] },
  ...overrides,
});

/** The audit's own inspection of `entry` (the findings from the audit's rules). */
const inspected = (entry: SecretListEntry, facts: Inspection["facts"] = {}, error = false): Inspection => ({
  findings: findingsFor(entry, DEFAULT_POLICY, NOW, facts),
  facts,
  ...(error
    ? { error: { name: "app/db", operation: "ListSecretVersionIds", code: "ThrottlingException" } }
    : {}),
});
const stateOf = (entry: SecretListEntry, facts: Inspection["facts"] = {}, error = false) =>
  rotationStateOf(entry, inspected(entry, facts, error));

describe("rotationStateOf", () => {
  it("is ok for a secret the audit finds nothing wrong with", () => {
    expect(inspected(rotating()).findings).toEqual([]);
    expect(stateOf(rotating())).toEqual({ state: "ok" });
  });

  it("is deleting, with the date, for a secret scheduled for deletion, whatever else holds", () => {
    const entry = rotating({ DeletedDate: daysAgo(2), LastRotatedDate: undefined });
    expect(stateOf(entry)).toEqual({ state: "deleting", deletedDate: daysAgo(2).toISOString() });
  });

  it("is stuck when the audit finds the rotation stuck, rotating while it is young", () => {
    const entry = rotating({ SecretVersionsToStages: { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] } });
    const old = { pendingCreatedDate: new Date(NOW.getTime() - 48 * 3_600_000) };
    expect(inspected(entry, old).findings.map((f) => f.type)).toContain("rotation-stuck");
    expect(stateOf(entry, old)).toEqual({ state: "stuck" });
    expect(stateOf(entry, { pendingCreatedDate: new Date(NOW.getTime() - 3_600_000) })).toEqual({
      state: "rotating",
    });
  });

  it("is rotating when its labels show a rotation whose age could not be read", () => {
    const entry = rotating({ SecretVersionsToStages: { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] } });
    expect(stateOf(entry, {}, true)).toEqual({ state: "rotating" });
    // Labels alone are not a rotation: the dates said none is in progress.
    expect(stateOf(entry, {})).toEqual({ state: "ok" });
  });

  it("is overdue when the audit finds it overdue", () => {
    const entry = rotating({ NextRotationDate: daysAgo(3) });
    expect(inspected(entry).findings.map((f) => f.type)).toContain("rotation-overdue");
    expect(stateOf(entry)).toEqual({ state: "overdue" });
  });

  it("is never rotated for a secret without LastRotatedDate and nothing overdue", () => {
    const entry = rotating({ LastRotatedDate: undefined, RotationEnabled: false, CreatedDate: daysAgo(5) });
    expect(stateOf(entry)).toEqual({ state: "never rotated" });
  });
});
