/**
 * Issue #11, group 3 (validation order and codes), through the SDK v3 client against the endpoint: every
 * refusal answers AWS's code and AWS's text (docs/local-endpoint.md, "Rules by operation").
 */
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusalOf } from "../../support/client";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";

const INVALID_NAME =
  "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!";
const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:rotate";
const token = (n: number) => `validation-token-${String(n).padStart(4, "0")}-aaaaaaaaaaaaaaaa`;

let local: TestEndpoint;
let client: SecretsManagerClient;
beforeAll(async () => {
  local = await startTestEndpoint();
  client = local.client;
});
afterAll(async () => {
  await local?.close();
});

const refusal = (command: object) => refusalOf(client, command);

describe("invalid names", () => {
  it("CreateSecret answers ValidationException with AWS's text", async () => {
    expect(await refusal(new CreateSecretCommand({ Name: "bad name!" }))).toEqual([
      "ValidationException",
      INVALID_NAME,
    ]);
  });

  it("every lookup answers ValidationException for a SecretId that is not a valid name", async () => {
    const SecretId = "no such/name?";
    const commands = [
      new GetSecretValueCommand({ SecretId }),
      new DescribeSecretCommand({ SecretId }),
      new PutSecretValueCommand({ SecretId, SecretString: "v" }),
      new DeleteSecretCommand({ SecretId }),
      new ListSecretVersionIdsCommand({ SecretId }),
      new TagResourceCommand({ SecretId, Tags: [] }),
    ];
    for (const command of commands)
      expect(await refusal(command)).toEqual(["ValidationException", INVALID_NAME]);
  });

  it("a SecretId shaped like an ARN skips the name check and is looked up", async () => {
    const arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:nothing here-AbCdEf";
    expect((await refusal(new GetSecretValueCommand({ SecretId: arn })))[0]).toBe(
      "ResourceNotFoundException",
    );
  });

  it("BatchGetSecretValue reports an invalid name in Errors", async () => {
    const answer = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ["bad name!"] }));
    expect(answer.Errors).toEqual([
      { SecretId: "bad name!", ErrorCode: "ValidationException", Message: INVALID_NAME },
    ]);
  });
});

describe("VersionId and VersionStage", () => {
  it("a VersionStage not on the VersionId is InvalidRequestException", async () => {
    const created = await client.send(
      new CreateSecretCommand({ Name: "val/stages", SecretString: "one", ClientRequestToken: token(1) }),
    );
    await client.send(new PutSecretValueCommand({ SecretId: "val/stages", SecretString: "two" }));
    expect(
      await refusal(
        new GetSecretValueCommand({
          SecretId: "val/stages",
          VersionId: created.VersionId,
          VersionStage: "AWSCURRENT",
        }),
      ),
    ).toEqual([
      "InvalidRequestException",
      "You provided a VersionStage that is not associated to the provided VersionId.",
    ]);
    const missing = "ffffffff-ffff-ffff-ffff-ffffffffffff";
    expect(
      await refusal(
        new GetSecretValueCommand({ SecretId: "val/stages", VersionId: missing, VersionStage: "AWSCURRENT" }),
      ),
    ).toEqual([
      "ResourceNotFoundException",
      `Secrets Manager can't find the specified secret value for VersionId: ${missing}`,
    ]);
  });
});

describe("ClientRequestToken", () => {
  it("outside 32-64 characters is InvalidParameterException with AWS's text", async () => {
    await client.send(new CreateSecretCommand({ Name: "val/token", SecretString: "v" }));
    const text = ["InvalidParameterException", "ClientRequestToken must be 32-64 characters long."];
    for (const bad of ["short", "x".repeat(65)]) {
      expect(
        await refusal(
          new PutSecretValueCommand({ SecretId: "val/token", SecretString: "w", ClientRequestToken: bad }),
        ),
      ).toEqual(text);
      expect(
        await refusal(new CreateSecretCommand({ Name: "val/token-2", ClientRequestToken: bad })),
      ).toEqual(text);
      expect(
        await refusal(
          new UpdateSecretCommand({ SecretId: "val/token", SecretString: "w", ClientRequestToken: bad }),
        ),
      ).toEqual(text);
      expect(
        await refusal(
          new RotateSecretCommand({
            SecretId: "val/token",
            RotationLambdaARN: LAMBDA,
            ClientRequestToken: bad,
          }),
        ),
      ).toEqual(text);
    }
  });

  it("reused with another value names the token and the secret's ARN (PutSecretValue, CreateSecret)", async () => {
    const created = await client.send(
      new CreateSecretCommand({ Name: "val/reuse", SecretString: "first", ClientRequestToken: token(2) }),
    );
    const inUse = [
      "ResourceExistsException",
      `You can't use ClientRequestToken ${token(2)} because that value is already in use for a version of secret ${created.ARN}.`,
    ];
    expect(
      await refusal(
        new PutSecretValueCommand({
          SecretId: "val/reuse",
          SecretString: "other",
          ClientRequestToken: token(2),
        }),
      ),
    ).toEqual(inUse);
    expect(
      await refusal(
        new CreateSecretCommand({ Name: "val/reuse", SecretString: "other", ClientRequestToken: token(2) }),
      ),
    ).toEqual(inUse);
    // the same value is a retry, answered as the first time
    const retried = await client.send(
      new PutSecretValueCommand({
        SecretId: "val/reuse",
        SecretString: "first",
        ClientRequestToken: token(2),
      }),
    );
    expect(retried.VersionId).toBe(token(2));
  });

  it("UpdateSecret refuses a token naming an existing version, even with the same value", async () => {
    const created = await client.send(
      new CreateSecretCommand({ Name: "val/update", SecretString: "first", ClientRequestToken: token(3) }),
    );
    expect(
      await refusal(
        new UpdateSecretCommand({
          SecretId: "val/update",
          SecretString: "first",
          ClientRequestToken: token(3),
        }),
      ),
    ).toEqual([
      "ResourceExistsException",
      `You can't use ClientRequestToken ${token(3)} because that value is already in use for a version of secret ${created.ARN}.`,
    ]);
  });
});

