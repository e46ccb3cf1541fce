/**
 * `POST /secrets/{id}/rotate` with the Secrets Manager client mocked: only this service's rotation
 * functions (`ROTATION_FUNCTION_ARNS`) may be named, and the answer says what happened: 200 with the
 * rotation settings when only the schedule is set, 202 `{versionId}` when a rotation starts.
 */
import {
  DescribeSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handler } from "../../../functions/http/rotate-secret.js";
import { setLogSink } from "../../../shared/observability/logger.js";
import { setSecretsClient } from "../../../shared/secrets/client.js";
import { adminContext } from "../../support/lambda-event.js";

const sdk = mockClient(SecretsManagerClient);
const context = { awsRequestId: "req-1" } as Context;
const fn = (name: string) =>
  `arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-${name}`;
const GENERIC = fn("rotationGeneric");
const POSTGRES = fn("rotationPostgresSingleUser");
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbCdEf";

let previousSink: (line: string) => void;
const previousArns = process.env.ROTATION_FUNCTION_ARNS;
beforeEach(() => {
  sdk.reset();
  setSecretsClient(undefined);
  previousSink = setLogSink(() => {});
  process.env.ROTATION_FUNCTION_ARNS = ` ${GENERIC}, ${POSTGRES} `;
  sdk.on(RotateSecretCommand).callsFake(async (input: { RotateImmediately?: boolean }) => ({
    ARN: SECRET_ARN,
    Name: "app/db",
    ...(input.RotateImmediately === false ? {} : { VersionId: "11111111-2222-4333-8444-555555555555" }),
  }));
  sdk.on(DescribeSecretCommand).resolves({
    ARN: SECRET_ARN,
    Name: "app/db",
    RotationEnabled: true,
    RotationLambdaARN: GENERIC,
    RotationRules: { AutomaticallyAfterDays: 30 },
    NextRotationDate: new Date("2030-01-31T00:00:00Z"),
    VersionIdsToStages: { v1: ["AWSCURRENT"] },
  });
});
afterEach(() => {
  setLogSink(previousSink);
  if (previousArns === undefined) delete process.env.ROTATION_FUNCTION_ARNS;
  else process.env.ROTATION_FUNCTION_ARNS = previousArns;
});

async function rotate(body: unknown) {
  const event = {
    routeKey: "POST /secrets/{id}/rotate",
    rawPath: "/secrets/app%2Fdb/rotate",
    headers: { "content-type": "application/json" },
    pathParameters: { id: "app/db" },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: "api-1", authorizer: { lambda: adminContext() } },
  } as unknown as APIGatewayProxyEventV2;
  const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, json: JSON.parse(result.body ?? "{}") as Record<string, unknown> };
}

describe("POST /secrets/{id}/rotate: the rotation function allowlist", () => {
  it.each([
    ["another of this service's functions (the authorizer)", fn("authorizer")],
    ["an HTTP function", fn("getSecretValue")],
    ["a function of another account", "arn:aws:lambda:us-east-1:999999999999:function:evil"],
    ["an allowed function with a qualifier", `${GENERIC}:live`],
  ])("refuses %s with 400 RotationFunctionNotAllowed and calls nothing", async (_label, arn) => {
    const answer = await rotate({ rotationLambdaArn: arn, rotationRules: { automaticallyAfterDays: 30 } });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: { code: "RotationFunctionNotAllowed", message: expect.stringContaining("rotation function") },
    });
    expect(sdk.commandCalls(RotateSecretCommand)).toHaveLength(0);
  });

  it("refuses every ARN when ROTATION_FUNCTION_ARNS is unset (fails closed)", async () => {
    delete process.env.ROTATION_FUNCTION_ARNS;
    const answer = await rotate({ rotationLambdaArn: GENERIC });
    expect(answer.status).toBe(400);
    expect((answer.json.error as { code: string }).code).toBe("RotationFunctionNotAllowed");
    expect(sdk.commandCalls(RotateSecretCommand)).toHaveLength(0);
  });

  it("accepts each listed function, and a request naming none (the secret keeps its own)", async () => {
    expect((await rotate({ rotationLambdaArn: POSTGRES })).status).toBe(202);
    expect((await rotate({})).status).toBe(202);
    const sent = sdk.commandCalls(RotateSecretCommand).map((call) => call.args[0].input.RotationLambdaARN);
    expect(sent).toEqual([POSTGRES, undefined]);
  });
});

describe("POST /secrets/{id}/rotate: the answer", () => {
  it("answers 202 {versionId} when a rotation starts", async () => {
    const answer = await rotate({ rotationLambdaArn: GENERIC });
    expect(answer).toEqual({ status: 202, json: { versionId: "11111111-2222-4333-8444-555555555555" } });
    expect(sdk.commandCalls(DescribeSecretCommand)).toHaveLength(0);
  });

  it("answers 200 with the rotation settings and the test's outcome, and no versionId, when only the schedule is set", async () => {
    const answer = await rotate({
      rotateImmediately: false,
      rotationLambdaArn: GENERIC,
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      arn: SECRET_ARN,
      name: "app/db",
      rotationEnabled: true,
      rotationLambdaArn: GENERIC,
      rotationRules: { automaticallyAfterDays: 30 },
      nextRotationDate: "2030-01-31T00:00:00.000Z",
      testOutcome: "passed",
    });
    expect(sdk.commandCalls(RotateSecretCommand)[0]?.args[0].input.RotateImmediately).toBe(false);
  });
});
