/**
 * The engine's guard and finishSecret, with Secrets Manager mocked where the local endpoint cannot produce
 * the path (rotation off, a token of another secret, a version that is neither current nor pending).
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../shared/observability/logger.js";
import { createMetrics } from "../../../shared/observability/metrics.js";
import { registerSecretValue } from "../../../shared/observability/redaction.js";
import { createRotationHandler, runRotationStep } from "../../../shared/rotation/engine.js";
import { RotationError } from "../../../shared/rotation/errors.js";
import { genericStrategy } from "../../../shared/rotation/generic/strategy.js";
import type { RotationStrategy } from "../../../shared/rotation/types.js";

const ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/api-AbCdEf";
const TOKEN = "11111111-1111-4111-8111-111111111111";
const client = new SecretsManagerClient({ region: "us-east-1" });
const sm = mockClient(client);
const lines: string[] = [];
const options = {
  client,
  logger: createLogger({ service: "test", sink: (line) => lines.push(line) }),
  metrics: createMetrics({ service: "test", sink: (line) => lines.push(line) }),
};

function spyStrategy(): RotationStrategy & { calls: string[] } {
  const calls: string[] = [];
  const record = (step: string) => async () => {
    calls.push(step);
  };
  return {
    name: "spy",
    calls,
    createSecret: record("createSecret"),
    setSecret: record("setSecret"),
    testSecret: record("testSecret"),
  };
}

function described(stages: Record<string, string[]>, rotationEnabled = true) {
  sm.on(DescribeSecretCommand).resolves({
    ARN,
    Name: "app/api",
    RotationEnabled: rotationEnabled,
    VersionIdsToStages: stages,
  });
}

const event = (Step: string, extra: Record<string, unknown> = {}) => ({
  Step,
  SecretId: ARN,
  ClientRequestToken: TOKEN,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<RotationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RotationError);
    return error as RotationError;
  }
  throw new Error("expected the step to fail");
}

beforeEach(() => {
  sm.reset();
  lines.length = 0;
});

describe("the guard", () => {
  it("refuses when rotation is not enabled, and runs no step", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] }, false);
    const strategy = spyStrategy();
    const error = await failure(runRotationStep(strategy, event("setSecret"), options));
    expect(error.code).toBe("RotationNotEnabled");
    expect(error.message).toBe("setSecret failed for secret app/api: rotation is not enabled for the secret");
    expect(strategy.calls).toEqual([]);
  });

  // Secrets Manager makes the token's version before createSecret, so there is no exception for it.
  it.each(["createSecret", "setSecret", "testSecret", "finishSecret"])(
    "refuses %s for a token that is not a version of the secret",
    async (step) => {
      described({ old: ["AWSCURRENT"] });
      const strategy = spyStrategy();
      const error = await failure(runRotationStep(strategy, event(step), options));
      expect(error.code).toBe("UnknownRotationVersion");
      expect(error.step).toBe(step);
      expect(strategy.calls).toEqual([]);
      expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
      expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
    },
  );

  it("refuses createSecret for an unknown token while another rotation is pending", async () => {
    described({ old: ["AWSCURRENT"], other: ["AWSPENDING"] });
    const strategy = spyStrategy();
    const error = await failure(runRotationStep(strategy, event("createSecret"), options));
    expect(error.code).toBe("UnknownRotationVersion");
    expect(strategy.calls).toEqual([]);
  });

  it("runs createSecret for the value-less AWSPENDING version Secrets Manager made for the token", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    const strategy = spyStrategy();
    await runRotationStep(strategy, event("createSecret"), options);
    expect(strategy.calls).toEqual(["createSecret"]);
  });

  it.each(["createSecret", "setSecret", "testSecret", "finishSecret"])(
    "does nothing in %s when the token's version is already AWSCURRENT",
    async (step) => {
      described({ [TOKEN]: ["AWSCURRENT", "AWSPENDING"], old: ["AWSPREVIOUS"] });
      const strategy = spyStrategy();
      expect(await runRotationStep(strategy, event(step), options)).toBe("already current");
      expect(strategy.calls).toEqual([]);
      expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
    },
  );

  it("refuses a version that is neither AWSPENDING nor AWSCURRENT", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPREVIOUS"] });
    const error = await failure(runRotationStep(spyStrategy(), event("testSecret"), options));
    expect(error.code).toBe("VersionNotPending");
    expect(error.step).toBe("testSecret");
    expect(error.secret).toBe("app/api");
  });

  it.each([
    [{ Step: "rotate", SecretId: ARN, ClientRequestToken: TOKEN }, "Step must be one of"],
    [{ Step: "setSecret", ClientRequestToken: TOKEN }, "SecretId is missing"],
    [{ Step: "setSecret", SecretId: ARN }, "ClientRequestToken is missing"],
    [{ Step: "setSecret", SecretId: ARN, ClientRequestToken: TOKEN, RotationToken: 5 }, "RotationToken"],
  ])("refuses a malformed event %#", async (bad, why) => {
    const error = await failure(runRotationStep(spyStrategy(), bad, options));
    expect(error.code).toBe("InvalidRotationEvent");
    expect(error.message).toContain(why);
    expect(sm.calls()).toHaveLength(0);
  });

  it("makes the handler's strategy only after the event passed its check", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    const strategy = spyStrategy();
    const makeStrategy = vi.fn(() => strategy);
    const handler = createRotationHandler(makeStrategy, options);
    const error = await failure(handler({ Step: "rotate", SecretId: ARN, ClientRequestToken: TOKEN }));
    expect(error.code).toBe("InvalidRotationEvent");
    expect(makeStrategy).not.toHaveBeenCalled();
    await handler(event("createSecret"));
    await handler(event("createSecret"));
    expect(makeStrategy).toHaveBeenCalledTimes(1);
    expect(strategy.calls).toEqual(["createSecret", "createSecret"]);
  });
});

describe("finishSecret", () => {
  const listed = (versions: Record<string, { stages: string[]; at: number }>) =>
    sm.on(ListSecretVersionIdsCommand).resolves({
      Versions: Object.entries(versions).map(([VersionId, { stages, at }]) => ({
        VersionId,
        VersionStages: stages,
        CreatedDate: new Date(at * 1000),
      })),
    });

  it("moves AWSCURRENT from the old version to the token's, naming the old one, then takes AWSPENDING off", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    listed({ old: { stages: ["AWSCURRENT"], at: 1 }, [TOKEN]: { stages: ["AWSPENDING"], at: 2 } });
    sm.on(UpdateSecretVersionStageCommand).resolves({});
    await runRotationStep(spyStrategy(), event("finishSecret"), options);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: ARN, VersionStage: "AWSCURRENT", MoveToVersionId: TOKEN, RemoveFromVersionId: "old" },
      { SecretId: ARN, VersionStage: "AWSPENDING", RemoveFromVersionId: TOKEN },
    ]);
  });

  it("is a no-op when a concurrent call moved the label between the guard and the move", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    listed({
      old: { stages: ["AWSPREVIOUS"], at: 1 },
      [TOKEN]: { stages: ["AWSCURRENT", "AWSPENDING"], at: 2 },
    });
    await runRotationStep(spyStrategy(), event("finishSecret"), options);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it("fails RotationConflict, moving nothing, when AWSCURRENT is on a version newer than the token's", async () => {
    described({ newer: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"], old: ["AWSPREVIOUS"] });
    listed({
      old: { stages: ["AWSPREVIOUS"], at: 1 },
      [TOKEN]: { stages: ["AWSPENDING"], at: 2 },
      newer: { stages: ["AWSCURRENT"], at: 3 },
    });
    const failure = await runRotationStep(spyStrategy(), event("finishSecret"), options).catch((e) => e);
    expect([failure.code, failure.step]).toEqual(["RotationConflict", "finishSecret"]);
    expect(failure.message).toMatch(/no label was moved.*POST \/secrets\/\{id\}\/rotate\/cancel/);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it("fails RotationConflict when AWSCURRENT moves between the list and the move (Secrets Manager refuses it)", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    listed({ old: { stages: ["AWSCURRENT"], at: 1 }, [TOKEN]: { stages: ["AWSPENDING"], at: 2 } });
    sm.on(UpdateSecretVersionStageCommand).rejects(
      new InvalidParameterException({
        message: "The parameter RemoveFromVersionId is not valid",
        $metadata: {},
      }),
    );
    const failure = await runRotationStep(spyStrategy(), event("finishSecret"), options).catch((e) => e);
    expect(failure.code).toBe("RotationConflict");
  });
});

describe("createSecret", () => {
  const currentValue = () =>
    sm.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: "AWSCURRENT" }).resolves({
      ARN,
      VersionId: "old",
      SecretString: JSON.stringify({ password: "old-value-123456" }),
    });

  it("puts a value into the value-less AWSPENDING version (reading it is ResourceNotFound)", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    currentValue();
    sm.on(GetSecretValueCommand, { SecretId: ARN, VersionId: TOKEN, VersionStage: "AWSPENDING" }).rejects(
      new ResourceNotFoundException({
        message: `Secrets Manager can't find the specified secret value for VersionId: ${TOKEN}`,
        $metadata: {},
      }),
    );
    sm.on(GetRandomPasswordCommand).resolves({ RandomPassword: "n".repeat(32) });
    sm.on(PutSecretValueCommand).resolves({ ARN, VersionId: TOKEN, VersionStages: ["AWSPENDING"] });
    await runRotationStep(genericStrategy(), event("createSecret"), options);
    const input = sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(input?.ClientRequestToken).toBe(TOKEN);
    expect(input?.VersionStages).toEqual(["AWSPENDING"]);
  });

  it("reuses an AWSPENDING value already put for the token (a retried step)", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    currentValue();
    sm.on(GetSecretValueCommand, { SecretId: ARN, VersionId: TOKEN, VersionStage: "AWSPENDING" }).resolves({
      ARN,
      VersionId: TOKEN,
      SecretString: JSON.stringify({ password: "p".repeat(32) }),
    });
    await runRotationStep(genericStrategy(), event("createSecret"), options);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });
});

describe("errors and the RotationToken", () => {
  it("passes the event's RotationToken to PutSecretValue and keeps the JSON's other keys", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    sm.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: "AWSCURRENT" }).resolves({
      ARN,
      VersionId: "old",
      SecretString: JSON.stringify({ client: "reports", password: "old-value-123456" }),
    });
    sm.on(GetSecretValueCommand, { SecretId: ARN, VersionId: TOKEN, VersionStage: "AWSPENDING" }).rejects(
      new ResourceNotFoundException({ message: "no value", $metadata: {} }),
    );
    sm.on(GetRandomPasswordCommand).resolves({ RandomPassword: "n".repeat(32) });
    sm.on(PutSecretValueCommand).resolves({ ARN, VersionId: TOKEN, VersionStages: ["AWSPENDING"] });
    await runRotationStep(genericStrategy(), event("createSecret", { RotationToken: "rt-1" }), options);
    const input = sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(input?.RotationToken).toBe("rt-1");
    expect(input?.ClientRequestToken).toBe(TOKEN);
    expect(input?.VersionStages).toEqual(["AWSPENDING"]);
    expect(JSON.parse(input?.SecretString ?? "{}")).toEqual({ client: "reports", password: "n".repeat(32) });
  });

  it("names step, secret and cause, and masks a password a driver put in its message", async () => {
    described({ old: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
    const password = "hunter2-hunter2-secret";
    registerSecretValue(password);
    const strategy = spyStrategy();
    strategy.setSecret = vi.fn(async () => {
      throw Object.assign(new Error(`connect failed for password ${password}`), { code: "ECONNREFUSED" });
    });
    const error = await failure(runRotationStep(strategy, event("setSecret"), options));
    expect(error.code).toBe("RotationStepFailed");
    expect(error.causeCode).toBe("ECONNREFUSED");
    expect(
      error.message.startsWith("setSecret failed for secret app/api: connect failed for password [REDACTED]"),
    ).toBe(true);
    expect(error.message.includes(password)).toBe(false);
    expect(lines.some((line) => line.includes(password))).toBe(false);
    expect(lines.some((line) => line.includes('"RotationStepFailed"'))).toBe(true);
  });
});
