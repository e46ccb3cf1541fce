import {
  DescribeSecretCommand,
  InvalidParameterException,
  PutSecretValueCommand,
  ResourceExistsException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { putIfCurrent, successorVersionId } from "../../../shared/http/conditional-put.js";
import { mergeKeys } from "../../../shared/http/merge-keys.js";
import { setSecretsClient } from "../../../shared/secrets/client.js";

const client = new SecretsManagerClient({ region: "us-east-1" });
const sdk = mockClient(client);
const value = { kind: "string", text: '{"a":"b"}' } as const;

beforeEach(() => {
  sdk.reset();
  setSecretsClient(client);
  sdk
    .on(PutSecretValueCommand)
    .callsFake(async (input: { ClientRequestToken: string }) => ({ VersionId: input.ClientRequestToken }));
});
afterEach(() => setSecretsClient(undefined));

const successor = successorVersionId("expected-version");

describe("putIfCurrent", () => {
  it("stores the version under a claim label with an id derived from If-Match, moves AWSCURRENT, drops the claim", async () => {
    sdk.on(UpdateSecretVersionStageCommand).resolves({});
    const { versionId } = await putIfCurrent("app/a", "expected-version", value);
    expect(versionId).toBe(successor);
    expect(successorVersionId("another-version")).not.toBe(successor);
    const put = sdk.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ ClientRequestToken: successor, VersionStages: [`ifmatch-${successor}`] });
    const moves = sdk.commandCalls(UpdateSecretVersionStageCommand).map((call) => call.args[0].input);
    expect(moves).toEqual([
      {
        SecretId: "app/a",
        VersionStage: "AWSCURRENT",
        MoveToVersionId: successor,
        RemoveFromVersionId: "expected-version",
      },
      { SecretId: "app/a", VersionStage: `ifmatch-${successor}`, RemoveFromVersionId: successor },
    ]);
  });

  it("is a VersionConflict when AWS refuses the move because AWSCURRENT moved on, and still drops the claim", async () => {
    sdk
      .on(UpdateSecretVersionStageCommand, { VersionStage: "AWSCURRENT" })
      .rejects(
        new InvalidParameterException({ message: "RemoveFromVersionId does not match", $metadata: {} }),
      );
    sdk.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { "someone-else": ["AWSCURRENT"] } });
    await expect(putIfCurrent("app/a", "expected-version", value)).rejects.toMatchObject({
      code: "VersionConflict",
    });
    expect(sdk.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(2);
  });

  it("answers success when its move fails because its own version is already current (a retry)", async () => {
    sdk
      .on(UpdateSecretVersionStageCommand, { VersionStage: "AWSCURRENT" })
      .rejects(new InvalidParameterException({ message: "not on that version", $metadata: {} }));
    sdk.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { [successor]: ["AWSCURRENT"] } });
    await expect(putIfCurrent("app/a", "expected-version", value)).resolves.toEqual({ versionId: successor });
  });

  it("stores nothing and answers VersionConflict when another writer claimed the same If-Match first", async () => {
    sdk
      .on(PutSecretValueCommand)
      .rejects(
        new ResourceExistsException({ message: "You can't modify an existing version", $metadata: {} }),
      );
    sdk.on(DescribeSecretCommand).resolves({
      VersionIdsToStages: { "expected-version": ["AWSCURRENT"], [successor]: [`ifmatch-${successor}`] },
    });
    sdk.on(UpdateSecretVersionStageCommand).resolves({});
    await expect(putIfCurrent("app/a", "expected-version", value)).rejects.toMatchObject({
      code: "VersionConflict",
    });
    // The claimed version is rolled forward, in case its writer died between its two calls.
    const moves = sdk.commandCalls(UpdateSecretVersionStageCommand).map((call) => call.args[0].input);
    expect(moves).toEqual([
      {
        SecretId: "app/a",
        VersionStage: "AWSCURRENT",
        MoveToVersionId: successor,
        RemoveFromVersionId: "expected-version",
      },
    ]);
  });

  it("takes a fresh version id when AWSCURRENT was moved back onto the expected version by hand", async () => {
    sdk
      .on(PutSecretValueCommand, { ClientRequestToken: successor })
      .rejects(
        new ResourceExistsException({ message: "You can't modify an existing version", $metadata: {} }),
      );
    sdk.on(DescribeSecretCommand).resolves({
      VersionIdsToStages: { "expected-version": ["AWSCURRENT"], [successor]: ["AWSPREVIOUS"] },
    });
    sdk.on(UpdateSecretVersionStageCommand).resolves({});
    const { versionId } = await putIfCurrent("app/a", "expected-version", value);
    expect(versionId).not.toBe(successor);
    expect(sdk.commandCalls(PutSecretValueCommand)).toHaveLength(2);
    expect(sdk.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toMatchObject({
      MoveToVersionId: versionId,
      RemoveFromVersionId: "expected-version",
    });
  });

  it("passes other failures through unchanged", async () => {
    sdk
      .on(UpdateSecretVersionStageCommand, { VersionStage: "AWSCURRENT" })
      .rejects(new InvalidParameterException({ message: "bad", $metadata: {} }));
    sdk.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { "expected-version": ["AWSCURRENT"] } });
    await expect(putIfCurrent("app/a", "expected-version", value)).rejects.toMatchObject({
      code: "InvalidParameterException",
    });
  });
});

describe("mergeKeys", () => {
  it("sets and removes only the keys named", () => {
    expect(mergeKeys({ a: "1", b: "2", c: "3" }, { set: { b: "20", d: "4" }, remove: ["c"] })).toEqual({
      a: "1",
      b: "20",
      d: "4",
    });
  });
});
