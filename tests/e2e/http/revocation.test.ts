/**
 * Rotation and revocation that hold, through real HTTP (`serverless offline`, the authorizer in front;
 * rotations by RotateSecret, the local endpoint invoking `rotationGeneric` through offline): the issue's
 * revocation sequence on the admin token, a rollback by hand, the grace after a scheduled rotation, a
 * client's token rotated under load with no refusal, disable and enable, and the clients CLI and
 * `npm run rotate-token` printing each new token once. Cache 1 s, grace 6 s.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateClient, setClientDisabled } from "../../../local/api-clients.js";
import {
  CLIENTS_SECRET_PREFIX,
  type HttpStack,
  startHttpStack,
  TOKEN_SECRET_ID,
} from "../../support/http-stack.js";
import { REPO } from "../../support/paths.js";
import { rememberTestSecret } from "../../support/redaction-registry.js";

const CACHE_MS = 1_000;
const GRACE_MS = 6_000;
/** RFC 6750 token68, and nothing a shell treats specially: what every token this service makes is. */
const TOKEN68_SHELL_SAFE = /^[A-Za-z0-9.-]+$/;
const run = promisify(execFile);

let stack: HttpStack;
const rotationArn =
  "arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-rotationGeneric";

beforeAll(async () => {
  stack = await startHttpStack({ env: { API_TOKEN_CACHE_SECONDS: "1", API_TOKEN_GRACE_SECONDS: "6" } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const statusWith = async (token: string) => (await stack.apiWith(token).GET("/me")).response.status;

/** Polls until `token` answers `status`; the time it took, in ms. */
async function timeUntil(token: string, status: number, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await statusWith(token)) === status) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${status} within ${timeoutMs} ms`);
}

const currentToken = async (secretId: string) => {
  const { SecretString } = await stack.client.send(new GetSecretValueCommand({ SecretId: secretId }));
  return rememberTestSecret((JSON.parse(SecretString ?? "{}") as { token: string }).token);
};
const rotate = async (name: string) =>
  rememberTestSecret(await rotateClient({ client: stack.client }, name, { rotationLambdaArn: rotationArn }));

describe("revocation", () => {
  it("the issue's sequence: rotate T1 to T2, emergency put of T3: T2 and T1 are refused within the cache time", async () => {
    const t1 = stack.token;
    const t2 = await rotate("admin");
    expect(t2).toMatch(/^admin\.[A-Za-z0-9]{40}$/);
    expect(await statusWith(t2)).toBe(200);
    // A scheduled rotation: T1 keeps working inside the grace.
    expect(await statusWith(t1)).toBe(200);
    const t3 = rememberTestSecret(`admin.${"E".repeat(20)}${"m3".repeat(10)}`);
    await stack.client.send(
      new PutSecretValueCommand({ SecretId: TOKEN_SECRET_ID, SecretString: JSON.stringify({ token: t3 }) }),
    );
    expect(await timeUntil(t3, 200)).toBeLessThan(CACHE_MS + 1_500);
    // finishSecret took AWSPENDING off T2's version and the put moved AWSPREVIOUS onto it: no label is
    // left for the operator to clear.
    const stagesNow = async () =>
      (await stack.client.send(new DescribeSecretCommand({ SecretId: TOKEN_SECRET_ID })))
        .VersionIdsToStages ?? {};
    const t2Version = Object.entries(await stagesNow()).find(([, stages]) =>
      stages.includes("AWSPREVIOUS"),
    )?.[0];
    expect(Object.values(await stagesNow()).flat()).not.toContain("AWSPENDING");
    // A leftover AWSPENDING beside AWSPREVIOUS (as a rotation function that leaves AWSPENDING, and a put
    // that keeps it, would make), staged by hand: T2 must not come back through it.
    await stack.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: TOKEN_SECRET_ID,
        VersionStage: "AWSPENDING",
        MoveToVersionId: t2Version,
      }),
    );
    expect((await stagesNow())[t2Version ?? ""]?.sort()).toEqual(["AWSPENDING", "AWSPREVIOUS"]);
    expect(await timeUntil(t2, 401)).toBeLessThan(CACHE_MS + 1_500);
    expect(await statusWith(t1)).toBe(401);
    // Past the cache time, so the authorizer has read the secret with the leftover in place.
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 200));
    for (let i = 0; i < 5; i += 1) expect(await statusWith(t2)).toBe(401);
    // The operator's last step: AWSPENDING off T2's version, or Secrets Manager refuses the next rotation
    // ("a previous rotation isn't complete"). Until then it was never a way in.
    await stack.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: TOKEN_SECRET_ID,
        VersionStage: "AWSPENDING",
        RemoveFromVersionId: t2Version,
      }),
    );
  }, 60_000);

  it("a rollback of AWSCURRENT by hand revokes the same way", async () => {
    const t1 = await stack.addClient("roll", ["read:app/roll/"]);
    const secretId = `${CLIENTS_SECRET_PREFIX}roll`;
    const before = await stack.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    const v1 = Object.keys(before.VersionIdsToStages ?? {})[0] ?? "";
    const t2 = await rotate("roll");
    const after = await stack.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    const v2 = Object.entries(after.VersionIdsToStages ?? {}).find(([, stages]) =>
      stages.includes("AWSCURRENT"),
    )?.[0];
    expect(await statusWith(t2)).toBe(200);
    await stack.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: v1,
        RemoveFromVersionId: v2,
      }),
    );
    expect(await timeUntil(t2, 401)).toBeLessThan(CACHE_MS + 1_500);
    expect(await statusWith(t1)).toBe(200);
  }, 60_000);

  it("after a scheduled rotation the previous token works inside the grace period, and not after it", async () => {
    const t1 = await stack.addClient("grace", ["read:app/grace/"]);
    const t2 = await rotate("grace");
    const { LastRotatedDate } = await stack.client.send(
      new DescribeSecretCommand({ SecretId: `${CLIENTS_SECRET_PREFIX}grace` }),
    );
    const graceEnds = (LastRotatedDate?.getTime() ?? 0) + GRACE_MS;
    expect(graceEnds - Date.now()).toBeGreaterThan(2_000);
    expect(await statusWith(t1)).toBe(200);
    expect(await statusWith(t2)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnds - Date.now() - 1_000)));
    expect(await statusWith(t1)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnds - Date.now() + 200)));
    expect(await statusWith(t1)).toBe(401);
    expect(await statusWith(t2)).toBe(200);
  }, 60_000);

  it("a disabled client is refused within the cache time, and works again once enabled", async () => {
    const token = await stack.addClient("toggle", ["read:app/toggle/"]);
    expect(await statusWith(token)).toBe(200);
    await setClientDisabled({ client: stack.client }, "toggle", true);
    expect(await timeUntil(token, 401)).toBeLessThan(CACHE_MS + 1_500);
    await setClientDisabled({ client: stack.client }, "toggle", false);
    expect(await timeUntil(token, 200)).toBeLessThan(CACHE_MS + 1_500);
  }, 30_000);

  it("an unusable value is never kept: once fixed, the token works at once", async () => {
    const token = await stack.addClient("broken", ["read:app/broken/"]);
    const secretId = `${CLIENTS_SECRET_PREFIX}broken`;
    const good =
      (await stack.client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? "";
    await stack.client.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: "not json at all" }),
    );
    // No verdict (serverless offline answers every authorizer error 401; API Gateway would answer 500).
    await timeUntil(token, 401);
    await stack.client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: good }));
    expect(await timeUntil(token, 200)).toBeLessThan(1_500);
    expect(
      stack.auditRecords().some((record) => record.code === "ClientRecordUnusable" && record.status === 500),
    ).toBe(true);
  }, 30_000);
});

describe("a client's token rotated under load", () => {
  it("is never refused: the old token until the client re-reads its secret, then the new one", async () => {
    const secretId = `${CLIENTS_SECRET_PREFIX}loaded`;
    let token = await stack.addClient("loaded", ["read:app/loaded/"]);
    const statuses: number[] = [];
    let rotating = true;
    const versions = { params: { path: { id: "app/loaded/db" } } };
    const client = (async () => {
      let rereadAt = Date.now() + 500;
      while (rotating) {
        const { response } = await stack
          .apiWith(token, { unaudited: true })
          .GET("/secrets/{id}/versions", versions);
        statuses.push(response.status);
        // The client re-reads its own secret twice a second, as its principal may (docs/http-api.md).
        if (Date.now() >= rereadAt) {
          token = await currentToken(secretId);
          rereadAt = Date.now() + 500;
        }
      }
    })();
    const rotated: string[] = [];
    // Rotations further apart than the client's re-reads (in life they are days apart).
    for (let i = 0; i < 3; i += 1) {
      rotated.push(await rotate("loaded"));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    rotating = false;
    await client;
    expect(statuses.length).toBeGreaterThan(20);
    // 404: the secret app/loaded/db does not exist; what matters is that the authorizer let every call in.
    expect(statuses.filter((status) => status !== 404)).toEqual([]);
    for (const value of rotated) {
      expect(value).toMatch(TOKEN68_SHELL_SAFE);
      expect(value).toMatch(/^loaded\.[A-Za-z0-9]{40}$/);
    }
    expect(new Set(rotated).size).toBe(3);
  }, 90_000);
});

describe("the CLIs print each new token once", () => {
  const cli = async (script: string, args: string[]) => {
    const port = new URL(stack.endpoint.url).port;
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", join(REPO, "local", script), ...args, "--secrets-port", port],
      {
        cwd: REPO,
        env: { ...process.env, SECRETS_PREFIX: "app/", API_CLIENTS_SECRET_PREFIX: CLIENTS_SECRET_PREFIX },
        timeout: 60_000,
      },
    );
    return stdout;
  };
  const tokensIn = (output: string) =>
    [...output.matchAll(/^token: (\S+)$/gm)].map((match) => rememberTestSecret(match[1] ?? ""));

  it("npm run clients: add, list, show, rotate, rotate --revoke, disable, enable, remove", async () => {
    const added = await cli("clients.ts", [
      "add",
      "cli-team",
      "--scope",
      "read:app/cli-team/",
      "--scope",
      "write:app/cli-team/",
    ]);
    const [first, ...more] = tokensIn(added);
    expect(more).toEqual([]);
    expect(first).toMatch(/^cli-team\.[A-Za-z0-9]{40}$/);
    expect(await statusWith(first ?? "")).toBe(200);
    // The first version needs no rotation to be valid; rotation is on, with rotationGeneric.
    expect(added).toContain("rotation on");

    const listed = await cli("clients.ts", ["list"]);
    expect(listed).toMatch(
      /^cli-team {2}enabled {2}rotation on.* {2}scopes read:app\/cli-team\/ write:app\/cli-team\/$/m,
    );
    expect(listed).not.toContain(first);
    expect(listed).not.toMatch(/token/);
    const shown = await cli("clients.ts", ["show", "cli-team"]);
    expect(shown).toContain("scopes read:app/cli-team/ write:app/cli-team/");
    expect(shown).not.toContain(first);

    const rotatedOutput = await cli("clients.ts", ["rotate", "cli-team"]);
    const [second, ...extra] = tokensIn(rotatedOutput);
    expect(extra).toEqual([]);
    expect(second).not.toBe(first);
    expect(await statusWith(second ?? "")).toBe(200);
    expect(await statusWith(first ?? "")).toBe(200);

    const [third] = tokensIn(await cli("clients.ts", ["rotate", "cli-team", "--revoke"]));
    expect(await timeUntil(third ?? "", 200)).toBeLessThan(CACHE_MS + 1_500);
    expect(await timeUntil(second ?? "", 401)).toBeLessThan(CACHE_MS + 1_500);
    expect(await statusWith(first ?? "")).toBe(401);

    await cli("clients.ts", ["disable", "cli-team"]);
    await timeUntil(third ?? "", 401);
    expect(await cli("clients.ts", ["show", "cli-team"])).toContain("disabled");
    await cli("clients.ts", ["enable", "cli-team"]);
    await timeUntil(third ?? "", 200);
    await cli("clients.ts", ["remove", "cli-team"]);
    expect(await timeUntil(third ?? "", 401)).toBeLessThan(CACHE_MS + 6_000);
  }, 180_000);

  it("refuses a bad name or scope with a clear message and no stack", async () => {
    const failure = await cli("clients.ts", ["add", "Bad Name", "--scope", "read:app/x/"]).catch(
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toMatch(/^clients: a client name is 1-64 lower-case letters/m);
    const scope = await cli("clients.ts", ["add", "okname", "--scope", "read:other/"]).catch(
      (error: { stderr: string }) => error.stderr,
    );
    expect(scope).toMatch(/^clients: a scope's prefix must lie inside app\//m);
    expect(`${failure}${scope}`).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("npm run rotate-token prints the new admin token once, and it works", async () => {
    const output = await cli("rotate-token.ts", []);
    const [token, ...more] = tokensIn(output);
    expect(more).toEqual([]);
    expect(token).toMatch(/^admin\.[A-Za-z0-9]{40}$/);
    expect(await statusWith(token ?? "")).toBe(200);
  }, 60_000);
});

describe("the audit trail", () => {
  it("has exactly one record per request, every field set, no value or token in any", () => {
    expect(stack.auditProblems()).toEqual([]);
  });

  it("no captured log line carries a secret value", () => {
    expect(stack.leakedSecrets()).toEqual([]);
  });
});
