/**
 * Group commit: concurrent requests share one transaction (one commit for many writes), each in its own
 * savepoint, so a refusal in the middle of a batch changes nothing and costs the others nothing. That an
 * answered write survives SIGKILL: kill-restart.test.ts and tests/reliability/durability.long.test.ts.
 */

import { randomUUID } from "node:crypto";
import { Agent } from "node:http";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../../local/core/index";
import type { CoreOptions, SecretsCore } from "../../../local/core/types";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { sendRequest } from "../../support/raw-http";
import { rememberTestSecret } from "../../support/redaction-registry";

describe("group commit", () => {
  let local: TestEndpoint;
  /** How many operations each transaction held. */
  const batches: number[] = [];
  beforeAll(async () => {
    local = await startTestEndpoint({
      createCore: (options: CoreOptions): SecretsCore => {
        const core = createCore(options);
        let operations: number | undefined;
        return {
          ...core,
          dispatch(operation, input, context) {
            if (operations !== undefined) operations += 1;
            return core.dispatch(operation, input, context);
          },
          batch(work) {
            operations = 0;
            try {
              return core.batch(work);
            } finally {
              batches.push(operations);
              operations = undefined;
            }
          },
        };
      },
    });
  });
  afterAll(async () => {
    await local?.close();
  });

  it("commits concurrent writes together, and refuses one without undoing the others", async () => {
    await local.client.send(new CreateSecretCommand({ Name: "batch/taken", SecretString: "first" }));
    const names = Array.from({ length: 12 }, (_, i) => `batch/secret-${i}`);
    const values = names.map((name) => rememberTestSecret(`${name}-value-9f3a`));
    // Raw requests over open keep-alive connections, all written at once (the SDK signs each request
    // asynchronously, so its requests leave one by one): they reach the endpoint in one turn of its loop.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const target = new URL(local.url);
    const call = (operation: string, input: unknown) => {
      const body = JSON.stringify(input);
      return sendRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: "POST",
          path: "/",
          headers: {
            "x-amz-target": `secretsmanager.${operation}`,
            "content-type": "application/x-amz-json-1.1",
            "content-length": Buffer.byteLength(body),
          },
        },
        body,
      );
    };
    await Promise.all(Array.from({ length: 16 }, () => call("ListSecrets", {})));
    const create = (name: string, value: string) =>
      call("CreateSecret", { Name: name, SecretString: value, ClientRequestToken: randomUUID() });
    batches.length = 0;
    const answers = await Promise.all([
      ...names.map((name, i) => create(name, values[i] as string)),
      create("batch/taken", "second"),
      create("batch/bad name!", "x"),
    ]);
    agent.destroy();
    expect(answers.map((answer) => answer.status)).toEqual([...names.map(() => 200), 400, 400]);
    expect(Math.max(...batches)).toBeGreaterThan(1);

    const listed = await local.client.send(new ListSecretsCommand({ MaxResults: 100 }));
    expect(listed.SecretList?.map((secret) => secret.Name).sort()).toEqual(["batch/taken", ...names].sort());
    const taken = await local.client.send(new GetSecretValueCommand({ SecretId: "batch/taken" }));
    expect(taken.SecretString).toBe("first");
    for (const [i, name] of names.entries()) {
      const got = await local.client.send(new GetSecretValueCommand({ SecretId: name }));
      expect(got.SecretString === values[i]).toBe(true);
    }
  });

  it("keeps each operation of a batch in order: a later put sees an earlier one", async () => {
    await local.client.send(new CreateSecretCommand({ Name: "batch/ordered", SecretString: "v0" }));
    const token = "00000000-0000-4000-8000-000000000042";
    const [first, reused] = await Promise.allSettled([
      local.client.send(
        new PutSecretValueCommand({
          SecretId: "batch/ordered",
          SecretString: "v1",
          ClientRequestToken: token,
        }),
      ),
      local.client.send(
        new PutSecretValueCommand({
          SecretId: "batch/ordered",
          SecretString: "v2",
          ClientRequestToken: token,
        }),
      ),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(reused.status).toBe("rejected");
    const current = await local.client.send(new GetSecretValueCommand({ SecretId: "batch/ordered" }));
    expect([current.VersionId, current.SecretString]).toEqual([token, "v1"]);
  });
});
