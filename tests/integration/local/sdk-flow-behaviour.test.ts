/**
 * Issue #11, groups 4 (behaviour) and 5 (labels), through the SDK v3 client against the endpoint. The
 * filter cases are the ones AWS was seen to answer (moto's AWS-verified ListSecrets tests).
 */
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RemoveRegionsFromReplicationCommand,
  ReplicateSecretToRegionsCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClient, refusalOf } from "../../support/client";
import { startTestEndpoint, startTestEndpointWithLambdas, type TestEndpoint } from "../../support/endpoint";
import { rejection } from "../../support/wait";

const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:rotate";
const NO_SUCH_LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:nothing-here";
const token = (n: number) => `behaviour-token-${String(n).padStart(4, "0")}-aaaaaaaaaaaaaaaaa`;

let local: TestEndpoint;
let client: SecretsManagerClient;
beforeAll(async () => {
  local = await startTestEndpointWithLambdas({ rotate: async () => ({}) });
  client = local.client;
});
afterAll(async () => {
  await local?.close();
});

const refusal = (command: object) => refusalOf(client, command);

const stages = async (SecretId: string) =>
  (await client.send(new DescribeSecretCommand({ SecretId }))).VersionIdsToStages;

describe("DeleteSecret", () => {
  it("with ForceDeleteWithoutRecovery answers 200 for a secret that does not exist", async () => {
    const before = Date.now() / 1000;
    const answer = await client.send(
      new DeleteSecretCommand({ SecretId: "behaviour/never-made", ForceDeleteWithoutRecovery: true }),
    );
    expect(answer.Name).toBe("behaviour/never-made");
    expect(answer.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:behaviour\/never-made-\w{6}$/,
    );
    expect((answer.DeletionDate?.getTime() ?? 0) / 1000).toBeGreaterThanOrEqual(before - 1);
    expect((await refusal(new DeleteSecretCommand({ SecretId: "behaviour/never-made" })))[0]).toBe(
      "ResourceNotFoundException",
    );
  });

  it("refuses deleting a secret already scheduled for deletion unless forced", async () => {
    await client.send(new CreateSecretCommand({ Name: "behaviour/twice", SecretString: "v" }));
    await client.send(new DeleteSecretCommand({ SecretId: "behaviour/twice", RecoveryWindowInDays: 7 }));
    expect(await refusal(new DeleteSecretCommand({ SecretId: "behaviour/twice" }))).toEqual([
      "InvalidRequestException",
      "You tried to perform the operation on a secret that's currently marked deleted.",
    ]);
    await client.send(
      new DeleteSecretCommand({ SecretId: "behaviour/twice", ForceDeleteWithoutRecovery: true }),
    );
    expect((await refusal(new DescribeSecretCommand({ SecretId: "behaviour/twice" })))[0]).toBe(
      "ResourceNotFoundException",
    );
  });

  it("ListSecretVersionIds refuses a secret scheduled for deletion", async () => {
    await client.send(new CreateSecretCommand({ Name: "behaviour/deleted-versions", SecretString: "v" }));
    await client.send(new DeleteSecretCommand({ SecretId: "behaviour/deleted-versions" }));
    expect(
      await refusal(new ListSecretVersionIdsCommand({ SecretId: "behaviour/deleted-versions" })),
    ).toEqual([
      "InvalidRequestException",
      "You can't perform this operation on the secret because it was marked for deletion.",
    ]);
  });
});

describe("PutResourcePolicy", () => {
  const open = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }],
  });

  it("stores a public policy unless BlockPublicPolicy is true", async () => {
    await client.send(new CreateSecretCommand({ Name: "behaviour/policy", SecretString: "v" }));
    await client.send(new PutResourcePolicyCommand({ SecretId: "behaviour/policy", ResourcePolicy: open }));
    expect(
      (await client.send(new GetResourcePolicyCommand({ SecretId: "behaviour/policy" }))).ResourcePolicy,
    ).toBe(open);
    expect(
      (
        await refusal(
          new PutResourcePolicyCommand({
            SecretId: "behaviour/policy",
            ResourcePolicy: open,
            BlockPublicPolicy: true,
          }),
        )
      )[0],
    ).toBe("PublicPolicyException");
  });
});

