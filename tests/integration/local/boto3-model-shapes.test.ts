/**
 * Issue #11, group 2, for every operation at once: each answer of the endpoint, read raw, holds only the
 * members of its output shape in the botocore service model (secretsmanager 2017-10-17, loaded through
 * the `python3` on PATH), recursively, each of the model's JSON type, and no nulls (AWS leaves a member
 * out rather than sending null). Skipped with a warning without botocore, or fails when REQUIRE_BOTO3=1.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawCall, startTestEndpointWithLambdas, type TestEndpoint } from "../../support/endpoint";
import { ENDPOINT_OPERATIONS } from "../../support/endpoint-operations";

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  value?: { shape: string };
}
interface Model {
  operations: Record<string, { output?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

function loadModel(): Model | undefined {
  try {
    const script =
      "import json, botocore.loaders; print(json.dumps(botocore.loaders.Loader().load_service_model('secretsmanager', 'service-2', '2017-10-17')))";
    return JSON.parse(
      execFileSync("python3", ["-c", script], { encoding: "utf8", maxBuffer: 1 << 24 }),
    ) as Model;
  } catch {
    return undefined;
  }
}

const model = loadModel();
if (!model) {
  if (process.env.REQUIRE_BOTO3 === "1") throw new Error("REQUIRE_BOTO3=1 but python3 has no botocore");
  console.warn("SKIPPED: python3 has no botocore; set REQUIRE_BOTO3=1 to make this a failure");
}

/** Every way `value` departs from `shapeName` (empty when it conforms), each with its path. */
function departures(shapes: Model["shapes"], shapeName: string, value: unknown, path: string): string[] {
  const shape = shapes[shapeName];
  if (!shape) return [`${path}: unknown shape ${shapeName}`];
  if (value === null) return [`${path}: null`];
  const expectType = (ok: boolean) =>
    ok ? [] : [`${path}: expected ${shape.type}, got ${JSON.stringify(value)}`];
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) return expectType(false);
      return Object.entries(value as Record<string, unknown>).flatMap(([key, member]) => {
        const target = shape.members?.[key];
        return target
          ? departures(shapes, target.shape, member, `${path}.${key}`)
          : [`${path}.${key}: not in ${shapeName}`];
      });
    }
    case "list":
      if (!Array.isArray(value)) return expectType(false);
      return value.flatMap((item, index) =>
        departures(shapes, shape.member?.shape ?? "", item, `${path}[${index}]`),
      );
    case "map":
      if (typeof value !== "object" || Array.isArray(value)) return expectType(false);
      return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
        departures(shapes, shape.value?.shape ?? "", item, `${path}.${key}`),
      );
    case "string":
    case "blob":
      return expectType(typeof value === "string");
    case "boolean":
      return expectType(typeof value === "boolean");
    case "timestamp":
    case "integer":
    case "long":
      return expectType(typeof value === "number");
    default:
      return [`${path}: unhandled type ${shape.type}`];
  }
}

