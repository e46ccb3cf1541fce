/**
 * Who may do what, end to end through real HTTP (`serverless offline`, the authorizer in front) to the
 * local endpoint: the decision table (every route × allowed, wrong action, wrong prefix, prefix sibling,
 * disabled client, unknown client, no token; for two clients with different scopes), list showing each
 * client only its names, `GET /me`, the override header refused on every route, and one audit record
 * per request with no value or token in any.
 */
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClientDisabled } from "../../../local/api-clients.js";
import { type HttpStack, localLambdaArn, secretPath, startHttpStack } from "../../support/http-stack.js";
import { rememberTestSecret } from "../../support/redaction-registry.js";

let api: HttpStack;

/** One client of the table: its own prefix (every action), one read-only and one write-only prefix. */
interface TableClient {
  name: string;
  token: string;
  offToken: string;
  own: string;
  readOnly: string;
  writeOnly: string;
  other: string;
  sibling: string;
}

const clients: Record<"a" | "b", TableClient> = {} as never;

const scopesOf = (own: string, readOnly: string, writeOnly: string) => [
  ...["read", "write", "delete", "rotate"].map((action) => `${action}:${own}`),
  `read:${readOnly}`,
  `write:${writeOnly}`,
];

async function seed(name: string): Promise<void> {
  const value = JSON.stringify({ username: "svc", password: rememberTestSecret(`pw-${name}-${Date.now()}`) });
  await api.client.send(new CreateSecretCommand({ Name: name, SecretString: rememberTestSecret(value) }));
}

beforeAll(async () => {
  api = await startHttpStack();
  for (const [key, team, other] of [
    ["a", "team-a", "team-b"],
    ["b", "team-b", "team-a"],
  ] as const) {
    const own = `app/${team}/`;
    const readOnly = `app/${team}-ro/`;
    const writeOnly = `app/${team}-wo/`;
    const token = await api.addClient(team, scopesOf(own, readOnly, writeOnly));
    const offToken = await api.addClient(`${team}-off`, scopesOf(own, readOnly, writeOnly));
    await setClientDisabled({ client: api.client }, `${team}-off`, true);
    clients[key] = {
      name: team,
      token,
      offToken,
      own,
      readOnly,
      writeOnly,
      other: `app/${other}/`,
      sibling: `app/${team}x/`,
    };
    for (const prefix of [own, readOnly, writeOnly, `app/${team}x/`]) await seed(`${prefix}db`);
  }
}, 180_000);

afterAll(async () => {
  await api?.stop();
});

type Case =
  | "allowed"
  | "wrong action"
  | "wrong prefix"
  | "prefix sibling"
  | "disabled client"
  | "unknown client"
  | "no token";
const CASES: Case[] = [
  "allowed",
  "wrong action",
  "wrong prefix",
  "prefix sibling",
  "disabled client",
  "unknown client",
  "no token",
];

interface Route {
  name: string;
  method: string;
  action: "read" | "write" | "delete" | "rotate" | "none";
  /** The path and body for a request on `prefix` (`n` makes names unique). */
  request(prefix: string, n: number): { path: string; body?: unknown };
  success: number;
}

