/**
 * `GET /secrets` answers each secret's rotationState, and it agrees with what the scheduled audit finds
 * for the same secret at the same moment: one secret in each state, on the local endpoint, the list
 * route's real handler in-process beside the real audit.
 */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as listSecrets } from "../../../functions/http/list-secrets";
import type { RotationState } from "../../../shared/audit/rotation-state";
import type { AuditReport, FindingType } from "../../../shared/audit/types";
import { type AuditWorld, ROTATE_ARN, startAuditWorld } from "../../support/audit-world";
import { httpEvent, lambdaContext } from "../../support/lambda-event";

const POLICY = { AUDIT_STUCK_AFTER_HOURS: "24", AUDIT_MAX_ROTATION_AGE_DAYS: "90" };
const STATES: Record<string, RotationState["state"]> = {
  "app/state/ok": "ok",
  "app/state/never": "never rotated",
  "app/state/overdue": "overdue",
  "app/state/stuck": "stuck",
  "app/state/rotating": "rotating",
  "app/state/deleting": "deleting",
};
/** What the audit finds on a secret in each state (the same rules, seen from the report). */
const FINDINGS: Record<RotationState["state"], FindingType[]> = {
  ok: [],
  "never rotated": [],
  overdue: ["rotation-overdue"],
  stuck: ["rotation-stuck"],
  rotating: [],
  deleting: ["deletion-scheduled"],
};

describe("rotationState in GET /secrets, against the audit's findings", () => {
  let world: AuditWorld;
  let report: AuditReport;
  let listed: Record<string, RotationState>;
  const value = (name: string) => JSON.stringify({ username: name, password: `pw-${Math.random()}` });
  const putPending = (name: string) =>
    world.client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: value(name), VersionStages: ["AWSPENDING"] }),
    );

  beforeAll(async () => {
    world = await startAuditWorld();
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = world.test.url;
    Object.assign(process.env, POLICY);
    for (const name of Object.keys(STATES))
      await world.client.send(new CreateSecretCommand({ Name: name, SecretString: value(name) }));
    // ok: rotated now, every 30 days. overdue: due every day. stuck and rotating: a rotation that died after
    // createSecret left its AWSPENDING behind (stuck 25 hours ago, rotating a moment ago).
    await world.client.send(
      new RotateSecretCommand({
        SecretId: "app/state/ok",
        RotationLambdaARN: ROTATE_ARN,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    for (const [name, days] of [
      ["app/state/overdue", 1],
      ["app/state/stuck", 30],
      ["app/state/rotating", 30],
    ] as const)
      await world.client.send(
        new RotateSecretCommand({
          SecretId: name,
          RotationLambdaARN: ROTATE_ARN,
          RotationRules: { AutomaticallyAfterDays: days },
          RotateImmediately: false,
        }),
      );
    await world.settle();
    await putPending("app/state/stuck");
    await world.client.send(
      new DeleteSecretCommand({ SecretId: "app/state/deleting", RecoveryWindowInDays: 7 }),
    );
    world.advanceHours(25);
    await putPending("app/state/rotating");

    report = await world.audit(POLICY);
    const answer = await listSecrets(
      httpEvent({
        method: "GET",
        route: "/secrets",
        query: { namePrefix: "app/state/", includePlannedDeletion: "true" },
      }),
      lambdaContext("listSecrets"),
    );
    expect(answer).toMatchObject({ statusCode: 200 });
    const body = JSON.parse((answer as { body: string }).body) as {
      secrets: { name: string; rotationState: RotationState }[];
    };
    listed = Object.fromEntries(body.secrets.map((entry) => [entry.name, entry.rotationState]));
  }, 60_000);

  afterAll(() => world?.close());

  it.each(Object.entries(STATES))("%s is %s, as the audit finds it", (name, state) => {
    expect(listed[name]?.state).toBe(state);
    const found = report.findings.filter((finding) => finding.name === name).map((finding) => finding.type);
    expect(found.filter((type) => type !== "unused")).toEqual(FINDINGS[state]);
  });

  it("gives a deleting secret the date its deletion was scheduled", () => {
    const deletedDate = listed["app/state/deleting"]?.deletedDate ?? "";
    const finding = report.findings.find(
      (f) => f.name === "app/state/deleting" && f.type === "deletion-scheduled",
    );
    expect(deletedDate).toBe(finding?.evidence.deletedDate);
  });
});
