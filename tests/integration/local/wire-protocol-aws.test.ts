/**
 * Issue #11 rules that live in the raw wire: the error body's `Message` (group 1) and the
 * ClientRequestToken a raw client must send (group 3; the SDKs fill it in). Raw HTTP, plus the SDK v3
 * client reading the error body (it folds `Message` into the error's `message` and keeps no top-level
 * copy; boto3 keeps one, see boto3.test.ts).
 */
import { DescribeSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawCall, startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { rejection } from "../../support/wait";

const TOKEN_REQUIRED = "You must provide a ClientRequestToken value. We recommend a UUID-type value.";
const TOKEN = "wire-aws-token-000000000000000000000001";

let local: TestEndpoint;
beforeAll(async () => {
  local = await startTestEndpoint();
});
afterAll(async () => {
  await local?.close();
});

const call = (operation: string, input: unknown) =>
  rawCall(local.url, { target: `secretsmanager.${operation}`, body: JSON.stringify(input) });

describe("the error body", () => {
  it("carries Message (capital M), as Secrets Manager sends it", async () => {
    const answer = await call("GetSecretValue", { SecretId: "wire-aws/missing" });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      __type: "ResourceNotFoundException",
      Message: "Secrets Manager can't find the specified secret.",
    });
    expect(answer.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
  });

  it("is read by the SDK v3 as the error's message (boto3 also shows it top-level: boto3.test.ts)", async () => {
    const error = await rejection(
      local.client.send(new DescribeSecretCommand({ SecretId: "wire-aws/missing" })),
    );
    expect([error.name, error.message]).toEqual([
      "ResourceNotFoundException",
      "Secrets Manager can't find the specified secret.",
    ]);
  });
});

describe("a raw request without ClientRequestToken", () => {
  it("is refused by CreateSecret, PutSecretValue, UpdateSecret with a value and RotateSecret", async () => {
    const created = await call("CreateSecret", {
      Name: "wire-aws/s",
      SecretString: "v",
      ClientRequestToken: TOKEN,
    });
    expect(created.status).toBe(200);
    const refused = [
      ["CreateSecret", { Name: "wire-aws/other", SecretString: "v" }],
      ["CreateSecret", { Name: "wire-aws/other" }],
      ["PutSecretValue", { SecretId: "wire-aws/s", SecretString: "v2" }],
      ["UpdateSecret", { SecretId: "wire-aws/s", SecretString: "v2" }],
      [
        "RotateSecret",
        { SecretId: "wire-aws/s", RotationLambdaARN: "arn:aws:lambda:us-east-1:0:function:f" },
      ],
    ] as const;
    for (const [operation, input] of refused) {
      const answer = await call(operation, input);
      expect([operation, answer.status, answer.json]).toEqual([
        operation,
        400,
        { __type: "InvalidRequestException", Message: TOKEN_REQUIRED },
      ]);
    }
    // nothing was made
    expect((await call("DescribeSecret", { SecretId: "wire-aws/other" })).json.__type).toBe(
      "ResourceNotFoundException",
    );
    const current = await local.client.send(new GetSecretValueCommand({ SecretId: "wire-aws/s" }));
    expect([current.VersionId, current.SecretString]).toEqual([TOKEN, "v"]);
  });

  it("is accepted by UpdateSecret that changes only metadata", async () => {
    const answer = await call("UpdateSecret", { SecretId: "wire-aws/s", Description: "only metadata" });
    expect(answer.status).toBe(200);
    expect(answer.json).not.toHaveProperty("VersionId");
  });
});