const onDb = (suffix: string) => (prefix: string) => ({ path: secretPath(`${prefix}db`, suffix) });
const ROUTES: Route[] = [
  {
    name: "createSecret",
    method: "POST",
    action: "write",
    request: (prefix, n) => ({
      path: "/secrets",
      body: { name: `${prefix}new-${n}`, value: { note: `created-${n}` } },
    }),
    success: 201,
  },
  {
    name: "listSecrets",
    method: "GET",
    action: "read",
    request: (prefix) => ({ path: `/secrets?namePrefix=${prefix}` }),
    success: 200,
  },
  { name: "describeSecret", method: "GET", action: "read", request: onDb(""), success: 200 },
  { name: "getSecretValue", method: "GET", action: "read", request: onDb("/value"), success: 200 },
  {
    name: "putSecretValue",
    method: "PUT",
    action: "write",
    request: (prefix, n) => ({
      path: secretPath(`${prefix}db`, "/value"),
      body: { value: { username: "svc", password: `put-password-${n}` } },
    }),
    success: 200,
  },
  {
    name: "patchSecretValue",
    method: "PATCH",
    action: "write",
    request: (prefix, n) => ({
      path: secretPath(`${prefix}db`, "/value"),
      body: { set: { note: `patched-${n}` } },
    }),
    success: 200,
  },
  {
    name: "updateSecret",
    method: "PATCH",
    action: "write",
    request: (prefix, n) => ({ path: secretPath(`${prefix}db`), body: { description: `updated ${n}` } }),
    success: 200,
  },
  {
    name: "deleteSecret",
    method: "DELETE",
    action: "delete",
    request: onDb("?recoveryWindowInDays=7"),
    success: 200,
  },
  { name: "restoreSecret", method: "POST", action: "delete", request: onDb("/restore"), success: 200 },
  {
    name: "rotateSecret",
    method: "POST",
    action: "rotate",
    request: (prefix) => ({
      path: secretPath(`${prefix}db`, "/rotate"),
      body: {
        rotateImmediately: false,
        rotationLambdaArn: localLambdaArn("rotationGeneric"),
        rotationRules: { automaticallyAfterDays: 30 },
      },
    }),
    success: 200,
  },
  { name: "listSecretVersions", method: "GET", action: "read", request: onDb("/versions"), success: 200 },
  { name: "getMe", method: "GET", action: "none", request: () => ({ path: "/me" }), success: 200 },
];

/** The expected status of a cell: success, 403 ScopeDenied, or 401 from the authorizer. */
function expected(route: Route, cell: Case): number {
  if (cell === "allowed") return route.success;
  if (cell === "disabled client" || cell === "unknown client" || cell === "no token") return 401;
  // GET /me names no secret: scopes do not enter into it.
  return route.action === "none" ? route.success : 403;
}

function target(client: TableClient, route: Route, cell: Case): string {
  if (cell === "wrong action") return route.action === "read" ? client.writeOnly : client.readOnly;
  if (cell === "wrong prefix") return client.other;
  if (cell === "prefix sibling") return client.sibling;
  return client.own;
}

function tokenFor(client: TableClient, cell: Case): string | null {
  if (cell === "no token") return null;
  if (cell === "disabled client") return client.offToken;
  if (cell === "unknown client") return `ghost.${"Q".repeat(40)}`;
  return client.token;
}

describe("the decision table", () => {
  it("answers every route × case for two clients with the expected status", async () => {
    const table: string[] = [];
    const wanted: string[] = [];
    let n = 0;
    for (const client of Object.values(clients)) {
      for (const route of ROUTES) {
        for (const cell of CASES) {
          n += 1;
          const { path, body } = route.request(target(client, route, cell), n);
          if (body && JSON.stringify(body).includes("password")) api.rememberSecret(`put-password-${n}`);
          const answer = await api.call(route.method, path, {
            token: tokenFor(client, cell),
            ...(body ? { body } : {}),
          });
          const code =
            answer.status === 403 ? ` ${(answer.json.error as { code?: string } | undefined)?.code}` : "";
          table.push(`${client.name} ${route.name} ${cell}: ${answer.status}${code}`);
          const status = expected(route, cell);
          wanted.push(
            `${client.name} ${route.name} ${cell}: ${status}${status === 403 ? " ScopeDenied" : ""}`,
          );
        }
      }
    }
    expect(table).toEqual(wanted);
  }, 180_000);

  it("refuses alike whether the secret exists or not, naming only the action", async () => {
    const a = clients.a;
    const existing = await api.call("GET", secretPath(`${a.other}db`, "/value"), { token: a.token });
    const missing = await api.call("GET", secretPath(`${a.other}no-such-secret`, "/value"), {
      token: a.token,
    });
    expect(existing.status).toBe(403);
    expect(missing.json).toEqual(existing.json);
    expect(existing.json).toEqual({
      error: { code: "ScopeDenied", message: "This client has no read scope for this name" },
    });
  });

  it("a refused write changes nothing", async () => {
    const a = clients.a;
    const before = await api.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    const refused = await api.call("PUT", secretPath(`${a.other}db`, "/value"), {
      token: a.token,
      body: { value: "x-refused-1" },
    });
    expect(refused.status).toBe(403);
    const after = await api.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    expect(after.VersionId).toBe(before.VersionId);
  });
});

