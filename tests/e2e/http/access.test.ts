/**
 * Who may do what, end to end through real HTTP (`serverless offline`, the authorizer in front) to the
 * local endpoint: the decision table (every route × allowed, wrong action, wrong prefix, prefix sibling,
 * disabled client, unknown client, no token; for two clients with different scopes), list showing each
 * client only its names, `GET /me`, the override header refused on every route, and one audit record
 * per request with no value or token in any. Every request is a typed call (client/index.ts), and the
 * table holds every operation of openapi.yaml: one added there fails the type-check until it is here.
 */
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type operations, type SecretsApi } from "../../../client/index.js";
import { setClientDisabled } from "../../../local/api-clients.js";
import { type HttpStack, localLambdaArn, startHttpStack } from "../../support/http-stack.js";
import { rememberTestSecret } from "../../support/redaction-registry.js";

let stack: HttpStack;

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
  await stack.client.send(new CreateSecretCommand({ Name: name, SecretString: rememberTestSecret(value) }));
}

beforeAll(async () => {
  stack = await startHttpStack();
  for (const [key, team, other] of [
    ["a", "team-a", "team-b"],
    ["b", "team-b", "team-a"],
  ] as const) {
    const own = `app/${team}/`;
    const readOnly = `app/${team}-ro/`;
    const writeOnly = `app/${team}-wo/`;
    const token = await stack.addClient(team, scopesOf(own, readOnly, writeOnly));
    const offToken = await stack.addClient(`${team}-off`, scopesOf(own, readOnly, writeOnly));
    await setClientDisabled({ client: stack.client }, `${team}-off`, true);
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
  await stack?.stop();
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
  action: "read" | "write" | "delete" | "rotate" | "none";
  /** The route's typed call on `prefix` (`n` makes names unique), through `api`. */
  send(api: SecretsApi, prefix: string, n: number): Promise<{ response: Response; error?: unknown }>;
  success: number;
}

/** The init of a call on the secret `<prefix>db`. */
const onDb = (prefix: string) => ({ params: { path: { id: `${prefix}db` } } });

/** Every operation of openapi.yaml, by its operationId, in the order the table calls them. */
const ROUTES: Record<keyof operations, Route> = {
  createSecret: {
    action: "write",
    send: (api, prefix, n) =>
      api.POST("/secrets", { body: { name: `${prefix}new-${n}`, value: { note: `created-${n}` } } }),
    success: 201,
  },
  listSecrets: {
    action: "read",
    send: (api, prefix) => api.GET("/secrets", { params: { query: { namePrefix: prefix } } }),
    success: 200,
  },
  describeSecret: {
    action: "read",
    send: (api, prefix) => api.GET("/secrets/{id}", onDb(prefix)),
    success: 200,
  },
  getSecretValue: {
    action: "read",
    send: (api, prefix) => api.GET("/secrets/{id}/value", onDb(prefix)),
    success: 200,
  },
  putSecretValue: {
    action: "write",
    send: (api, prefix, n) => {
      const password = `put-password-${n}`;
      stack.rememberSecret(password);
      return api.PUT("/secrets/{id}/value", {
        ...onDb(prefix),
        body: { value: { username: "svc", password } },
      });
    },
    success: 200,
  },
  patchSecretValue: {
    action: "write",
    send: (api, prefix, n) =>
      api.PATCH("/secrets/{id}/value", { ...onDb(prefix), body: { set: { note: `patched-${n}` } } }),
    success: 200,
  },
  updateSecret: {
    action: "write",
    send: (api, prefix, n) =>
      api.PATCH("/secrets/{id}", { ...onDb(prefix), body: { description: `updated ${n}` } }),
    success: 200,
  },
  deleteSecret: {
    action: "delete",
    send: (api, prefix) =>
      api.DELETE("/secrets/{id}", {
        params: { path: { id: `${prefix}db` }, query: { recoveryWindowInDays: 7 } },
      }),
    success: 200,
  },
  restoreSecret: {
    action: "delete",
    send: (api, prefix) => api.POST("/secrets/{id}/restore", onDb(prefix)),
    success: 200,
  },
  rotateSecret: {
    action: "rotate",
    send: (api, prefix) =>
      api.POST("/secrets/{id}/rotate", {
        ...onDb(prefix),
        body: {
          rotateImmediately: false,
          rotationLambdaArn: localLambdaArn("rotationGeneric"),
          rotationRules: { automaticallyAfterDays: 30 },
        },
      }),
    success: 200,
  },
  // After rotateSecret's row: rotation is on, none in progress; cancelling turns it off.
  cancelRotation: {
    action: "rotate",
    send: (api, prefix) => api.POST("/secrets/{id}/rotate/cancel", onDb(prefix)),
    success: 200,
  },
  listSecretVersions: {
    action: "read",
    send: (api, prefix) => api.GET("/secrets/{id}/versions", onDb(prefix)),
    success: 200,
  },
  getMe: { action: "none", send: (api) => api.GET("/me"), success: 200 },
};

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
      for (const [name, route] of Object.entries(ROUTES)) {
        for (const cell of CASES) {
          n += 1;
          const { response, error } = await route.send(
            stack.apiWith(tokenFor(client, cell)),
            target(client, route, cell),
            n,
          );
          const code = response.status === 403 ? ` ${errorCode(error)}` : "";
          table.push(`${client.name} ${name} ${cell}: ${response.status}${code}`);
          const status = expected(route, cell);
          wanted.push(`${client.name} ${name} ${cell}: ${status}${status === 403 ? " ScopeDenied" : ""}`);
        }
      }
    }
    expect(table).toEqual(wanted);
  }, 180_000);

  it("refuses alike whether the secret exists or not, naming only the action", async () => {
    const a = clients.a;
    const asA = stack.apiWith(a.token);
    const existing = await asA.GET("/secrets/{id}/value", onDb(a.other));
    const missing = await asA.GET("/secrets/{id}/value", {
      params: { path: { id: `${a.other}no-such-secret` } },
    });
    expect(existing.response.status).toBe(403);
    expect(missing.error).toEqual(existing.error);
    expect(existing.error).toEqual({
      error: { code: "ScopeDenied", message: "This client has no read scope for this name" },
    });
  });

  it("a refused write changes nothing", async () => {
    const a = clients.a;
    const before = await stack.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    const refused = await stack
      .apiWith(a.token)
      .PUT("/secrets/{id}/value", { ...onDb(a.other), body: { value: "x-refused-1" } });
    expect(refused.response.status).toBe(403);
    const after = await stack.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    expect(after.VersionId).toBe(before.VersionId);
  });
});

