/** Bad input on the wire: every refusal is a 400 with the right `__type`, and nothing changes. */
import { CreateSecretCommand, ListSecretsCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClient } from "../../support/client";
import { rawCall, startTestEndpoint, type TestEndpoint } from "../../support/endpoint";

describe("wire protocol: bad input", () => {
  let local: TestEndpoint;
  let snapshot: string;
  const state = async () => {
    const listed = await local.client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    return JSON.stringify(listed.SecretList?.map((s) => [s.ARN, s.Name, s.Description]));
  };
  beforeAll(async () => {
    local = await startTestEndpoint();
    await local.client.send(new CreateSecretCommand({ Name: "wire/existing", SecretString: "v" }));
    snapshot = await state();
  });
  afterAll(async () => {
    await local?.close();
  });

  const cases: Array<[string, Parameters<typeof rawCall>[1], string]> = [
    [
      "malformed JSON",
      { target: "secretsmanager.CreateSecret", body: '{"Name": "wire/x", ' },
      "SerializationException",
    ],
    ["a JSON array", { target: "secretsmanager.CreateSecret", body: '["wire/x"]' }, "SerializationException"],
    ["a JSON string", { target: "secretsmanager.CreateSecret", body: '"wire/x"' }, "SerializationException"],
    ["no X-Amz-Target", { body: '{"Name": "wire/x"}' }, "UnknownOperationException"],
    [
      "an unknown operation",
      { target: "secretsmanager.MakeCoffee", body: "{}" },
      "UnknownOperationException",
    ],
    ["another service's target", { target: "kms.CreateKey", body: "{}" }, "UnknownOperationException"],
    ["a bare prefix", { target: "secretsmanager.", body: "{}" }, "UnknownOperationException"],
    [
      "an unsupported Content-Type",
      { target: "secretsmanager.CreateSecret", body: '{"Name": "wire/x"}', contentType: "text/plain" },
      "SerializationException",
    ],
    [
      "a number where a string goes",
      { target: "secretsmanager.CreateSecret", body: '{"Name": 12345, "SecretString": "v"}' },
      "SerializationException",
    ],
    [
      "an object where a string goes",
      { target: "secretsmanager.CreateSecret", body: '{"Name": "wire/x", "SecretString": {"a": 1}}' },
      "SerializationException",
    ],
  ];

  it.each(cases)("answers 400 for %s", async (_label, init, code) => {
    const answer = await rawCall(local.url, init);
    expect(answer.status).toBe(400);
    expect(answer.json.__type).toBe(code);
    expect(typeof answer.json.Message).toBe("string");
    expect(answer.json).not.toHaveProperty("message");
    expect(answer.headers.get("x-amzn-errortype")).toBe(code);
    expect(await state()).toBe(snapshot);
  });

  it("answers 400 SerializationException for a body over 1 MiB and keeps serving", async () => {
    const name = "wire/big";
    const body = JSON.stringify({ Name: name, SecretString: "a".repeat(1024 * 1024 + 10) });
    const answer = await rawCall(local.url, { target: "secretsmanager.CreateSecret", body });
    expect(answer.status).toBe(400);
    expect(answer.json.__type).toBe("SerializationException");
    expect(await state()).toBe(snapshot);
  });

  it("answers 400 for a chunked body over 1 MiB that declares no length", async () => {
    const chunk = new TextEncoder().encode("a".repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) controller.close();
        else controller.enqueue(chunk);
        sent += 1;
      },
    });
    const response = await fetch(local.url, {
      method: "POST",
      headers: {
        "x-amz-target": "secretsmanager.CreateSecret",
        "content-type": "application/x-amz-json-1.1",
      },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe("SerializationException");
    expect(await state()).toBe(snapshot);
  });

  it("takes an empty body as {} (then validates); refuses application/json and no Content-Type", async () => {
    for (const contentType of ["application/json", "application/x-amz-json-1.0", null]) {
      const refused = await rawCall(local.url, {
        target: "secretsmanager.ListSecrets",
        body: "",
        contentType,
      });
      expect(refused.status).toBe(400);
      expect(refused.json.__type).toBe("SerializationException");
    }
    const listed = await rawCall(local.url, { target: "secretsmanager.ListSecrets", body: "" });
    expect(listed.status).toBe(200);
    expect(Array.isArray(listed.json.SecretList)).toBe(true);
    const missing = await rawCall(local.url, { target: "secretsmanager.GetSecretValue", body: "" });
    expect(missing.status).toBe(400);
    expect(missing.json.__type).toBe("ValidationException");
  });

  it("answers a GET on the API path with 400, not 5xx", async () => {
    const answer = await rawCall(local.url, {
      method: "GET",
      target: "secretsmanager.ListSecrets",
      contentType: null,
    });
    expect(answer.status).toBe(400);
    expect(answer.json.__type).toBe("UnknownOperationException");
  });

  it("takes the region from the SigV4 credential scope and the default account id", async () => {
    const eu = localClient(local.url, { region: "eu-west-3" });
    try {
      const created = await eu.send(new CreateSecretCommand({ Name: "wire/regional", SecretString: "v" }));
      expect(created.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-3:000000000000:secret:wire\/regional-/);
      const usNames = (await local.client.send(new ListSecretsCommand({}))).SecretList?.map((s) => s.Name);
      expect(usNames).not.toContain("wire/regional");
    } finally {
      eu.destroy();
    }
  });

  it("uses LOCAL_ACCOUNT_ID for the account in ARNs when set", async () => {
    const saved = process.env.LOCAL_ACCOUNT_ID;
    process.env.LOCAL_ACCOUNT_ID = "123456789012";
    const other = await startTestEndpoint();
    try {
      const created = await other.client.send(
        new CreateSecretCommand({ Name: "wire/account", SecretString: "v" }),
      );
      expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:wire\/account-/);
    } finally {
      if (saved === undefined) delete process.env.LOCAL_ACCOUNT_ID;
      else process.env.LOCAL_ACCOUNT_ID = saved;
      await other.close();
    }
  });
});
