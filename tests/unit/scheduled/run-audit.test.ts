import {
  InvalidNextTokenException,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  RotateSecretCommand,
  type SecretListEntry,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditConfigFromEnvironment } from "../../../shared/audit/config.js";
import { memoryCursorStore } from "../../../shared/audit/cursor-store.js";
import { deadlineFrom } from "../../../shared/audit/deadline.js";
import { runAudit } from "../../../shared/audit/run-audit.js";
import type { Finding } from "../../../shared/audit/types.js";

const NOW = new Date("2030-06-01T00:00:00Z");
const DAY = 86_400_000;
const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:rotate";

const client = new SecretsManagerClient({ region: "us-east-1" });
const sm = mockClient(client);
const config = auditConfigFromEnvironment({
  SECRETS_PREFIX: "app/",
  AUDIT_CONCURRENCY: "4",
  AUDIT_PAGE_SIZE: "3",
});
const fast = { random: () => 0, sleep: async () => {} };

/** One audit run with this file's config, client, clock and no waiting; a fresh cursor store unless given. */
function audit(options: Partial<Parameters<typeof runAudit>[0]> = {}) {
  return runAudit({ config, client, now: () => NOW, cursorStore: memoryCursorStore(), ...fast, ...options });
}

/** Secret i: every third overdue (with a rotation function unless i % 9 === 0), every fifth unused. */
function entry(i: number): SecretListEntry {
  const name = `app/s${String(i).padStart(3, "0")}`;
  return {
    ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`,
    Name: name,
    CreatedDate: new Date(NOW.getTime() - 40 * DAY),
    RotationEnabled: true,
    RotationLambdaARN: i % 9 === 0 ? undefined : LAMBDA,
    LastRotatedDate: new Date(NOW.getTime() - 10 * DAY),
    NextRotationDate: new Date(NOW.getTime() + (i % 3 === 0 ? -DAY : DAY)),
    LastAccessedDate: new Date(NOW.getTime() - (i % 5 === 0 ? 120 : 1) * DAY),
    SecretVersionsToStages: { v1: ["AWSCURRENT"] },
  };
}

/** Serves `entries` in pages of `size` with tokens "t<offset>", the way ListSecrets does. */
function serveList(entries: SecretListEntry[], size = 3) {
  sm.on(ListSecretsCommand).callsFake((input: { NextToken?: string }) => {
    if (input.NextToken && !/^t\d+$/.test(input.NextToken)) {
      throw new InvalidNextTokenException({ message: "The NextToken value is invalid.", $metadata: {} });
    }
    const offset = input.NextToken ? Number(input.NextToken.slice(1)) : 0;
    const next = offset + size;
    return {
      SecretList: entries.slice(offset, next),
      NextToken: next < entries.length ? `t${next}` : undefined,
    };
  });
}

const sortFindings = (findings: Finding[]) =>
  [...findings].sort((a, b) => `${a.name}${a.type}`.localeCompare(`${b.name}${b.type}`));

beforeEach(() => sm.reset());
afterEach(() => sm.reset());

describe("runAudit", () => {
  const secrets = Array.from({ length: 10 }, (_, i) => entry(i));

  it("pages through every secret under the prefix, oldest first, and reports each finding", async () => {
    serveList(secrets);
    const store = memoryCursorStore();
    const report = await audit({ cursorStore: store });

    const calls = sm.commandCalls(ListSecretsCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(4);
    expect(calls[0]).toEqual({
      MaxResults: 3,
      Filters: [{ Key: "name", Values: ["app/"] }],
      IncludePlannedDeletion: true,
      SortOrder: "asc",
    });
    expect(report).toMatchObject({ complete: true, stopReason: "complete", scanned: 10, run: 1 });
    expect(report.counts).toEqual({
      "rotation-disabled": 0,
      "rotation-overdue": 4,
      "rotation-stuck": 0,
      "deletion-scheduled": 0,
      unused: 2,
    });
    expect(report.findings.filter((f) => f.type === "rotation-overdue").map((f) => f.name)).toEqual([
      "app/s000",
      "app/s003",
      "app/s006",
      "app/s009",
    ]);
    expect(report.apiCalls).toEqual({ ListSecrets: 4 });
    expect(sm.commandCalls(RotateSecretCommand)).toHaveLength(0);
    expect(store.current()).toBeUndefined();
  });

  it("skips names outside the prefix (the name filter is not case-sensitive) and the cursor secret", async () => {
    const outsiders = [
      { ...entry(1), Name: "APP/other" },
      { ...entry(2), Name: config.cursorSecretId },
    ];
    serveList([...secrets.slice(0, 2), ...outsiders]);
    const report = await audit();
    expect(report.scanned).toBe(2);
  });

  it("asks ListSecretVersionIds only for secrets with a pending version, and reports them stuck", async () => {
    const pending = {
      ...entry(1),
      SecretVersionsToStages: { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] },
    };
    serveList([entry(2), pending, entry(4)]);
    sm.on(ListSecretVersionIdsCommand).resolves({
      Versions: [
        { VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: new Date(NOW.getTime() - 9 * DAY) },
        { VersionId: "v2", VersionStages: ["AWSPENDING"], CreatedDate: new Date(NOW.getTime() - 2 * DAY) },
      ],
    });
    const report = await audit();
    expect(sm.commandCalls(ListSecretVersionIdsCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      pending.ARN,
    ]);
    expect(report.findings).toEqual([
      {
        name: "app/s001",
        type: "rotation-stuck",
        evidence: {
          pendingVersionId: "v2",
          pendingSince: new Date(NOW.getTime() - 2 * DAY).toISOString(),
          pendingHours: 48,
        },
      },
    ]);
  });

  it("in enforce mode rotates each overdue secret that has a rotation function, once, with a stable token", async () => {
    // s003 appears twice (a page shifted under the audit): it must still be rotated once.
    serveList([...secrets, entry(3)]);
    sm.on(RotateSecretCommand).callsFake((input: { SecretId: string; ClientRequestToken: string }) => ({
      ARN: input.SecretId,
      VersionId: input.ClientRequestToken,
    }));
    const enforcing = { ...config, enforce: true };
    const report = await audit({ config: enforcing });

    const rotated = sm.commandCalls(RotateSecretCommand).map((call) => call.args[0].input);
    expect(rotated.map((input) => input.SecretId)).toEqual([entry(3).ARN, entry(6).ARN]);
    expect(
      rotated.every(
        (input) =>
          input.RotateImmediately === undefined && /^[0-9a-f-]{36}$/.test(input.ClientRequestToken ?? ""),
      ),
    ).toBe(true);
    expect(report.enforcement).toEqual([
      { name: "app/s000", action: "skipped", reason: "no-rotation-function" },
      { name: "app/s003", action: "rotation-started", versionId: rotated[0]?.ClientRequestToken },
      { name: "app/s006", action: "rotation-started", versionId: rotated[1]?.ClientRequestToken },
      { name: "app/s009", action: "skipped", reason: "no-rotation-function" },
    ]);
  });

  it("stops before its deadline mid-page, saves where it was, and the next run finishes the pass", async () => {
    // Every secret has a pending version, so each costs one ListSecretVersionIds call; each call "takes" 10 s.
    const pendingSecrets = secrets.map((secret) => ({
      ...secret,
      SecretVersionsToStages: { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] },
    }));
    serveList(pendingSecrets);
    sm.on(ListSecretVersionIdsCommand).resolves({
      Versions: [
        { VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: new Date(NOW.getTime() - 9 * DAY) },
        { VersionId: "v2", VersionStages: ["AWSPENDING"], CreatedDate: new Date(NOW.getTime() - 3 * DAY) },
      ],
    });
    const elapsed = () => sm.commandCalls(ListSecretVersionIdsCommand).length * 10_000;
    const deadline = deadlineFrom(() => 60_000 - elapsed(), 10_000);
    const store = memoryCursorStore();
    const serial = { ...config, concurrency: 1 };
    const first = await audit({ config: serial, cursorStore: store, deadline });
    expect(first).toMatchObject({ complete: false, stopReason: "deadline", scanned: 5 });
    expect(store.current()).toMatchObject({ pageToken: "t3", pageOffset: 2, scannedSoFar: 5, runsSoFar: 1 });

    const second = await audit({ cursorStore: store });
    expect(second).toMatchObject({ complete: true, scanned: 5, run: 2, passId: first.passId });
    expect(second.pass.scanned).toBe(10);
    expect(store.current()).toBeUndefined();

    const whole = await audit();
    expect(second.pass.counts).toEqual(whole.counts);
    expect(whole.counts["rotation-stuck"]).toBe(10);
    expect(sortFindings([...first.findings, ...second.findings])).toEqual(sortFindings(whole.findings));
  });

  it("begins the pass again when the saved NextToken is refused", async () => {
    serveList(secrets);
    const store = memoryCursorStore({
      passId: "old-pass",
      passStartedAt: NOW.toISOString(),
      pageToken: "expired",
      pageOffset: 1,
      runsSoFar: 1,
      scannedSoFar: 4,
      countsSoFar: {
        "rotation-disabled": 0,
        "rotation-overdue": 2,
        "rotation-stuck": 0,
        "deletion-scheduled": 0,
        unused: 1,
      },
      rotationsSoFar: 0,
    });
    const report = await audit({ cursorStore: store });
    expect(report).toMatchObject({ restartedPass: true, complete: true, scanned: 10, run: 2 });
    expect(report.pass.scanned).toBe(10);
    expect(report.pass.counts["rotation-overdue"]).toBe(4);
  });

  it("backs off on ThrottlingException and still produces the same report", async () => {
    serveList(secrets);
    const baseline = await audit();

    sm.reset();
    let calls = 0;
    const throttled = new SecretsManagerServiceException({
      name: "ThrottlingException",
      $fault: "client",
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400 },
    });
    sm.on(ListSecretsCommand).callsFake((input: { NextToken?: string }) => {
      calls += 1;
      if (calls % 2 === 1) throw throttled;
      const offset = input.NextToken ? Number(input.NextToken.slice(1)) : 0;
      return {
        SecretList: secrets.slice(offset, offset + 3),
        NextToken: offset + 3 < 10 ? `t${offset + 3}` : undefined,
      };
    });
    const report = await audit();
    expect(report.apiCalls).toEqual({ ListSecrets: 8 });
    expect(report.counts).toEqual(baseline.counts);
    expect(report.findings).toEqual(baseline.findings);
  });

  it("stops with list-failed and keeps its place when ListSecrets keeps failing", async () => {
    sm.on(ListSecretsCommand).rejects(
      new SecretsManagerServiceException({
        name: "InternalServiceError",
        $fault: "server",
        $metadata: { httpStatusCode: 500 },
      }),
    );
    const store = memoryCursorStore();
    const report = await audit({ cursorStore: store });
    expect(report).toMatchObject({ complete: false, stopReason: "list-failed", scanned: 0 });
    expect(report.errors).toEqual([{ name: "", operation: "ListSecrets", code: "InternalServiceError" }]);
    expect(report.apiCalls.ListSecrets).toBe(config.backoff.maxAttempts);
    expect(store.current()).toMatchObject({ pageOffset: 0, runsSoFar: 1 });
  });
});
