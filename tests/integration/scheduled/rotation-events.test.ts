import { CreateSecretCommand, RotateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuditWorld,
  EVENTS_TARGET,
  ROTATE_ARN,
  ROTATE_FAILING_ARN,
  startAuditWorld,
} from "../../support/audit-world";

/**
 * The endpoint delivers its rotation events to `on-rotation-event` through the Lambda Invoke API
 * (InvocationType Event), the same HTTP path serverless offline serves; here the API is in-process.
 */
describe("rotation events reach on-rotation-event", () => {
  let world: AuditWorld;

  beforeAll(async () => {
    world = await startAuditWorld();
  });
  afterAll(() => world?.close());

  const recordsFor = (name: string) =>
    world.eventLines
      .filter((line) => line.message === "rotation event")
      .map(
        (line) =>
          line.rotationEvent as { eventName: string; secretName: string; details?: Record<string, string> },
      )
      .filter((record) => record.secretName === name);

  async function rotate(name: string, lambdaArn: string): Promise<void> {
    await world.client.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: JSON.stringify({ password: crypto.randomUUID() }),
      }),
    );
    await world.client.send(
      new RotateSecretCommand({
        SecretId: name,
        RotationLambdaARN: lambdaArn,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    await world.settle();
  }

  it("a rotation that works arrives as RotationStarted then RotationSucceeded, with metrics, and no alert", async () => {
    await rotate("app/events-ok", ROTATE_ARN);
    expect(recordsFor("app/events-ok").map((record) => record.eventName)).toEqual([
      "RotationStarted",
      "RotationSucceeded",
    ]);
    expect(
      world.lambdas.invocations
        .filter((call) => call.name === EVENTS_TARGET)
        .every((call) => call.type === "Event"),
    ).toBe(true);
    const metrics = world.eventMetrics.filter((line) => line.SecretName === "app/events-ok");
    expect(metrics.map((line) => Object.keys(line).find((key) => key.startsWith("Rotation")))).toEqual([
      "RotationStarted",
      "RotationSucceeded",
    ]);
    expect(world.eventLines.some((line) => String(line.message).startsWith("rotation alert"))).toBe(false);
  });

  it("a failing rotation arrives as RotationFailed with its step, and is logged as would-be-published", async () => {
    await rotate("app/events-bad", ROTATE_FAILING_ARN);
    const records = recordsFor("app/events-bad");
    expect(records.map((record) => record.eventName)).toEqual(["RotationStarted", "RotationFailed"]);
    expect(records[1]?.details).toEqual({ failedStep: "setSecret" });
    const alert = world.eventLines.find((line) =>
      String(line.message).startsWith("rotation alert would be published"),
    );
    expect(alert).toMatchObject({
      subject: "RotationFailed: app/events-bad",
      alert: { eventName: "RotationFailed" },
    });
  });
});
