/** The seed document's whole flow, through the AWS SDK v3 client, against the in-memory endpoint. */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { rejection } from "../../support/wait";

const NAME = "seed/db-credentials";
const FIRST = { username: "db-name", password: "db-password" };
const SECOND = { host: "db.internal", port: "5432" };
const DAY = 86_400;

describe("the seed flow through the SDK v3 client", () => {
  let local: TestEndpoint;
  beforeAll(async () => {
    local = await startTestEndpoint();
  });
  afterAll(async () => {
    await local?.close();
  });

  it("creates, lists, reads, replaces, describes, deletes, restores and force-deletes a secret", async () => {
    const { client } = local;
    const created = await client.send(
      new CreateSecretCommand({ Name: NAME, SecretString: JSON.stringify(FIRST) }),
    );
    expect(created.Name).toBe(NAME);
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:seed\/db-credentials-[A-Za-z0-9]{6}$/,
    );
    expect(created.VersionId).toBeTruthy();

    const listed = await client.send(new ListSecretsCommand({}));
    expect(listed.SecretList?.map((s) => s.Name)).toContain(NAME);

    const got = await client.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect(JSON.parse(got.SecretString ?? "")).toEqual(FIRST);
    expect(got.VersionStages).toContain("AWSCURRENT");
    expect(got.CreatedDate).toBeInstanceOf(Date);

    const put = await client.send(
      new PutSecretValueCommand({ SecretId: NAME, SecretString: JSON.stringify(SECOND) }),
    );
    expect(put.VersionId).not.toBe(created.VersionId);
    const current = await client.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(JSON.parse(current.SecretString ?? "")).toEqual(SECOND);
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: NAME, VersionStage: "AWSPREVIOUS" }),
    );
    expect(JSON.parse(previous.SecretString ?? "")).toEqual(FIRST);
    expect(previous.VersionId).toBe(created.VersionId);

    const description = "설명 수정하기";
    await client.send(new UpdateSecretCommand({ SecretId: NAME, Description: description }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(described.Description).toBe(description);

    const before = Date.now() / 1000;
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 10 }));
    const deletionDate = (deleted.DeletionDate?.getTime() ?? 0) / 1000;
    expect(deletionDate).toBeGreaterThanOrEqual(before + 10 * DAY - 5);
    expect(deletionDate).toBeLessThanOrEqual(Date.now() / 1000 + 10 * DAY + 5);
    const refused = await rejection(client.send(new GetSecretValueCommand({ SecretId: NAME })));
    expect(refused.name).toBe("InvalidRequestException");
    expect(refused.$metadata?.httpStatusCode).toBe(400);
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).DeletedDate).toBeInstanceOf(
      Date,
    );

    await client.send(new RestoreSecretCommand({ SecretId: NAME }));
    const restored = await client.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect(JSON.parse(restored.SecretString ?? "")).toEqual(SECOND);

    await client.send(new DeleteSecretCommand({ SecretId: NAME, ForceDeleteWithoutRecovery: true }));
    const gone = await rejection(client.send(new GetSecretValueCommand({ SecretId: NAME })));
    expect(gone.name).toBe("ResourceNotFoundException");
    const after = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(after.SecretList?.map((s) => s.Name) ?? []).not.toContain(NAME);
  });
});
