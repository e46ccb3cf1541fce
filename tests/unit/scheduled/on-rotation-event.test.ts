import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOnRotationEventHandler } from "../../../functions/scheduled/on-rotation-event.js";
import { createRotationAlerts, whatToDo } from "../../../shared/audit/rotation-alerts.js";
import { parseRotationEvent } from "../../../shared/audit/rotation-event.js";
import { createLogger, setLogSink } from "../../../shared/observability/logger.js";
import { createMetrics } from "../../../shared/observability/metrics.js";

const event = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "events", file), "utf8")) as Record<
    string,
    unknown
  >;
const context = { awsRequestId: "req-1", getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const TOPIC = "arn:aws:sns:us-east-1:000000000000:rotation-alerts";

let lines: string[] = [];
let previousSink: ReturnType<typeof setLogSink>;
beforeEach(() => {
  lines = [];
  previousSink = setLogSink((line) => lines.push(line));
});
afterEach(() => {
  setLogSink(previousSink);
});

function handlerWith(topicArn?: string, sns?: SNSClient) {
  const emf: string[] = [];
  const logger = createLogger({ service: "on-rotation-event" });
  const handler = createOnRotationEventHandler({
    environment: topicArn ? { ROTATION_ALERTS_TOPIC_ARN: topicArn } : {},
    logger,
    metrics: createMetrics({ service: "on-rotation-event", sink: (line) => emf.push(line) }),
    alerts: createRotationAlerts({ topicArn, logger, client: sns }),
  });
  return { handler, emf };
}

describe("parseRotationEvent", () => {
  it("reads every sample event in events/", () => {
    for (const [file, name] of [
      ["rotation-event-started.json", "RotationStarted"],
      ["rotation-event-succeeded.json", "RotationSucceeded"],
      ["rotation-event-failed.json", "RotationFailed"],
      ["rotation-event-abandoned.json", "RotationAbandoned"],
      ["rotation-event-test-failed.json", "TestRotationFailed"],
    ] as const) {
      const parsed = parseRotationEvent(event(file));
      expect(parsed).toMatchObject({ kind: "rotation", record: { eventName: name, secretName: "app/db" } });
    }
  });

  it("ignores other events", () => {
    expect(parseRotationEvent(event("scheduled-audit-rotation.json")).kind).toBe("ignored");
    const apiCall = { ...event("rotation-event-failed.json"), "detail-type": "AWS API Call via CloudTrail" };
    expect(parseRotationEvent(apiCall).kind).toBe("ignored");
    const deletion = event("rotation-event-failed.json");
    (deletion.detail as Record<string, unknown>).eventName = "StartSecretVersionDelete";
    expect(parseRotationEvent(deletion)).toEqual({ kind: "ignored", reason: "not a rotation event" });
  });
});

describe("on-rotation-event", () => {
  it("logs a record and a metric per event name, the secret's name a property, without alerting on success", async () => {
    const { handler, emf } = handlerWith();
    const result = await handler(event("rotation-event-succeeded.json"), context);
    expect(result).toEqual({
      handled: true,
      eventName: "RotationSucceeded",
      secretName: "app/db",
      alerted: false,
      published: false,
    });
    const record = JSON.parse(lines[0] ?? "{}");
    expect(record).toMatchObject({
      message: "rotation event",
      requestId: "req-1",
      rotationEvent: {
        eventName: "RotationSucceeded",
        secretName: "app/db",
        eventTime: "2030-06-01T12:00:00Z",
      },
    });
    const metric = JSON.parse(emf[0] ?? "{}");
    expect(metric).toMatchObject({
      RotationSucceeded: 1,
      SecretName: "app/db",
      service: "on-rotation-event",
    });
    // The secret's name is in the line, not a dimension: a dimension per secret is a metric per secret.
    expect(metric._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service"]]);
  });

  it("publishes RotationFailed to the topic, with the failed step and no value", async () => {
    const sns = new SNSClient({ region: "us-east-1" });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
    const { handler } = handlerWith(TOPIC, sns);
    const result = await handler(event("rotation-event-failed.json"), context);
    expect(result).toMatchObject({ alerted: true, published: true });
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ TopicArn: TOPIC, Subject: "RotationFailed: app/db" });
    expect(JSON.parse(input?.Message ?? "{}")).toMatchObject({
      eventName: "RotationFailed",
      secretName: "app/db",
      details: { failedStep: "setSecret" },
    });
  });

  it("publishes RotationAbandoned too", async () => {
    const sns = new SNSClient({ region: "us-east-1" });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: "m-2" });
    const { handler } = handlerWith(TOPIC, sns);
    await handler(event("rotation-event-abandoned.json"), context);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it("logs that it would publish when no topic is configured", async () => {
    const { handler } = handlerWith(undefined);
    const result = await handler(event("rotation-event-failed.json"), context);
    expect(result).toMatchObject({ alerted: true, published: false });
    const wouldPublish = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.message.startsWith("rotation alert would"));
    expect(wouldPublish).toMatchObject({
      subject: "RotationFailed: app/db",
      alert: { eventName: "RotationFailed" },
    });
  });

  it("treats an unresolved topic reference as no topic", async () => {
    const { handler } = handlerWith("[object Object]");
    expect(await handler(event("rotation-event-abandoned.json"), context)).toMatchObject({
      published: false,
    });
  });

  it("throws when SNS refuses, so EventBridge retries", async () => {
    const sns = new SNSClient({ region: "us-east-1" });
    mockClient(sns).on(PublishCommand).rejects(new Error("AuthorizationError"));
    const { handler } = handlerWith(TOPIC, sns);
    await expect(handler(event("rotation-event-failed.json"), context)).rejects.toThrow();
  });
});

describe("rotation alerts say what to do", () => {
  it("a finishSecret failure is a conflict: keep AWSPENDING, cancel, merge, rotate again", () => {
    const advice = whatToDo({ eventName: "RotationFailed", details: { failedStep: "finishSecret" } });
    expect(advice).toMatch(/^Do not discard AWSPENDING/);
    expect(advice).toMatch(/rotate\/cancel.*PUT \/secrets\/\{id\}\/value.*rotate again/);
  });

  it("other failures, abandoned rotations and failed test runs each get their own advice", () => {
    expect(whatToDo({ eventName: "RotationFailed", details: { failedStep: "setSecret" } })).toMatch(
      /AWSCURRENT is unchanged and still works \(the rotation stopped at setSecret\)/,
    );
    expect(whatToDo({ eventName: "RotationAbandoned" })).toMatch(/abandoned/);
    expect(whatToDo({ eventName: "TestRotationFailed" })).toMatch(/failed its test \(testSecret\)/);
  });
});
