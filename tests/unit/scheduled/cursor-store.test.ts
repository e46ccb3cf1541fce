import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAuditCalls } from "../../../shared/audit/calls.js";
import { parseCursor, secretCursorStore } from "../../../shared/audit/cursor-store.js";
import { NO_DEADLINE } from "../../../shared/audit/deadline.js";
import { type AuditCursor, emptyCounts } from "../../../shared/audit/types.js";
import { redactText } from "../../../shared/observability/redaction.js";

const client = new SecretsManagerClient({ region: "us-east-1" });
const sm = mockClient(client);
const calls = () =>
  createAuditCalls({
    limits: {},
    backoff: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    deadline: NO_DEADLINE,
  });
const cursor: AuditCursor = {
  passId: "p-1",
  passStartedAt: "2030-06-01T00:00:00.000Z",
  pageToken: "tok",
  pageOffset: 17,
  runsSoFar: 2,
  scannedSoFar: 1234,
  countsSoFar: { ...emptyCounts(), unused: 5678 },
  rotationsSoFar: 3,
};
const notFound = () => new ResourceNotFoundException({ message: "not found", $metadata: {} });

beforeEach(() => sm.reset());

describe("secretCursorStore", () => {
  it("reads no cursor when the state secret does not exist yet, and creates it on first save", async () => {
    sm.on(GetSecretValueCommand).rejects(notFound());
    sm.on(PutSecretValueCommand).rejects(notFound());
    sm.on(CreateSecretCommand).resolves({});
    const store = secretCursorStore("secrets-audit/cursor", { client, calls: calls() });
    expect(await store.load()).toBeUndefined();
    await store.save(cursor);
    const created = sm.commandCalls(CreateSecretCommand)[0]?.args[0].input;
    expect(created?.Name).toBe("secrets-audit/cursor");
    expect(JSON.parse(created?.SecretString ?? "")).toEqual(cursor);
  });

  it("round-trips a cursor, and a cleared one reads as none", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(cursor) });
    sm.on(PutSecretValueCommand).resolves({});
    const store = secretCursorStore("secrets-audit/cursor", { client, calls: calls() });
    expect(await store.load()).toEqual(cursor);
    await store.clear();
    expect(sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input.SecretString).toBe("{}");
    expect(parseCursor("{}")).toBeUndefined();
    expect(parseCursor("not json")).toBeUndefined();
  });

  it("does not register the cursor for redaction, so the report's numbers stay readable", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(cursor) });
    await secretCursorStore("secrets-audit/cursor", { client, calls: calls() }).load();
    expect(redactText('{"scanned":1234,"unused":5678}')).toBe('{"scanned":1234,"unused":5678}');
  });
});
