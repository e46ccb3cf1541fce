/**
 * Issue #11, group 2 (fields present or absent), through the SDK v3 client against the endpoint: each
 * output shape carries exactly the members AWS answers in that state (docs/local-endpoint.md).
 */
import {
  BatchGetSecretValueCommand,
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEndpointWithLambdas, type TestEndpoint } from "../../support/endpoint";

const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:rotate";

let local: TestEndpoint;
let client: SecretsManagerClient;
beforeAll(async () => {
  // The rotation function answers every step without changing anything: these tests look at fields only.
  local = await startTestEndpointWithLambdas({ rotate: async () => ({}) });
  client = local.client;
});
afterAll(async () => {
  await local?.close();
});

/** The members of an SDK output, without the SDK's own `$metadata`. */
const members = (output: object) =>
  Object.keys(output)
    .filter((key) => key !== "$metadata")
    .sort();
const describeSecret = (SecretId: string) => client.send(new DescribeSecretCommand({ SecretId }));

describe("DescribeSecret", () => {
  it("answers only what a fresh secret without a value has", async () => {
    await client.send(new CreateSecretCommand({ Name: "fields/bare" }));
    expect(members(await describeSecret("fields/bare"))).toEqual([
      "ARN",
      "CreatedDate",
      "LastChangedDate",
      "Name",
    ]);
  });

  it("has no Description when none (or an empty one) was set, and no RotationEnabled before rotation", async () => {
    await client.send(new CreateSecretCommand({ Name: "fields/plain", SecretString: "v", Description: "" }));
    const described = await describeSecret("fields/plain");
    expect(members(described)).toEqual([
      "ARN",
      "CreatedDate",
      "LastChangedDate",
      "Name",
      "VersionIdsToStages",
    ]);
    await client.send(new UpdateSecretCommand({ SecretId: "fields/plain", Description: "now one" }));
    expect((await describeSecret("fields/plain")).Description).toBe("now one");
  });

  it("answers RotationEnabled once rotation was configured, false after CancelRotateSecret", async () => {
    await client.send(new CreateSecretCommand({ Name: "fields/rotated", SecretString: "v" }));
    await client.send(
      new RotateSecretCommand({
        SecretId: "fields/rotated",
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 30 },
        RotateImmediately: false,
      }),
    );
    const rotating = await describeSecret("fields/rotated");
    expect([rotating.RotationEnabled, rotating.RotationLambdaARN]).toEqual([true, LAMBDA]);
    expect(rotating.NextRotationDate).toBeInstanceOf(Date);
    await client.send(new CancelRotateSecretCommand({ SecretId: "fields/rotated" }));
    const cancelled = await describeSecret("fields/rotated");
    expect(cancelled.RotationEnabled).toBe(false);
    expect(cancelled).not.toHaveProperty("NextRotationDate");
    expect(cancelled.RotationRules).toEqual({ AutomaticallyAfterDays: 30 });
  });

  it("answers Tags as [] after the last tag is removed, and none when never tagged", async () => {
    await client.send(new CreateSecretCommand({ Name: "fields/tags", SecretString: "v" }));
    expect(await describeSecret("fields/tags")).not.toHaveProperty("Tags");
    await client.send(
      new TagResourceCommand({ SecretId: "fields/tags", Tags: [{ Key: "team", Value: "a" }] }),
    );
    await client.send(new UntagResourceCommand({ SecretId: "fields/tags", TagKeys: ["team"] }));
    expect((await describeSecret("fields/tags")).Tags).toEqual([]);
    const listed = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["fields/tags"] }] }),
    );
    expect(listed.SecretList?.[0]?.Tags).toEqual([]);
  });
});

describe("ListSecrets", () => {
  it("leaves SecretVersionsToStages, Description and RotationEnabled out as DescribeSecret does", async () => {
    await client.send(new CreateSecretCommand({ Name: "fields/listed" }));
    const listed = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["fields/listed"] }] }),
    );
    expect(listed.SecretList).toHaveLength(1);
    expect(members(listed.SecretList?.[0] ?? {})).toEqual(["ARN", "CreatedDate", "LastChangedDate", "Name"]);
    expect(members(listed)).toEqual(["SecretList"]);
  });
});

describe("ListSecretVersionIds", () => {
  it("answers KmsKeyIds on every version: DefaultEncryptionKey for the default key, else the key", async () => {
    await client.send(new CreateSecretCommand({ Name: "fields/default-key", SecretString: "v" }));
    const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: "fields/default-key" }));
    expect(versions.Versions?.map((v) => v.KmsKeyIds)).toEqual([["DefaultEncryptionKey"]]);
    expect(members(versions.Versions?.[0] ?? {})).toEqual([
      "CreatedDate",
      "KmsKeyIds",
      "VersionId",
      "VersionStages",
    ]);
    expect(members(versions)).toEqual(["ARN", "Name", "Versions"]);

    await client.send(
      new CreateSecretCommand({ Name: "fields/own-key", SecretString: "v", KmsKeyId: "alias/mine" }),
    );
    const own = await client.send(new ListSecretVersionIdsCommand({ SecretId: "fields/own-key" }));
    expect(own.Versions?.map((v) => v.KmsKeyIds)).toEqual([["alias/mine"]]);
  });
});

describe("other outputs", () => {
  it("CreateSecret and UpdateSecret answer VersionId only when they made a version", async () => {
    expect(members(await client.send(new CreateSecretCommand({ Name: "fields/out" })))).toEqual([
      "ARN",
      "Name",
    ]);
    expect(
      members(await client.send(new UpdateSecretCommand({ SecretId: "fields/out", Description: "d" }))),
    ).toEqual(["ARN", "Name"]);
    expect(
      members(await client.send(new UpdateSecretCommand({ SecretId: "fields/out", SecretString: "v" }))),
    ).toEqual(["ARN", "Name", "VersionId"]);
  });

  it("BatchGetSecretValue answers SecretValues and Errors (empty when nothing failed)", async () => {
    await client.send(new CreateSecretCommand({ Name: "fields/batch", SecretString: "v" }));
    const answer = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ["fields/batch"] }));
    expect(members(answer)).toEqual(["Errors", "SecretValues"]);
    expect(answer.Errors).toEqual([]);
    expect(members(answer.SecretValues?.[0] ?? {})).toEqual([
      "ARN",
      "CreatedDate",
      "Name",
      "SecretString",
      "VersionId",
      "VersionStages",
    ]);
  });
});
