/**
 * `shared/secrets` against the real local endpoint: the seed's operations through the typed functions,
 * with the default client made from the standard environment (`AWS_ENDPOINT_URL_SECRETS_MANAGER`), as a
 * Lambda function makes it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSecret,
  deleteSecret,
  describeSecret,
  getRandomPassword,
  getSecretValue,
  listSecrets,
  listSecretVersions,
  parseJsonObject,
  putSecretValue,
  restoreSecret,
  rotateSecret,
  SecretsError,
  setSecretsClient,
  updateSecret,
} from "../../../shared/secrets/index.js";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";

const json = (value: object) => ({ kind: "string", text: JSON.stringify(value) }) as const;

describe("shared/secrets against the local endpoint", () => {
  let local: TestEndpoint;
  let previousEndpoint: string | undefined;

  beforeAll(async () => {
    local = await startTestEndpoint();
    previousEndpoint = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = local.url;
    setSecretsClient(undefined); // the next call makes the default client from the environment
  });
  afterAll(async () => {
    setSecretsClient(undefined);
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = previousEndpoint;
    await local?.close();
  });

  it("runs the seed's flow: create, list, get, put, update, delete, restore, force delete", async () => {
    const created = await createSecret({
      name: "core/seed",
      value: json({ username: "db-name", password: "db-password" }),
      tags: { team: "platform" },
    });
    expect(created.arn).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:core\/seed-[A-Za-z0-9]{6}$/,
    );

    const page = await listSecrets({ namePrefix: "core/" });
    expect(page.secrets.map((secret) => secret.Name)).toEqual(["core/seed"]);

    const first = await getSecretValue("core/seed");
    expect(parseJsonObject(first.value)).toEqual({ username: "db-name", password: "db-password" });

    const put = await putSecretValue("core/seed", { value: json({ api_secret: "c", api_access: "d" }) });
    const current = await getSecretValue(created.arn);
    expect(parseJsonObject(current.value)).toEqual({ api_secret: "c", api_access: "d" });
    expect(current.versionId).toBe(put.versionId);
    const previous = await getSecretValue("core/seed", { versionStage: "AWSPREVIOUS" });
    expect(previous.versionId).toBe(first.versionId);

    await updateSecret("core/seed", {
      description: "설명 수정하기",
      addTags: { env: "dev" },
      removeTagKeys: ["team"],
    });
    const described = await describeSecret("core/seed");
    expect(described.Description).toBe("설명 수정하기");
    expect(described.Tags).toEqual([{ Key: "env", Value: "dev" }]);
    const versions = await listSecretVersions("core/seed");
    expect(versions.versions).toHaveLength(2);

    const deleted = await deleteSecret("core/seed", { recoveryWindowInDays: 10 });
    const days = ((deleted.deletionDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(10);
    const refused = await getSecretValue("core/seed").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SecretsError);
    expect((refused as SecretsError).code).toBe("InvalidRequestException");

    await restoreSecret("core/seed");
    expect(parseJsonObject((await getSecretValue("core/seed")).value)).toEqual({
      api_secret: "c",
      api_access: "d",
    });

    await deleteSecret("core/seed", { force: true });
    await expect(describeSecret("core/seed")).rejects.toMatchObject({ code: "ResourceNotFoundException" });
  });

  it("generates a password of the length asked for, without the excluded characters", async () => {
    const password = await getRandomPassword({
      length: 40,
      excludeCharacters: "abc",
      excludePunctuation: true,
    });
    expect(password).toHaveLength(40);
    expect(/[abc]/.test(password) || /[^A-Za-z0-9]/.test(password)).toBe(false);
  });

  it("stores rotation rules without rotating when asked not to rotate now (the test run of a missing function fails)", async () => {
    await createSecret({ name: "core/rotating", value: json({ token: "t0ken-value" }) });
    const testRun = rotateSecret("core/rotating", {
      rotationLambdaArn: "arn:aws:lambda:us-east-1:000000000000:function:nowhere",
      rotationRules: { automaticallyAfterDays: 30 },
      rotateImmediately: false,
    });
    await expect(testRun).rejects.toMatchObject({ code: "InvalidRequestException" });
    const described = await describeSecret("core/rotating");
    expect(described.RotationEnabled).toBe(true);
    expect(described.RotationRules?.AutomaticallyAfterDays).toBe(30);
    expect(described.NextRotationDate).toBeInstanceOf(Date);
  });
});