describe("ListSecrets filters", () => {
  const names = async (Filters: ListSecretsCommand["input"]["Filters"], prefix: string) =>
    (
      await client.send(
        new ListSecretsCommand({ Filters: [{ Key: "name", Values: [prefix] }, ...(Filters ?? [])] }),
      )
    ).SecretList?.map((s) => s.Name);

  it("matches a multi-word description word by word", async () => {
    const descriptions = { foo: "one two", bar: "one and two", baz: "one", qux: "two", none: "unrelated" };
    for (const [name, Description] of Object.entries(descriptions))
      await client.send(new CreateSecretCommand({ Name: `desc/${name}`, Description }));
    const description = (value: string) => names([{ Key: "description", Values: [value] }], "desc/");
    expect(await description("one two")).toEqual(["desc/foo", "desc/bar"]);
    expect(await description("o t")).toEqual(["desc/foo", "desc/bar"]);
    expect(await description("t")).toEqual(["desc/foo", "desc/bar", "desc/qux"]);
    expect(await description("ONE")).toEqual(["desc/foo", "desc/bar", "desc/baz"]);
  });

  it("'all' splits names, descriptions, tag keys and values into words as AWS does", async () => {
    const secrets = [
      { Name: "all/SecretOne" },
      { Name: "all/SecretTwo", Description: "DescTwo" },
      { Name: "all/Thirdsecret" },
      { Name: "all/SecretFTag", Tags: [{ Key: "1", Value: "foo" }] },
      { Name: "all/SecretFValue", Tags: [{ Key: "foo", Value: "v" }] },
      { Name: "all/prod_AppBeta" },
      { Name: "all/uat/COMPANY" },
      { Name: "all/uat/COMPANYthings" },
    ];
    for (const secret of secrets) await client.send(new CreateSecretCommand(secret));
    const all = (value: string) => names([{ Key: "all", Values: [value] }], "all/");
    expect(await all("SecretOne")).toEqual(["all/SecretOne"]);
    expect(await all("foo")).toEqual(["all/SecretFTag", "all/SecretFValue"]);
    expect(await all("secret")).toEqual([
      "all/SecretOne",
      "all/SecretTwo",
      "all/SecretFTag",
      "all/SecretFValue",
    ]);
    expect(await all("ret")).toEqual([]);
    expect(await all("d t")).toEqual(["all/SecretTwo"]);
    expect(await all("t")).toEqual(["all/SecretTwo", "all/Thirdsecret", "all/SecretFTag"]);
    expect(await all("Beta")).toEqual(["all/prod_AppBeta"]);
    expect(await all("+")).toEqual([]);
    expect(await all("company")).toEqual(["all/uat/COMPANY"]);
    expect(await all("Ythings")).toEqual(["all/uat/COMPANYthings"]);
    expect(await all("things")).toEqual([]);
    // the Region is not one of the attributes 'all' searches
    expect(await all("us")).toEqual([]);
  });

  it("sorts by SortBy name, descending on request", async () => {
    for (const Name of ["sort/b", "sort/c", "sort/a"]) await client.send(new CreateSecretCommand({ Name }));
    const sorted = await client.send(
      new ListSecretsCommand({
        Filters: [{ Key: "name", Values: ["sort/"] }],
        SortBy: "name",
        SortOrder: "desc",
      }),
    );
    expect(sorted.SecretList?.map((s) => s.Name)).toEqual(["sort/c", "sort/b", "sort/a"]);
    const first = await client.send(
      new ListSecretsCommand({
        Filters: [{ Key: "name", Values: ["sort/"] }],
        SortBy: "name",
        MaxResults: 2,
      }),
    );
    const rest = await client.send(
      new ListSecretsCommand({
        Filters: [{ Key: "name", Values: ["sort/"] }],
        SortBy: "name",
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    expect([...(first.SecretList ?? []), ...(rest.SecretList ?? [])].map((s) => s.Name)).toEqual([
      "sort/a",
      "sort/b",
      "sort/c",
    ]);
  });
});

describe("RotateSecret", () => {
  it("refuses a RotationLambdaARN naming no function at once with AccessDeniedException, storing nothing", async () => {
    await client.send(new CreateSecretCommand({ Name: "behaviour/rotate", SecretString: "v" }));
    expect(
      await refusal(
        new RotateSecretCommand({
          SecretId: "behaviour/rotate",
          RotationLambdaARN: NO_SUCH_LAMBDA,
          RotationRules: { AutomaticallyAfterDays: 7 },
        }),
      ),
    ).toEqual([
      "AccessDeniedException",
      "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.",
    ]);
    const described = await client.send(new DescribeSecretCommand({ SecretId: "behaviour/rotate" }));
    expect(described).not.toHaveProperty("RotationLambdaARN");
    expect(described).not.toHaveProperty("RotationEnabled");
    expect(Object.keys(described.VersionIdsToStages ?? {})).toHaveLength(1);
    // the function that exists is accepted
    const rotated = await client.send(
      new RotateSecretCommand({ SecretId: "behaviour/rotate", RotationLambdaARN: LAMBDA }),
    );
    expect(rotated.VersionId).toBeTruthy();
  });

  it("accepts the call when the Lambda endpoint cannot be reached (the check cannot be made)", async () => {
    const offline = await startTestEndpoint({ lambdaEndpoint: "http://127.0.0.1:9", schedulerIntervalMs: 0 });
    try {
      await offline.client.send(new CreateSecretCommand({ Name: "behaviour/offline", SecretString: "v" }));
      const answer = await offline.client.send(
        new RotateSecretCommand({ SecretId: "behaviour/offline", RotationLambdaARN: NO_SUCH_LAMBDA }),
      );
      expect(answer.VersionId).toBeTruthy();
      await offline.endpoint.rotation.idle();
    } finally {
      await offline.close();
    }
  });
});

describe("replication", () => {
  it("answers AWS's errors for the own Region and a Region that holds no replica", async () => {
    await client.send(new CreateSecretCommand({ Name: "behaviour/replicated", SecretString: "v" }));
    const invalid = ["InvalidParameterException", "Invalid replica region."];
    expect(
      await refusal(
        new ReplicateSecretToRegionsCommand({
          SecretId: "behaviour/replicated",
          AddReplicaRegions: [{ Region: "us-east-1" }],
        }),
      ),
    ).toEqual(invalid);
    expect(
      await refusal(
        new RemoveRegionsFromReplicationCommand({
          SecretId: "behaviour/replicated",
          RemoveReplicaRegions: ["eu-west-2"],
        }),
      ),
    ).toEqual(invalid);
  });

  it("reports a Region where the name is taken as Failed, then removes that entry", async () => {
    const west = localClient(local.url, { region: "eu-west-3" });
    try {
      await west.send(new CreateSecretCommand({ Name: "behaviour/taken", SecretString: "west" }));
      await client.send(new CreateSecretCommand({ Name: "behaviour/taken", SecretString: "east" }));
      const answer = await client.send(
        new ReplicateSecretToRegionsCommand({
          SecretId: "behaviour/taken",
          AddReplicaRegions: [{ Region: "eu-west-3" }],
        }),
      );
      const failed = {
        Region: "eu-west-3",
        Status: "Failed",
        StatusMessage: "Replication failed: Secret name behaviour/taken already exists in region eu-west-3.",
      };
      expect(answer.ReplicationStatus).toEqual([failed]);
      expect(
        (await client.send(new DescribeSecretCommand({ SecretId: "behaviour/taken" }))).ReplicationStatus,
      ).toEqual([failed]);
      expect((await west.send(new GetSecretValueCommand({ SecretId: "behaviour/taken" }))).SecretString).toBe(
        "west",
      );
      const removed = await client.send(
        new RemoveRegionsFromReplicationCommand({
          SecretId: "behaviour/taken",
          RemoveReplicaRegions: ["eu-west-3"],
        }),
      );
      expect(removed.ReplicationStatus).toEqual([]);
    } finally {
      west.destroy();
    }
  });

  it("deletes a replica at once and refuses deleting a primary that still has replicas", async () => {
    const west = localClient(local.url, { region: "eu-west-1" });
    try {
      await client.send(
        new CreateSecretCommand({
          Name: "behaviour/primary",
          SecretString: "v",
          AddReplicaRegions: [{ Region: "eu-west-1" }],
        }),
      );
      expect(await refusal(new DeleteSecretCommand({ SecretId: "behaviour/primary" }))).toEqual([
        "InvalidParameterException",
        "You can't delete secret behaviour/primary that still has replica regions [eu-west-1]",
      ]);
      await west.send(new DeleteSecretCommand({ SecretId: "behaviour/primary" }));
      expect(
        (await rejection(west.send(new DescribeSecretCommand({ SecretId: "behaviour/primary" })))).name,
      ).toBe("ResourceNotFoundException");
      await client.send(
        new DeleteSecretCommand({ SecretId: "behaviour/primary", ForceDeleteWithoutRecovery: true }),
      );
    } finally {
      west.destroy();
    }
  });
});

describe("BatchGetSecretValue", () => {
  it("reports a secret scheduled for deletion in Errors and answers the others", async () => {
    await client.send(new CreateSecretCommand({ Name: "behaviour/batch-live", SecretString: "live" }));
    await client.send(new CreateSecretCommand({ Name: "behaviour/batch-gone", SecretString: "gone" }));
    await client.send(new DeleteSecretCommand({ SecretId: "behaviour/batch-gone" }));
    const answer = await client.send(
      new BatchGetSecretValueCommand({ SecretIdList: ["behaviour/batch-live", "behaviour/batch-gone"] }),
    );
    expect(answer.SecretValues?.map((v) => v.SecretString)).toEqual(["live"]);
    expect(answer.Errors).toEqual([
      {
        SecretId: "behaviour/batch-gone",
        ErrorCode: "InvalidRequestException",
        Message: "You can't perform this operation on the secret because it was marked for deletion.",
      },
    ]);
    const byFilter = await client.send(
      new BatchGetSecretValueCommand({ Filters: [{ Key: "name", Values: ["behaviour/batch-"] }] }),
    );
    expect(byFilter.SecretValues?.map((v) => v.Name)).toEqual(["behaviour/batch-live"]);
  });
});

describe("labels", () => {
  /** A finished rotation: AWSPENDING and AWSCURRENT both on the new version. */
  async function finishedRotation(SecretId: string) {
    await client.send(
      new CreateSecretCommand({ Name: SecretId, SecretString: "v1", ClientRequestToken: token(1) }),
    );
    await client.send(
      new PutSecretValueCommand({
        SecretId,
        SecretString: "v2",
        ClientRequestToken: token(2),
        VersionStages: ["AWSPENDING"],
      }),
    );
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: token(2),
        RemoveFromVersionId: token(1),
      }),
    );
    expect((await stages(SecretId))?.[token(2)]).toEqual(["AWSPENDING", "AWSCURRENT"]);
  }

  it("PutSecretValue moving AWSCURRENT off a version that also carries AWSPENDING drops AWSPENDING", async () => {
    await finishedRotation("labels/put");
    await client.send(
      new PutSecretValueCommand({ SecretId: "labels/put", SecretString: "v3", ClientRequestToken: token(3) }),
    );
    expect(await stages("labels/put")).toEqual({ [token(3)]: ["AWSCURRENT"], [token(2)]: ["AWSPREVIOUS"] });
  });

  it("UpdateSecret with a value does the same", async () => {
    await finishedRotation("labels/update");
    await client.send(
      new UpdateSecretCommand({
        SecretId: "labels/update",
        SecretString: "v3",
        ClientRequestToken: token(3),
      }),
    );
    expect(await stages("labels/update")).toEqual({
      [token(3)]: ["AWSCURRENT"],
      [token(2)]: ["AWSPREVIOUS"],
    });
  });

  it("a put that leaves AWSCURRENT where it is keeps AWSPENDING there", async () => {
    await finishedRotation("labels/staged");
    await client.send(
      new PutSecretValueCommand({
        SecretId: "labels/staged",
        SecretString: "v3",
        ClientRequestToken: token(3),
        VersionStages: ["STAGED"],
      }),
    );
    expect((await stages("labels/staged"))?.[token(2)]).toEqual(["AWSPENDING", "AWSCURRENT"]);
  });
});
