/**
 * What each HTTP function's cold start invokes: its event, the Secrets Manager calls its baseline makes (the
 * same calls the function makes for that event), and what must be true of the store before a run (a
 * secret to delete, one to restore).
 */
import {
  DeleteSecretCommand,
  RestoreSecretCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { httpEvent } from "../../tests/support/lambda-event";

export const COLD_SECRET = "app/bench/cold";
export const DELETE_SECRET = "app/bench/cold-delete";
export const RESTORE_SECRET = "app/bench/cold-restore";
export const TOKEN_SECRET = "secrets-api/token";
export const ROTATION_LAMBDA_ARN = "arn:aws:lambda:us-east-1:000000000000:function:bench-rotation";

/** One Secrets Manager call of a baseline: the command's name and its input for run `run`. */
export interface BaselineCall {
  command: string;
  input(run: number): Record<string, unknown>;
}

export interface ColdCase {
  fn: string;
  event(run: number, token: string): unknown;
  calls: BaselineCall[];
  prepare?(client: SecretsManagerClient): Promise<void>;
}

/** A version id of the baseline's own, so its label moves name a version it made (UUID-shaped). */
const baselineVersion = (run: number) => `00000000-0000-4000-8000-${String(run).padStart(12, "0")}`;

function routeEvent(routeKey: string, id?: string, body?: unknown, query?: Record<string, string>) {
  const [method = "GET", route = "/"] = routeKey.split(" ");
  return httpEvent({
    method,
    route,
    ...(id ? { pathParameters: { id } } : {}),
    query,
    headers: { "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

const quietly = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch {
    // already in the wanted state
  }
};

export const COLD_CASES: ColdCase[] = [
  {
    fn: "authorizer",
    event: (_run, token) =>
      httpEvent({ method: "GET", route: "/secrets", headers: { authorization: `Bearer ${token}` } }),
    // The token reader's cold read: DescribeSecret (labels, dates), then AWSCURRENT's value.
    calls: [
      { command: "DescribeSecret", input: () => ({ SecretId: TOKEN_SECRET }) },
      { command: "GetSecretValue", input: () => ({ SecretId: TOKEN_SECRET }) },
    ],
  },
  // GET /me answers from the authorizer's context alone: its baseline only makes the client.
  { fn: "getMe", event: () => routeEvent("GET /me"), calls: [] },
  {
    fn: "createSecret",
    event: (run) =>
      routeEvent("POST /secrets", undefined, {
        name: `app/bench/new-fn-${run}-${process.hrtime.bigint()}`,
        value: { k: "v" },
      }),
    calls: [
      {
        command: "CreateSecret",
        input: (run) => ({
          Name: `app/bench/new-base-${run}-${process.hrtime.bigint()}`,
          SecretString: '{"k":"v"}',
        }),
      },
    ],
  },
  {
    fn: "listSecrets",
    event: () => routeEvent("GET /secrets"),
    calls: [{ command: "ListSecrets", input: () => ({}) }],
  },
  {
    fn: "describeSecret",
    event: () => routeEvent("GET /secrets/{id}", COLD_SECRET),
    calls: [{ command: "DescribeSecret", input: () => ({ SecretId: COLD_SECRET }) }],
  },
  {
    fn: "getSecretValue",
    event: () => routeEvent("GET /secrets/{id}/value", COLD_SECRET),
    calls: [{ command: "GetSecretValue", input: () => ({ SecretId: COLD_SECRET }) }],
  },
  {
    fn: "putSecretValue",
    event: (run) => routeEvent("PUT /secrets/{id}/value", COLD_SECRET, { value: { run } }),
    // First the rotation-in-progress check (shared/http/rotation-in-progress.ts), then the write.
    calls: [
      { command: "ListSecretVersionIds", input: () => ({ SecretId: COLD_SECRET, MaxResults: 100 }) },
      {
        command: "PutSecretValue",
        input: (run) => ({ SecretId: COLD_SECRET, SecretString: JSON.stringify({ run }) }),
      },
    ],
  },
  {
    fn: "patchSecretValue",
    event: (run) => routeEvent("PATCH /secrets/{id}/value", COLD_SECRET, { set: { run } }),
    // PATCH checks no rotation is in progress, reads the value, stores the merged one under a claim label,
    // moves AWSCURRENT onto it and drops the claim (shared/http/conditional-put.ts): five calls, and so
    // five here.
    calls: [
      { command: "ListSecretVersionIds", input: () => ({ SecretId: COLD_SECRET, MaxResults: 100 }) },
      { command: "GetSecretValue", input: () => ({ SecretId: COLD_SECRET }) },
      {
        command: "PutSecretValue",
        input: (run) => ({
          SecretId: COLD_SECRET,
          SecretString: JSON.stringify({ run }),
          ClientRequestToken: baselineVersion(run),
          VersionStages: ["bench-claim"],
        }),
      },
      {
        command: "UpdateSecretVersionStage",
        input: (run) => ({
          SecretId: COLD_SECRET,
          VersionStage: "bench-claim",
          MoveToVersionId: baselineVersion(run),
        }),
      },
      {
        command: "UpdateSecretVersionStage",
        input: (run) => ({
          SecretId: COLD_SECRET,
          VersionStage: "bench-claim",
          RemoveFromVersionId: baselineVersion(run),
        }),
      },
    ],
  },
  {
    fn: "updateSecret",
    event: (run) => routeEvent("PATCH /secrets/{id}", COLD_SECRET, { description: `run ${run}` }),
    calls: [
      { command: "UpdateSecret", input: (run) => ({ SecretId: COLD_SECRET, Description: `run ${run}` }) },
    ],
  },
  {
    fn: "deleteSecret",
    event: () => routeEvent("DELETE /secrets/{id}", DELETE_SECRET, undefined, { recoveryWindowInDays: "7" }),
    calls: [{ command: "DeleteSecret", input: () => ({ SecretId: DELETE_SECRET, RecoveryWindowInDays: 7 }) }],
    prepare: (client) => quietly(client.send(new RestoreSecretCommand({ SecretId: DELETE_SECRET }))),
  },
  {
    fn: "restoreSecret",
    event: () => routeEvent("POST /secrets/{id}/restore", RESTORE_SECRET),
    calls: [{ command: "RestoreSecret", input: () => ({ SecretId: RESTORE_SECRET }) }],
    prepare: (client) =>
      quietly(client.send(new DeleteSecretCommand({ SecretId: RESTORE_SECRET, RecoveryWindowInDays: 7 }))),
  },
  {
    fn: "rotateSecret",
    event: () =>
      routeEvent("POST /secrets/{id}/rotate", COLD_SECRET, {
        rotateImmediately: false,
        rotationLambdaArn: ROTATION_LAMBDA_ARN,
        rotationRules: { automaticallyAfterDays: 30 },
      }),
    // Setting the schedule only, the route reads the settings back to answer them: two calls.
    calls: [
      {
        command: "RotateSecret",
        input: () => ({
          SecretId: COLD_SECRET,
          RotateImmediately: false,
          RotationLambdaARN: ROTATION_LAMBDA_ARN,
          RotationRules: { AutomaticallyAfterDays: 30 },
        }),
      },
      { command: "DescribeSecret", input: () => ({ SecretId: COLD_SECRET }) },
    ],
  },
  {
    fn: "listSecretVersions",
    event: () => routeEvent("GET /secrets/{id}/versions", COLD_SECRET),
    calls: [{ command: "ListSecretVersionIds", input: () => ({ SecretId: COLD_SECRET }) }],
  },
];
