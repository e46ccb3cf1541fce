import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport, FindingType } from "../../../shared/audit/types";
import { type AuditWorld, ROTATE_ARN, startAuditWorld } from "../../support/audit-world";

const REQUIRED = [{ Key: "rotation:required", Value: "true" }];
const POLICY = {
  AUDIT_STUCK_AFTER_HOURS: "24",
  AUDIT_ASSUMED_RECOVERY_WINDOW_DAYS: "30",
  AUDIT_DELETION_WARNING_DAYS: "7",
  AUDIT_UNUSED_AFTER_DAYS: "20",
};

function byName(report: AuditReport): Record<string, FindingType[]> {
  const found: Record<string, FindingType[]> = {};
  for (const finding of report.findings) found[finding.name] = [...(found[finding.name] ?? []), finding.type];
  return found;
}

describe("audit findings on the local endpoint, as time passes", () => {
  let world: AuditWorld;
  const value = (name: string) => JSON.stringify({ username: name, password: `pw-${name}-${Math.random()}` });
  const read = (names: string[]) =>
    Promise.all(names.map((name) => world.client.send(new GetSecretValueCommand({ SecretId: name }))));

  beforeAll(async () => {
    world = await startAuditWorld();
    const create = (name: string, tagged: boolean) =>
      world.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: value(name),
          ...(tagged ? { Tags: REQUIRED } : {}),
        }),
      );
    await create("app/healthy", true);
    await create("app/disabled", true);
    await create("app/overdue", true);
    await create("app/stuck", true);
    await create("app/deleted", false);
    await create("app/unused", false);
    await create("app/plain", false);
    // Healthy: rotated now by a working function, every 30 days.
    await world.client.send(
      new RotateSecretCommand({
        SecretId: "app/healthy",
        RotationLambdaARN: ROTATE_ARN,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    // Overdue: due every day, and the scheduler will not have run when the clock has moved.
    await world.client.send(
      new RotateSecretCommand({
        SecretId: "app/overdue",
        RotationLambdaARN: ROTATE_ARN,
        RotationRules: { AutomaticallyAfterDays: 1 },
        RotateImmediately: false,
      }),
    );
    // Stuck: a rotation that died after createSecret left its AWSPENDING version behind.
    await world.client.send(
      new RotateSecretCommand({
        SecretId: "app/stuck",
        RotationLambdaARN: ROTATE_ARN,
        RotationRules: { AutomaticallyAfterDays: 30 },
        RotateImmediately: false,
      }),
    );
    await world.settle();
    await world.client.send(
      new PutSecretValueCommand({
        SecretId: "app/stuck",
        SecretString: value("stuck-pending"),
        VersionStages: ["AWSPENDING"],
      }),
    );
    await world.client.send(new DeleteSecretCommand({ SecretId: "app/deleted", RecoveryWindowInDays: 30 }));
    await read(["app/healthy", "app/disabled", "app/overdue", "app/stuck", "app/plain"]);
  }, 60_000);

  afterAll(() => world?.close());

  it("at first finds only the secret whose required rotation is off", async () => {
    const report = await world.audit(POLICY);
    expect(report.scanned).toBe(7);
    expect(byName(report)).toEqual({ "app/disabled": ["rotation-disabled"] });
  });

  it("after 25 hours finds the overdue and the stuck rotation", async () => {
    world.advanceHours(25);
    const report = await world.audit(POLICY);
    expect(byName(report)).toEqual({
      "app/disabled": ["rotation-disabled"],
      "app/overdue": ["rotation-overdue"],
      "app/stuck": ["rotation-stuck"],
    });
    const stuck = report.findings.find((finding) => finding.type === "rotation-stuck");
    expect(stuck?.evidence.pendingHours).toBe(25);
    expect(report.apiCalls.ListSecretVersionIds).toBe(1);
  });

  it("after 24 days also finds the coming deletion and the unused secret, and nothing on the healthy one", async () => {
    world.advanceHours(23 * 24 - 1);
    await read(["app/healthy", "app/disabled", "app/overdue", "app/stuck", "app/plain"]);
    const report = await world.audit(POLICY);
    expect(byName(report)).toEqual({
      "app/disabled": ["rotation-disabled"],
      "app/overdue": ["rotation-overdue"],
      "app/stuck": ["rotation-stuck"],
      "app/deleted": ["deletion-scheduled"],
      "app/unused": ["unused"],
    });
    expect(report.findings.find((finding) => finding.type === "deletion-scheduled")?.evidence.daysLeft).toBe(
      6,
    );
    // The cursor state secret lives outside the prefix and is never audited.
    expect(report.scanned).toBe(7);
  });
});