describe("ListSecrets filters", () => {
  const list = (Filters: unknown) =>
    refusal(new ListSecretsCommand({ Filters: Filters as ListSecretsCommand["input"]["Filters"] }));

  it("answers a filter without Key, without Values, with an unknown Key or empty Values as AWS does", async () => {
    expect(await list([{ Values: ["x"] }])).toEqual(["InvalidParameterException", "Invalid filter key"]);
    expect(await list([{ Key: "description" }])).toEqual([
      "InvalidParameterException",
      "Invalid filter values for key: description",
    ]);
    expect(
      await list([
        { Key: "name", Values: ["a"] },
        { Key: "colour", Values: ["x"] },
      ]),
    ).toEqual([
      "ValidationException",
      "1 validation error detected: Value at 'filters.2.member.key' failed to satisfy constraint: Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]",
    ]);
    expect((await list([{ Key: "name", Values: [] }]))[0]).toBe("ValidationException");
  });

  it("applies filters with the same key together (AND)", async () => {
    for (const [Name, Description] of [
      ["val/dup-foo", "one two"],
      ["val/dup-bar", "one"],
      ["val/dup-baz", "two"],
    ] as const)
      await client.send(new CreateSecretCommand({ Name, Description }));
    const listed = await client.send(
      new ListSecretsCommand({
        Filters: [
          { Key: "name", Values: ["val/dup-"] },
          { Key: "description", Values: ["one"] },
          { Key: "description", Values: ["two"] },
        ],
      }),
    );
    expect(listed.SecretList?.map((s) => s.Name)).toEqual(["val/dup-foo"]);
  });

  it("refuses an unknown SortBy", async () => {
    expect((await refusal(new ListSecretsCommand({ SortBy: "size" as "name" })))[0]).toBe(
      "ValidationException",
    );
  });
});

describe("GetRandomPassword", () => {
  it("checks PasswordLength against 1-4096 and against the required types", async () => {
    expect((await refusal(new GetRandomPasswordCommand({ PasswordLength: 0 })))[0]).toBe(
      "ValidationException",
    );
    expect((await refusal(new GetRandomPasswordCommand({ PasswordLength: 4097 })))[0]).toBe(
      "ValidationException",
    );
    expect(await refusal(new GetRandomPasswordCommand({ PasswordLength: 3 }))).toEqual([
      "InvalidParameterException",
      "Password length is too short based on the required types.",
    ]);
    const digitsOnly = { ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true };
    const one = await client.send(new GetRandomPasswordCommand({ PasswordLength: 1, ...digitsOnly }));
    expect(one.RandomPassword).toMatch(/^[0-9]$/);
  });

  it("IncludeSpace allows a space without requiring one", async () => {
    const spaces = await client.send(
      new GetRandomPasswordCommand({
        PasswordLength: 4,
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
        IncludeSpace: true,
      }),
    );
    expect(spaces.RandomPassword).toBe("    ");
    // four required types fill a four-character password; no room would be left for a required space
    const four = await client.send(new GetRandomPasswordCommand({ PasswordLength: 4, IncludeSpace: true }));
    expect(four.RandomPassword).toHaveLength(4);
  });
});

describe("RotateSecret", () => {
  it("answers AWS's text for AutomaticallyAfterDays outside 1-1000", async () => {
    await client.send(new CreateSecretCommand({ Name: "val/rotate", SecretString: "v" }));
    for (const AutomaticallyAfterDays of [0, 1001])
      expect(
        await refusal(
          new RotateSecretCommand({
            SecretId: "val/rotate",
            RotationLambdaARN: LAMBDA,
            RotationRules: { AutomaticallyAfterDays },
          }),
        ),
      ).toEqual(["InvalidParameterException", "RotationRules.AutomaticallyAfterDays must be within 1-1000."]);
  });

  it("names the missing rotation function when the secret has none", async () => {
    await client.send(new CreateSecretCommand({ Name: "val/no-function", SecretString: "v" }));
    expect(await refusal(new RotateSecretCommand({ SecretId: "val/no-function" }))).toEqual([
      "InvalidRequestException",
      "No Lambda rotation function ARN is associated with this secret.",
    ]);
  });
});

describe("BatchGetSecretValue", () => {
  const both = [
    "InvalidParameterException",
    "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
  ];

  it("refuses both SecretIdList and Filters, neither, and MaxResults without Filters", async () => {
    expect(
      await refusal(
        new BatchGetSecretValueCommand({ SecretIdList: ["a"], Filters: [{ Key: "name", Values: ["a"] }] }),
      ),
    ).toEqual(both);
    expect(await refusal(new BatchGetSecretValueCommand({}))).toEqual(both);
    expect(await refusal(new BatchGetSecretValueCommand({ SecretIdList: ["a"], MaxResults: 5 }))).toEqual([
      "InvalidParameterException",
      "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
    ]);
  });
});

describe("values", () => {
  it("an empty SecretString is a ValidationException (the model's minimum is 1)", async () => {
    expect((await refusal(new CreateSecretCommand({ Name: "val/empty-value", SecretString: "" })))[0]).toBe(
      "ValidationException",
    );
  });
});
