/**
 * The API never ignores what a client sent: a body, a body field or a query parameter a route does not
 * take answers 400 with a code naming it, and the refused request changes nothing. The real route
 * handlers, in-process, against the local endpoint.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as createSecret } from "../../../functions/http/create-secret";
import { handler as deleteSecret } from "../../../functions/http/delete-secret";
import { handler as describeSecret } from "../../../functions/http/describe-secret";
import { handler as getMe } from "../../../functions/http/get-me";
import { handler as patchValue } from "../../../functions/http/patch-secret-value";
import { handler as restoreSecret } from "../../../functions/http/restore-secret";
import { handler as updateSecret } from "../../../functions/http/update-secret";
import { type LogSink, setLogSink } from "../../../shared/observability/logger";
import { setSecretsClient } from "../../../shared/secrets/client";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { type EventInput, httpEvent, lambdaContext } from "../../support/lambda-event";
import { captureLogLine } from "../../support/redaction-registry";

let local: TestEndpoint;
let previousSink: LogSink;
const NAME = "app/inputs/db";
const VALUE = JSON.stringify({ username: "inputs-user", password: "inputs-password-1" });

beforeAll(async () => {
  process.env.SECRETS_PREFIX = "app/";
  previousSink = setLogSink((line) => captureLogLine("route-inputs", line));
  local = await startTestEndpoint();
  setSecretsClient(local.client);
  await local.client.send(
    new CreateSecretCommand({ Name: NAME, SecretString: VALUE, Description: "before" }),
  );
});
afterAll(async () => {
  setSecretsClient(undefined);
  setLogSink(previousSink);
  await local?.close();
});

type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => unknown;

async function call(handler: Handler, input: EventInput) {
  const json = input.body !== undefined ? { headers: { "content-type": "application/json" } } : {};
  const result = (await handler(
    httpEvent({ ...json, ...input }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: JSON.parse(result.body ?? "{}") as { error?: { code: string; message: string } },
  };
}
const id = { pathParameters: { id: NAME } };

describe("inputs a route does not take", () => {
  it("a DELETE with a JSON body is refused (UnexpectedBody, naming where the window goes), and nothing is deleted", async () => {
    const answer = await call(deleteSecret, {
      method: "DELETE",
      route: "/secrets/{id}",
      ...id,
      body: JSON.stringify({ recoveryWindowInDays: 7 }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("UnexpectedBody");
    expect(answer.body.error?.message).toContain("recoveryWindowInDays and force");
    const described = await local.client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(described.DeletedDate).toBeUndefined();
  });

  it("an unknown body field is refused (UnknownField, naming it and the fields taken), the value unchanged", async () => {
    const answer = await call(patchValue, {
      method: "PATCH",
      route: "/secrets/{id}/value",
      ...id,
      body: JSON.stringify({ set: { password: "inputs-password-2" }, removee: ["username"] }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: "UnknownField",
      message: 'body: this route takes no field "removee" (its fields: set and remove)',
    });
    const value = await local.client.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect(value.SecretString).toBe(VALUE);
  });

  it("an unknown query parameter is refused (UnknownQueryParameter), on routes with and without a query", async () => {
    const describe = await call(describeSecret, {
      method: "GET",
      route: "/secrets/{id}",
      ...id,
      query: { versionStage: "AWSCURRENT" },
    });
    expect(describe.status).toBe(400);
    expect(describe.body.error?.code).toBe("UnknownQueryParameter");
    expect(describe.body.error?.message).toContain('"versionStage"');
    const remove = await call(deleteSecret, {
      method: "DELETE",
      route: "/secrets/{id}",
      ...id,
      query: { recoveryWindow: "7" },
    });
    expect(remove.body.error?.code).toBe("UnknownQueryParameter");
    expect(remove.body.error?.message).toContain("its parameters: recoveryWindowInDays and force");
    expect(
      (await local.client.send(new DescribeSecretCommand({ SecretId: NAME }))).DeletedDate,
    ).toBeUndefined();
  });

  it("a body on a route that takes none is refused: restore, GET /me", async () => {
    for (const [handler, method, route] of [
      [restoreSecret, "POST", "/secrets/{id}/restore"],
      [getMe, "GET", "/me"],
    ] as const) {
      const answer = await call(handler, { method, route, ...id, body: "{}" });
      expect(answer.body.error?.code, route).toBe("UnexpectedBody");
    }
  });

  it("AWS-style tag lists are refused with a message saying tags are a map, nothing stored", async () => {
    const tags = [{ Key: "team", Value: "a" }];
    const created = await call(createSecret, {
      method: "POST",
      route: "/secrets",
      body: JSON.stringify({ name: "app/inputs/tagged", value: "v-inputs-tagged", tags }),
    });
    expect(created.status).toBe(400);
    expect(created.body.error?.message).toContain(
      'tags: expected an object of tag keys to values, e.g. {"team": "a"}',
    );
    const updated = await call(updateSecret, {
      method: "PATCH",
      route: "/secrets/{id}",
      ...id,
      body: JSON.stringify({ description: "after", addTags: tags }),
    });
    expect(updated.body.error?.message).toContain("body.addTags: expected an object of tag keys");
    const described = await local.client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(described.Description).toBe("before");
    const missing = await local.client
      .send(new DescribeSecretCommand({ SecretId: "app/inputs/tagged" }))
      .catch((error: Error) => error.name);
    expect(missing).toBe("ResourceNotFoundException");
  });

  it("what a route does take still works: a DELETE with its window in the query", async () => {
    const answer = await call(deleteSecret, {
      method: "DELETE",
      route: "/secrets/{id}",
      ...id,
      query: { recoveryWindowInDays: "7" },
    });
    expect(answer.status).toBe(200);
    const restored = await call(restoreSecret, { method: "POST", route: "/secrets/{id}/restore", ...id });
    expect(restored.status).toBe(200);
  });
});
