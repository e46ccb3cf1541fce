import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PUNCTUATION } from "../../../local/operations/get-random-password";
import { CTX, type Harness, makeHarness } from "./core-harness";

let h: Harness;
beforeEach(() => {
  h = makeHarness();
});
afterEach(() => h.core.close());

const password = (input: Record<string, unknown>) =>
  h.call("GetRandomPassword", input).RandomPassword as string;

describe("GetRandomPassword", () => {
  it("defaults to 32 characters with every type", () => {
    const value = password({});
    expect(value).toHaveLength(32);
    expect(value).toMatch(/[a-z]/);
    expect(value).toMatch(/[A-Z]/);
    expect(value).toMatch(/[0-9]/);
    expect([...value].some((c) => PUNCTUATION.includes(c))).toBe(true);
    expect(value).not.toContain(" ");
  });

  it("honours exclusions, IncludeSpace and the length range", () => {
    for (let i = 0; i < 20; i++) {
      const value = password({
        PasswordLength: 40,
        ExcludePunctuation: true,
        ExcludeUppercase: true,
        ExcludeCharacters: "abc0",
        IncludeSpace: true,
      });
      expect(value).toMatch(/^[d-z1-9 ]{40}$/);
      expect(value).toMatch(/[d-z]/);
      expect(value).toMatch(/[1-9]/);
    }
    // IncludeSpace allows a space (it is not one of the required types)
    const onlySpace = { ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true };
    expect(password({ ...onlySpace, ExcludePunctuation: true, IncludeSpace: true, PasswordLength: 5 })).toBe(
      "     ",
    );
    expect(password({ PasswordLength: 4096 })).toHaveLength(4096);
    expect(password({ PasswordLength: 1, RequireEachIncludedType: false })).toHaveLength(1);
    expect(h.refusal("GetRandomPassword", { PasswordLength: 0 }).code).toBe("ValidationException");
    expect(h.refusal("GetRandomPassword", { PasswordLength: 4097 }).code).toBe("ValidationException");
    const tooShort = h.refusal("GetRandomPassword", { PasswordLength: 3 });
    expect([tooShort.code, tooShort.message]).toEqual([
      "InvalidParameterException",
      "Password length is too short based on the required types.",
    ]);
    expect(
      h.refusal("GetRandomPassword", {
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
      }).code,
    ).toBe("InvalidParameterException");
  });
});

