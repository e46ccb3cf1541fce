import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearRegisteredSecretValues, redactText } from "../../../shared/observability/redaction.js";
import {
  createSecret,
  deleteSecret,
  getSecretValue,
  LocalErrorCodes,
  listSecrets,
  parseJsonObject,
  putSecretValue,
  SecretsError,
  setSecretsClient,
  updateSecret,
} from "../../../shared/secrets/index.js";

const client = new SecretsManagerClient({ region: "us-east-1" });
const sdk = mockClient(client);

beforeEach(() => {
  sdk.reset();
  setSecretsClient(client);
});
afterEach(() => {
  setSecretsClient(undefined);
  clearRegisteredSecretValues();
});

describe("shared/secrets operations", () => {
  it("creates with a string value and refuses an invalid name before calling AWS", async () => {
    sdk.on(CreateSecretCommand).resolves({ ARN: "arn:x", Name: "app/a", VersionId: "v1" });
    await expect(createSecret({ name: "app/a", value: { kind: "string", text: "{}" } })).resolves.toEqual({
      arn: "arn:x",
      name: "app/a",
      versionId: "v1",
    });
    await expect(createSecret({ name: "bad name!" })).rejects.toMatchObject({
      code: "InvalidParameterException",
    });
    expect(sdk.commandCalls(CreateSecretCommand)).toHaveLength(1);
  });

  it("leaves the stage to Secrets Manager (AWSCURRENT) by default and registers the value for redaction", async () => {
    sdk.on(GetSecretValueCommand).resolves({
      ARN: "arn:x",
      Name: "app/a",
      VersionId: "v1",
      VersionStages: ["AWSCURRENT"],
      SecretString: '{"password":"p4ssw0rd-x"}',
    });
    const read = await getSecretValue("app/a");
    expect(sdk.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: "app/a" });
    expect(read.value).toEqual({ kind: "string", text: '{"password":"p4ssw0rd-x"}' });
    expect(redactText("leak p4ssw0rd-x")).not.toContain("p4ssw0rd-x");
  });

  it("reads by version id without forcing a stage", async () => {
    sdk.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    const read = await getSecretValue("app/a", { versionId: "v9" });
    const input = sdk.commandCalls(GetSecretValueCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ VersionId: "v9", VersionStage: undefined });
    expect(read.value).toEqual({ kind: "binary", bytes: new Uint8Array([1, 2]) });
  });

  it("puts a whole value with the stages asked for", async () => {
    sdk.on(PutSecretValueCommand).resolves({ VersionId: "v2", VersionStages: ["AWSPENDING"] });
    await putSecretValue("app/a", {
      value: { kind: "string", text: "x" },
      versionStages: ["AWSPENDING"],
      clientRequestToken: "t".repeat(32),
    });
    expect(sdk.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toMatchObject({
      SecretString: "x",
      VersionStages: ["AWSPENDING"],
      ClientRequestToken: "t".repeat(32),
    });
  });

  it("turns an SDK exception into a SecretsError with AWS's code", async () => {
    sdk
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find it.", $metadata: {} }));
    const error = await getSecretValue("app/missing").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretsError);
    expect(error).toMatchObject({ code: "ResourceNotFoundException", retryable: false });
  });

  it("reports a network failure as SecretsManagerUnavailable, retryable", async () => {
    sdk.on(ListSecretsCommand).rejects(new Error("connect ECONNREFUSED 127.0.0.1:1"));
    await expect(listSecrets()).rejects.toMatchObject({ code: LocalErrorCodes.Unavailable, retryable: true });
  });

  it("maps list filters and pages", async () => {
    sdk.on(ListSecretsCommand).resolves({ SecretList: [{ Name: "app/a" }], NextToken: "n2" });
    const page = await listSecrets({ namePrefix: "app/", tagKey: "team", maxResults: 5 });
    expect(page).toEqual({ secrets: [{ Name: "app/a" }], nextToken: "n2" });
    expect(sdk.commandCalls(ListSecretsCommand)[0]?.args[0].input).toMatchObject({
      MaxResults: 5,
      Filters: [
        { Key: "name", Values: ["app/"] },
        { Key: "tag-key", Values: ["team"] },
      ],
    });
  });

  it("deletes with a recovery window or by force, never both", async () => {
    sdk.on(DeleteSecretCommand).resolves({ ARN: "arn:x", Name: "app/a" });
    await deleteSecret("app/a", { recoveryWindowInDays: 10 });
    await deleteSecret("app/a", { force: true });
    const inputs = sdk.commandCalls(DeleteSecretCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toEqual({ SecretId: "app/a", RecoveryWindowInDays: 10 });
    expect(inputs[1]).toEqual({ SecretId: "app/a", ForceDeleteWithoutRecovery: true });
  });

  it("updates description and tags in as few calls as the change needs", async () => {
    sdk.on(UpdateSecretCommand).resolves({ ARN: "arn:x", Name: "app/a" });
    sdk.on(TagResourceCommand).resolves({});
    sdk.on(UntagResourceCommand).resolves({});
    await updateSecret("app/a", { description: "설명", addTags: { team: "x" }, removeTagKeys: ["old"] });
    expect(sdk.commandCalls(UpdateSecretCommand)[0]?.args[0].input.Description).toBe("설명");
    expect(sdk.commandCalls(TagResourceCommand)[0]?.args[0].input.Tags).toEqual([
      { Key: "team", Value: "x" },
    ]);
    expect(sdk.commandCalls(UntagResourceCommand)[0]?.args[0].input.TagKeys).toEqual(["old"]);
  });

  it("parses a JSON-object value and refuses anything else without repeating it", () => {
    expect(parseJsonObject({ kind: "string", text: '{"a":1}' })).toEqual({ a: 1 });
    for (const text of ["[1]", "not json hunter2", "null"]) {
      const error = (() => {
        try {
          parseJsonObject({ kind: "string", text });
        } catch (caught) {
          return caught as SecretsError;
        }
      })();
      expect(error?.code).toBe(LocalErrorCodes.NotJsonObject);
      expect(error?.message).not.toContain(text);
    }
  });
});
