/**
 * The engine's metrics: a step that did its work counts as RotationStepSucceeded, one that found its
 * version already AWSCURRENT and did nothing as RotationStepSkipped, a failed one as RotationStepFailed.
 */
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../shared/observability/logger.js";
import { createMetrics } from "../../../shared/observability/metrics.js";
import { runRotationStep } from "../../../shared/rotation/engine.js";
import type { RotationStrategy } from "../../../shared/rotation/types.js";

const ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/api-AbCdEf";
const TOKEN = "22222222-2222-4222-8222-222222222222";
const client = new SecretsManagerClient({ region: "us-east-1" });
const sm = mockClient(client);
const metricLines: string[] = [];
const options = {
  client,
  logger: createLogger({ service: "test", sink: () => undefined }),
  metrics: createMetrics({ service: "test", sink: (line) => metricLines.push(line) }),
};

const idle = async () => undefined;
const strategy: RotationStrategy = { name: "spy", createSecret: idle, setSecret: idle, testSecret: idle };

/** The metric names written, with their `step` dimension. */
function written(): string[] {
  return metricLines.flatMap((line) => {
    const doc = JSON.parse(line) as {
      _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
      step?: string;
    };
    return doc._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => `${metric.Name}:${doc.step}`));
  });
}

beforeEach(() => {
  sm.reset();
  metricLines.length = 0;
});

describe("rotation step metrics", () => {
  it("a step whose version is already AWSCURRENT counts as skipped, not succeeded", async () => {
    sm.on(DescribeSecretCommand).resolves({
      ARN,
      Name: "app/api",
      RotationEnabled: true,
      VersionIdsToStages: { [TOKEN]: ["AWSCURRENT"], old: ["AWSPREVIOUS"] },
    });
    expect(
      await runRotationStep(
        strategy,
        { Step: "setSecret", SecretId: ARN, ClientRequestToken: TOKEN },
        options,
      ),
    ).toBe("already current");
    expect(written()).toEqual(["RotationStepSkipped:setSecret"]);
  });

  it("a step that ran counts as succeeded", async () => {
    sm.on(DescribeSecretCommand).resolves({
      ARN,
      Name: "app/api",
      RotationEnabled: true,
      VersionIdsToStages: { old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] },
    });
    await runRotationStep(
      strategy,
      { Step: "testSecret", SecretId: ARN, ClientRequestToken: TOKEN },
      options,
    );
    expect(written()).toEqual(["RotationStepSucceeded:testSecret"]);
  });
});
