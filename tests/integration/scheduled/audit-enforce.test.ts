import {
  CreateSecretCommand,
  DescribeSecretCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuditWorld, ROTATE_ARN, startAuditWorld } from "../../support/audit-world";

const OVERDUE = ["app/overdue-1", "app/overdue-2", "app/overdue-3"];
const HEALTHY = ["app/healthy-1", "app/healthy-2"];

describe("enforce mode on the local endpoint", () => {
  let world: AuditWorld;

  beforeAll(async () => {
    world = await startAuditWorld();
    for (const name of [...OVERDUE, ...HEALTHY]) {
      await world.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: JSON.stringify({ password: crypto.randomUUID() }),
        }),
      );
      await world.client.send(
        new RotateSecretCommand({
          SecretId: name,
          RotationLambdaARN: ROTATE_ARN,
          RotationRules: { AutomaticallyAfterDays: OVERDUE.includes(name) ? 1 : 30 },
          RotateImmediately: false,
        }),
      );
    }
    await world.settle();
    world.advanceHours(48);
  });

  afterAll(() => world?.close());

  const rotationsStarted = (name: string) =>
    world.eventLines.filter((line) => {
      const event = line.rotationEvent as { eventName?: string; secretName?: string } | undefined;
      return event?.eventName === "RotationStarted" && event.secretName === name;
    }).length;

  it("rotates exactly the overdue secrets, once each, and they are healthy afterwards", async () => {
    const report = await world.audit({ AUDIT_ENFORCE: "true" });
    expect(report.enforcement.map((outcome) => [outcome.name, outcome.action])).toEqual(
      OVERDUE.map((name) => [name, "rotation-started"]),
    );
    expect(report.apiCalls.RotateSecret).toBe(3);
    await world.settle();

    for (const name of OVERDUE) {
      expect(rotationsStarted(name)).toBe(1);
      const described = await world.client.send(new DescribeSecretCommand({ SecretId: name }));
      expect(described.LastRotatedDate?.getTime()).toBeGreaterThan(world.now().getTime() - 60_000);
    }
    for (const name of HEALTHY) expect(rotationsStarted(name)).toBe(0);

    const after = await world.audit({ AUDIT_ENFORCE: "true" });
    expect(after.counts["rotation-overdue"]).toBe(0);
    expect(after.enforcement).toEqual([]);
    expect(after.apiCalls.RotateSecret).toBeUndefined();
  });
});
