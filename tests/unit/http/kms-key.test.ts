/**
 * `POST /secrets` and `PATCH /secrets/{id}` against the local endpoint: the only `kmsKeyId` accepted is a
 * key of `SECRETS_KMS_KEY_ARNS`, the keys the deployment's roles may use; any other answers 400 and stores
 * nothing, so the API never makes a secret its own functions and rotations cannot decrypt.
 */
import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handler as createSecret } from "../../../functions/http/create-secret";
import { handler as updateSecret } from "../../../functions/http/update-secret";
import { type LogSink, setLogSink } from "../../../shared/observability/logger";
import { setSecretsClient } from "../../../shared/secrets/client";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { httpEvent, lambdaContext } from "../../support/lambda-event";
import { captureLogLine, rememberTestSecret } from "../../support/redaction-registry";

const ALLOWED = "arn:aws:kms:us-east-1:000000000000:key/1111aaaa-1111-4111-8111-111111111111";
const OTHER = "arn:aws:kms:us-east-1:000000000000:key/2222bbbb-2222-4222-8222-222222222222";

let endpoint: TestEndpoint;
let previousSink: LogSink;
const previous = { prefix: process.env.SECRETS_PREFIX, keys: process.env.SECRETS_KMS_KEY_ARNS };

beforeAll(async () => {
  previousSink = setLogSink((line) => captureLogLine("kms-key", line));
  endpoint = await startTestEndpoint({ schedulerIntervalMs: 0 });
  setSecretsClient(endpoint.client);
  process.env.SECRETS_PREFIX = "app/";
});
afterAll(async () => {
  setSecretsClient(undefined);
  setLogSink(previousSink);
  await endpoint.close();
  for (const [name, value] of [
    ["SECRETS_PREFIX", previous.prefix],
    ["SECRETS_KMS_KEY_ARNS", previous.keys],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(() => {
  process.env.SECRETS_KMS_KEY_ARNS = ` ${ALLOWED} `;
});

async function call(
  fn: typeof createSecret,
  input: { method: string; route: string; id?: string; body: unknown },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const event = httpEvent({
    method: input.method,
    route: input.route,
    ...(input.id ? { pathParameters: { id: input.id } } : {}),
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input.body),
  });
  const result = (await fn(event, lambdaContext("kms"))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 0, json: JSON.parse(result.body ?? "{}") };
}

const create = (body: Record<string, unknown>) =>
  call(createSecret, { method: "POST", route: "/secrets", body });
const update = (id: string, body: Record<string, unknown>) =>
  call(updateSecret, { method: "PATCH", route: "/secrets/{id}", id, body });
const describeKey = async (name: string) =>
  (await endpoint.client.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId;
const refused = {
  error: { code: "InvalidInput", message: expect.stringContaining("SECRETS_KMS_KEY_ARNS") },
};

describe("kmsKeyId on create and update: only the deployment's keys", () => {
  it("creates with a listed key, or with none", async () => {
    const value = rememberTestSecret("kms-value-one");
    expect((await create({ name: "app/kms/listed", value: value, kmsKeyId: ALLOWED })).status).toBe(201);
    expect(await describeKey("app/kms/listed")).toBe(ALLOWED);
    expect((await create({ name: "app/kms/default", value: value })).status).toBe(201);
  });

  it.each([
    ["another key", OTHER],
    ["an alias", "alias/aws/secretsmanager"],
    ["the listed key's bare id", "1111aaaa-1111-4111-8111-111111111111"],
    ["the listed key in other case", ALLOWED.toUpperCase()],
  ])("refuses to create with %s: 400, nothing stored", async (_label, kmsKeyId) => {
    const name = `app/kms/refused-${kmsKeyId.length}`;
    const answer = await create({ name, value: rememberTestSecret("kms-value-two"), kmsKeyId });
    expect(answer).toEqual({ status: 400, json: refused });
    await expect(describeKey(name)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses every key when the deployment lists none", async () => {
    delete process.env.SECRETS_KMS_KEY_ARNS;
    const answer = await create({ name: "app/kms/none", value: "x", kmsKeyId: ALLOWED });
    expect(answer).toEqual({ status: 400, json: refused });
  });

  it("updates to a listed key; refuses another and leaves the secret as it was", async () => {
    await create({ name: "app/kms/update", value: rememberTestSecret("kms-value-three"), description: "d1" });
    expect((await update("app/kms/update", { kmsKeyId: ALLOWED })).status).toBe(200);
    expect(await describeKey("app/kms/update")).toBe(ALLOWED);
    const answer = await update("app/kms/update", { kmsKeyId: OTHER, description: "d2" });
    expect(answer).toEqual({ status: 400, json: refused });
    const after = await endpoint.client.send(new DescribeSecretCommand({ SecretId: "app/kms/update" }));
    expect({ key: after.KmsKeyId, description: after.Description }).toEqual({
      key: ALLOWED,
      description: "d1",
    });
  });

  it("still answers 403 first for a name outside the prefix", async () => {
    expect((await update("other/kms", { kmsKeyId: OTHER })).status).toBe(403);
  });
});