describe("list and /me", () => {
  const firstPage = { params: { query: { maxResults: 100 } } };

  it("lists each client only the names it may read", async () => {
    for (const client of Object.values(clients)) {
      const answer = await stack.apiWith(client.token).GET("/secrets", firstPage);
      expect(answer.response.status, stack.textOf(answer.response)).toBe(200);
      const names = (answer.data?.secrets ?? []).map((listed) => listed.name ?? "");
      expect(names).toContain(`${client.own}db`);
      expect(names).toContain(`${client.readOnly}db`);
      expect(names.every((name) => name.startsWith(client.own) || name.startsWith(client.readOnly))).toBe(
        true,
      );
    }
    // The admin sees them all.
    const all = await stack.api.GET("/secrets", firstPage);
    const names = (all.data?.secrets ?? []).map((listed) => listed.name);
    expect(names).toEqual(
      expect.arrayContaining(["app/team-a/db", "app/team-b/db", "app/team-ax/db", "app/team-bx/db"]),
    );
  });

  it("GET /me answers each client's id and scopes", async () => {
    for (const client of Object.values(clients)) {
      const me = await stack.apiWith(client.token).GET("/me");
      expect(me.data).toEqual({
        clientId: client.name,
        scopes: scopesOf(client.own, client.readOnly, client.writeOnly),
      });
    }
    const admin = await stack.api.GET("/me");
    expect(admin.data).toEqual({
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
    const before = await stack.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    for (const [index, [name, route]] of Object.entries(ROUTES).entries()) {
      for (const token of [a.token, null]) {
        // The override is none of the API's headers: the stack's client adds it to each typed call.
        const hostile = stack.apiWith(token, { headers: { "sls-offline-authorizer-override": override } });
        const { response } = await route.send(hostile, a.other, 10_000 + index);
        const text = stack.textOf(response);
        expect(response.status, `${name} ${token ? "with" : "without"} a token: ${text}`).toBe(403);
      }
    }
    const after = await stack.client.send(new GetSecretValueCommand({ SecretId: `${a.other}db` }));
    expect(after.VersionId).toBe(before.VersionId);
  });
});

describe("the audit trail", () => {
  it("has exactly one record per request, every field set, no value or token in any", () => {
    expect(stack.auditRecords().length).toBeGreaterThan(200);
    expect(stack.auditProblems()).toEqual([]);
    const refusals = stack.auditRecords().filter((record) => record.service === "authorizer");
    expect(new Set(refusals.map((record) => record.code))).toEqual(
      new Set(["MissingToken", "UnknownClient", "ClientDisabled", "AuthorizerOverrideRefused"]),
    );
    const routed = stack
      .auditRecords()
      .filter((record) => record.service !== "authorizer" && record.status === 200);
    expect(routed.some((record) => record.clientId === "team-a" && record.action === "read")).toBe(true);
  });

  it("no captured log line carries a secret value", () => {
    expect(stack.leakedSecrets()).toEqual([]);
  });
});
