/**
 * End to end: rotations on the local endpoint emit their lifecycle events, which the endpoint delivers to
 * `onRotationEvent` served by `serverless offline` (built from this repository) through the Lambda Invoke
 * API. The alert for a failed rotation is published to a fake SNS endpoint in this test.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateSecretCommand, RotateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { startWatchedOffline, type WatchedOffline } from "../../support/events-offline";
import { freePort } from "../../support/ports";

const PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-";
const TOPIC = "arn:aws:sns:us-east-1:000000000000:rotation-alerts";

/** Answers SNS Publish (query or JSON protocol) and keeps each request body. */
async function startFakeSns(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    bodies.push(body);
    if (String(req.headers["content-type"]).includes("json")) {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end('{"MessageId":"m-1"}');
    } else {
      res
        .writeHead(200, { "content-type": "text/xml" })
        .end(
          '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
        );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

describe("rotation events reach onRotationEvent in serverless offline", () => {
  let local: TestEndpoint;
  let offline: WatchedOffline;
  let sns: Awaited<ReturnType<typeof startFakeSns>>;

  beforeAll(async () => {
    const lambdaPort = await freePort();
    sns = await startFakeSns();
    local = await startTestEndpoint({
      lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
      eventsTargets: ["secrets-manager-lambdas-dev-onRotationEvent"],
      schedulerIntervalMs: 0,
    });
    offline = await startWatchedOffline(lambdaPort, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: local.url,
      AWS_ENDPOINT_URL_SNS: sns.url,
      ROTATION_ALERTS_TOPIC_ARN: TOPIC,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    });
  }, 180_000);

  afterAll(async () => {
    await offline?.stop();
    await local?.close();
    sns?.server.close();
  });

  const records = (name: string) =>
    offline
      .jsonLines()
      .filter((line) => line.message === "rotation event")
      .map((line) => line.rotationEvent as { eventName: string; secretName: string })
      .filter((record) => record.secretName === name)
      .map((record) => record.eventName);

  async function rotate(name: string, functionArn: string): Promise<void> {
    await local.client.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: JSON.stringify({ apiKey: randomBytes(16).toString("hex") }),
      }),
    );
    await local.client.send(
      new RotateSecretCommand({
        SecretId: name,
        RotationLambdaARN: functionArn,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    await local.endpoint.rotation.idle();
  }

  async function eventually(check: () => void, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        return check();
      } catch (error) {
        if (Date.now() > until) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  it("a working rotation arrives as RotationStarted and RotationSucceeded", async () => {
    await rotate("app/e2e-events-ok", `${PREFIX}rotationGeneric`);
    await eventually(() =>
      expect(records("app/e2e-events-ok")).toEqual(["RotationStarted", "RotationSucceeded"]),
    );
  }, 60_000);

  it("a failing rotation arrives as RotationFailed and is published to the alerts topic", async () => {
    // A function that exists and fails: the PostgreSQL rotation on a value that names no database (a
    // function that does not exist is refused by RotateSecret at once, as on AWS).
    await rotate("app/e2e-events-bad", `${PREFIX}rotationPostgresSingleUser`);
    await eventually(() =>
      expect(records("app/e2e-events-bad")).toEqual(["RotationStarted", "RotationFailed"]),
    );
    await eventually(() => expect(sns.bodies.some((body) => body.includes("e2e-events-bad"))).toBe(true));
    const published = offline.jsonLines().find((line) => line.message === "rotation alert published");
    expect(published).toMatchObject({ subject: "RotationFailed: app/e2e-events-bad", messageId: "m-1" });
  }, 60_000);
});