describe("list and /me", () => {
  it("lists each client only the names it may read", async () => {
    for (const client of Object.values(clients)) {
      const answer = await api.call("GET", "/secrets?maxResults=100", { token: client.token });
      expect(answer.status, answer.text).toBe(200);
      const names = (answer.json.secrets as { name: string }[]).map((secret) => secret.name);
      expect(names).toContain(`${client.own}db`);
      expect(names).toContain(`${client.readOnly}db`);
      expect(names.every((name) => name.startsWith(client.own) || name.startsWith(client.readOnly))).toBe(
        true,
      );
    }
    // The admin sees them all.
    const all = await api.call("GET", "/secrets?maxResults=100");
    const names = (all.json.secrets as { name: string }[]).map((secret) => secret.name);
    expect(names).toEqual(
      expect.arrayContaining(["app/team-a/db", "app/team-b/db", "app/team-ax/db", "app/team-bx/db"]),
    );
  });

  it("GET /me answers each client's id and scopes", async () => {
    for (const client of Object.values(clients)) {
      const me = await api.call("GET", "/me", { token: client.token });
      expect(me.json).toEqual({
        clientId: client.name,
        scopes: scopesOf(client.own, client.readOnly, client.writeOnly),
      });
    }
    const admin = await api.call("GET", "/me");
    expect(admin.json).toEqual({
      clientId: "admin",
      scopes: ["read:app/", "write:app/", "delete:app/", "rotate:app/"],
    });
  });
});

describe("sls-offline-authorizer-override", () => {
  it("is refused on every route, even with a valid token, and nothing is changed", async () => {
    const override = JSON.stringify({
      lambda: { clientId: "admin", scopes: "read:app/ write:app/ delete:app/ rotate:app/" },
    });
    const a = clients.a;
    const before = await api.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    for (const [index, route] of ROUTES.entries()) {
      const { path, body } = route.request(a.other, 10_000 + index);
      for (const token of [a.token, null]) {
        const answer = await api.call(route.method, path, {
          token,
          headers: { "sls-offline-authorizer-override": override },
          ...(body ? { body } : {}),
        });
        expect(answer.status, `${route.name} ${token ? "with" : "without"} a token: ${answer.text}`).toBe(
          403,
        );
      }
    }
    const after = await api.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    expect(after.VersionId).toBe(before.VersionId);
  });
});

describe("the audit trail", () => {
  it("has exactly one record per request, every field set, no value or token in any", () => {
    expect(api.auditRecords().length).toBeGreaterThan(200);
    expect(api.auditProblems()).toEqual([]);
    const refusals = api.auditRecords().filter((record) => record.service === "authorizer");
    expect(new Set(refusals.map((record) => record.code))).toEqual(
      new Set(["MissingToken", "UnknownClient", "ClientDisabled", "AuthorizerOverrideRefused"]),
    );
    const routed = api
      .auditRecords()
      .filter((record) => record.service !== "authorizer" && record.status === 200);
    expect(routed.some((record) => record.clientId === "team-a" && record.action === "read")).toBe(true);
  });

  it("no captured log line carries a secret value", () => {
    expect(api.leakedSecrets()).toEqual([]);
  });
});