describe("TagResource and UntagResource", () => {
  it("adds, overwrites and removes tags, keeping at most 50", () => {
    h.call("CreateSecret", { Name: "s", Tags: [{ Key: "a", Value: "1" }] });
    h.call("TagResource", {
      SecretId: "s",
      Tags: [
        { Key: "a", Value: "2" },
        { Key: "b", Value: "" },
      ],
    });
    expect(h.call("DescribeSecret", { SecretId: "s" }).Tags).toEqual([
      { Key: "a", Value: "2" },
      { Key: "b", Value: "" },
    ]);
    h.call("UntagResource", { SecretId: "s", TagKeys: ["a", "missing"] });
    expect(h.call("DescribeSecret", { SecretId: "s" }).Tags).toEqual([{ Key: "b", Value: "" }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    expect(h.refusal("TagResource", { SecretId: "s", Tags: many }).code).toBe("LimitExceededException");
    expect(h.call("DescribeSecret", { SecretId: "s" }).Tags).toHaveLength(1);
  });
});

describe("resource policies", () => {
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::123456789012:root" },
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
      },
    ],
  });
  const open = JSON.stringify({ Statement: { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" } });

  it("stores, answers and deletes a policy", () => {
    h.call("CreateSecret", { Name: "s" });
    expect(h.call("GetResourcePolicy", { SecretId: "s" }).ResourcePolicy).toBeUndefined();
    h.call("PutResourcePolicy", { SecretId: "s", ResourcePolicy: policy });
    expect(h.call("GetResourcePolicy", { SecretId: "s" }).ResourcePolicy).toBe(policy);
    h.call("DeleteResourcePolicy", { SecretId: "s" });
    expect(h.call("GetResourcePolicy", { SecretId: "s" }).ResourcePolicy).toBeUndefined();
  });

  it("refuses malformed and (with BlockPublicPolicy) public policies", () => {
    h.call("CreateSecret", { Name: "s" });
    expect(h.refusal("PutResourcePolicy", { SecretId: "s", ResourcePolicy: "{not json" }).code).toBe(
      "MalformedPolicyDocumentException",
    );
    expect(h.refusal("PutResourcePolicy", { SecretId: "s", ResourcePolicy: "{}" }).code).toBe(
      "MalformedPolicyDocumentException",
    );
    expect(
      h.refusal("PutResourcePolicy", { SecretId: "s", ResourcePolicy: open, BlockPublicPolicy: true }).code,
    ).toBe("PublicPolicyException");
    h.call("PutResourcePolicy", { SecretId: "s", ResourcePolicy: open, BlockPublicPolicy: false });
  });

  it("validates a policy without storing it", () => {
    expect(h.call("ValidateResourcePolicy", { ResourcePolicy: policy })).toEqual({
      PolicyValidationPassed: true,
      ValidationErrors: [],
    });
    const failed = h.call("ValidateResourcePolicy", { ResourcePolicy: "[]" });
    expect(failed.PolicyValidationPassed).toBe(false);
    expect(failed.ValidationErrors).toHaveLength(1);
  });
});

describe("replication", () => {
  const west = { ...CTX, region: "eu-west-1" };

  it("creates a read-only replica that follows the primary", () => {
    const primary = h.call("CreateSecret", {
      Name: "r",
      SecretString: "v1",
      AddReplicaRegions: [{ Region: "eu-west-1" }],
    });
    expect(primary.ReplicationStatus).toEqual([
      { Region: "eu-west-1", Status: "InSync", StatusMessage: "Replication succeeded" },
    ]);
    const replica = h.call("DescribeSecret", { SecretId: "r" }, west);
    expect(replica.ARN).toBe(primary.ARN.replace("us-east-1", "eu-west-1"));
    expect(replica.PrimaryRegion).toBe("us-east-1");
    h.call("PutSecretValue", { SecretId: "r", SecretString: "v2" });
    expect(h.call("GetSecretValue", { SecretId: "r" }, west).SecretString).toBe("v2");
    expect(h.refusal("PutSecretValue", { SecretId: "r", SecretString: "x" }, west).code).toBe(
      "InvalidRequestException",
    );
    const deleting = h.refusal("DeleteSecret", { SecretId: "r" });
    expect([deleting.code, deleting.message]).toEqual([
      "InvalidParameterException",
      "You can't delete secret r that still has replica regions [eu-west-1]",
    ]);
  });

  it("removes replicas and promotes a replica to a standalone secret", () => {
    h.call("CreateSecret", { Name: "r", SecretString: "v1" });
    h.call("ReplicateSecretToRegions", {
      SecretId: "r",
      AddReplicaRegions: [{ Region: "eu-west-1" }, { Region: "ap-south-1" }],
    });
    h.call("RemoveRegionsFromReplication", { SecretId: "r", RemoveReplicaRegions: ["ap-south-1"] });
    expect(h.refusal("DescribeSecret", { SecretId: "r" }, { ...CTX, region: "ap-south-1" }).code).toBe(
      "ResourceNotFoundException",
    );
    h.call("StopReplicationToReplica", { SecretId: "r" }, west);
    h.call("PutSecretValue", { SecretId: "r", SecretString: "west only" }, west);
    expect(h.call("GetSecretValue", { SecretId: "r" }).SecretString).toBe("v1");
    expect(h.call("GetSecretValue", { SecretId: "r" }, west).SecretString).toBe("west only");
    expect(h.call("DescribeSecret", { SecretId: "r" }).ReplicationStatus).toBeUndefined();
  });

  it("reports a name taken in the target Region as Failed unless ForceOverwriteReplicaSecret", () => {
    h.call("CreateSecret", { Name: "r", SecretString: "west" }, west);
    h.call("CreateSecret", { Name: "r", SecretString: "east" });
    const failed = {
      Region: "eu-west-1",
      Status: "Failed",
      StatusMessage: "Replication failed: Secret name r already exists in region eu-west-1.",
    };
    expect(
      h.call("ReplicateSecretToRegions", { SecretId: "r", AddReplicaRegions: [{ Region: "eu-west-1" }] })
        .ReplicationStatus,
    ).toEqual([failed]);
    expect(h.call("DescribeSecret", { SecretId: "r" }).ReplicationStatus).toEqual([failed]);
    expect(h.call("GetSecretValue", { SecretId: "r" }, west).SecretString).toBe("west");
    h.call("ReplicateSecretToRegions", {
      SecretId: "r",
      AddReplicaRegions: [{ Region: "eu-west-1" }],
      ForceOverwriteReplicaSecret: true,
    });
    expect(h.call("GetSecretValue", { SecretId: "r" }, west).SecretString).toBe("east");
  });
});