describe.skipIf(!model)("every answer against the botocore service model", () => {
  let local: TestEndpoint;
  const answers: Array<{ operation: string; json: Record<string, unknown> }> = [];
  const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:rotate";
  let n = 0;
  const token = () => `shape-token-${String(++n).padStart(4, "0")}-aaaaaaaaaaaaaaaaaaaa`;

  /** One raw call that must succeed; its answer is kept for the check. */
  async function call(
    operation: string,
    input: Record<string, unknown>,
    region?: string,
  ): Promise<Record<string, unknown>> {
    const answer = await rawCall(local.url, {
      target: `secretsmanager.${operation}`,
      body: JSON.stringify(input),
      region,
    });
    expect([operation, answer.status]).toEqual([operation, 200]);
    answers.push({ operation, json: answer.json });
    return answer.json;
  }

  beforeAll(async () => {
    local = await startTestEndpointWithLambdas({ rotate: async () => ({}) });
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "*", Resource: "*" },
      ],
    });
    const created = await call("CreateSecret", {
      Name: "shapes/full",
      SecretString: "v1",
      Description: "every field",
      KmsKeyId: "alias/mine",
      Tags: [{ Key: "team", Value: "a" }],
      AddReplicaRegions: [{ Region: "eu-west-1" }],
      ClientRequestToken: token(),
    });
    await call("CreateSecret", { Name: "shapes/empty", ClientRequestToken: token() });
    await call("CreateSecret", { Name: "shapes/binary", SecretBinary: "AAEC", ClientRequestToken: token() });
    await call("PutSecretValue", {
      SecretId: "shapes/full",
      SecretString: "v2",
      ClientRequestToken: token(),
    });
    await call("UpdateSecret", { SecretId: "shapes/full", SecretString: "v3", ClientRequestToken: token() });
    await call("UpdateSecret", { SecretId: "shapes/full", Description: "changed" });
    await call("GetSecretValue", { SecretId: "shapes/full" });
    await call("GetSecretValue", { SecretId: "shapes/binary" });
    await call("BatchGetSecretValue", { SecretIdList: ["shapes/full", "shapes/empty", "shapes/none"] });
    await call("BatchGetSecretValue", { Filters: [{ Key: "name", Values: ["shapes/"] }], MaxResults: 1 });
    await call("TagResource", { SecretId: "shapes/full", Tags: [{ Key: "more", Value: "b" }] });
    await call("UntagResource", { SecretId: "shapes/full", TagKeys: ["more"] });
    await call("PutResourcePolicy", { SecretId: "shapes/full", ResourcePolicy: policy });
    await call("GetResourcePolicy", { SecretId: "shapes/full" });
    await call("ValidateResourcePolicy", { SecretId: "shapes/full", ResourcePolicy: policy });
    await call("ValidateResourcePolicy", { ResourcePolicy: "[]" });
    await call("DeleteResourcePolicy", { SecretId: "shapes/full" });
    await call("RotateSecret", {
      SecretId: "shapes/full",
      RotationLambdaARN: LAMBDA,
      RotationRules: { ScheduleExpression: "rate(10 days)", Duration: "2h" },
      RotateImmediately: false,
      ClientRequestToken: token(),
    });
    await local.endpoint.rotation.idle();
    await call("RotateSecret", {
      SecretId: "shapes/binary",
      RotationLambdaARN: LAMBDA,
      ClientRequestToken: token(),
    });
    await local.endpoint.rotation.idle();
    await call("CancelRotateSecret", { SecretId: "shapes/binary" });
    const pending = String(
      (
        await call("PutSecretValue", {
          SecretId: "shapes/full",
          SecretString: "p",
          VersionStages: ["AWSPENDING"],
          ClientRequestToken: token(),
        })
      ).VersionId,
    );
    await call("UpdateSecretVersionStage", {
      SecretId: "shapes/full",
      VersionStage: "STAGED",
      MoveToVersionId: pending,
    });
    await call("DescribeSecret", { SecretId: "shapes/full" });
    await call("DescribeSecret", { SecretId: "shapes/empty" });
    await call(
      "DescribeSecret",
      { SecretId: String(created.ARN).replace("us-east-1", "eu-west-1") },
      "eu-west-1",
    );
    await call("ListSecrets", { MaxResults: 1 });
    await call("ListSecrets", { IncludePlannedDeletion: true, SortBy: "name" });
    await call("ListSecretVersionIds", { SecretId: "shapes/full", IncludeDeprecated: true, MaxResults: 2 });
    await call("GetRandomPassword", {});
    await call("ReplicateSecretToRegions", {
      SecretId: "shapes/full",
      AddReplicaRegions: [{ Region: "ap-south-1" }],
    });
    await call("RemoveRegionsFromReplication", {
      SecretId: "shapes/full",
      RemoveReplicaRegions: ["ap-south-1"],
    });
    await call("StopReplicationToReplica", { SecretId: "shapes/full" }, "eu-west-1");
    await call("DeleteSecret", { SecretId: "shapes/binary", RecoveryWindowInDays: 7 });
    await call("RestoreSecret", { SecretId: "shapes/binary" });
    await call("DeleteSecret", { SecretId: "shapes/none", ForceDeleteWithoutRecovery: true });
  }, 60_000);
  afterAll(async () => {
    await local?.close();
  });

  it("covers all 23 operations", () => {
    expect(new Set(answers.map((a) => a.operation))).toEqual(new Set(ENDPOINT_OPERATIONS));
  });

  it("answers only the model's members, of the model's types, never null", () => {
    const spec = model as Model;
    const problems = answers.flatMap(({ operation, json }) => {
      const output = spec.operations[operation]?.output?.shape;
      if (!output)
        return Object.keys(json).length === 0 ? [] : [`${operation}: answers a body, the model has none`];
      return departures(spec.shapes, output, json, operation);
    });
    expect(problems).toEqual([]);
  });
});
