/**
 * Every route fails closed, in-process through its whole middy stack: without a well-formed authorizer
 * context it answers 401 `NotAuthenticated`; with `sls-offline-authorizer-override` 403
 * `AuthorizerOverrideRefused`; a client outside its scopes gets 403 `ScopeDenied` naming the action,
 * before any Secrets Manager call (the client here points at a port where nothing listens: a call would
 * answer 502). Each invocation writes exactly one audit record.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AuditRecord } from "../../../shared/access/audit-record.js";
import type { AuthorizerContext } from "../../../shared/access/authorizer-context.js";
import { type LogSink, setLogSink } from "../../../shared/observability/logger.js";
import { setSecretsClient } from "../../../shared/secrets/client.js";
import { ROUTES } from "../../fuzz/support/http-routes.js";
import { localClient } from "../../support/client.js";
import { httpEvent, lambdaContext } from "../../support/lambda-event.js";
import { REPO } from "../../support/paths.js";
import { freePort } from "../../support/ports.js";

const lines: string[] = [];
let previousSink: LogSink;
let previousPrefix: string | undefined;

beforeAll(async () => {
  previousPrefix = process.env.SECRETS_PREFIX;
  process.env.SECRETS_PREFIX = "app/";
  setSecretsClient(localClient(`http://127.0.0.1:${await freePort()}`));
  previousSink = setLogSink((line) => lines.push(line));
});
afterAll(() => {
  setLogSink(previousSink);
  setSecretsClient(undefined);
  if (previousPrefix === undefined) delete process.env.SECRETS_PREFIX;
  else process.env.SECRETS_PREFIX = previousPrefix;
});
beforeEach(() => {
  lines.length = 0;
});

/** What each route needs of its body to get past validation (so the scope check is what refuses). */
const BODIES: Record<string, unknown> = {
  createSecret: { name: "app/team-b/new", value: "abcdef" },
  putSecretValue: { value: "abcdef" },
  patchSecretValue: { set: { a: "b" } },
  updateSecret: { description: "d" },
  rotateSecret: { rotateImmediately: false },
};

async function invoke(
  route: (typeof ROUTES)[number],
  init: { authorizer?: AuthorizerContext | null; headers?: Record<string, string>; id?: string } = {},
) {
  const body = BODIES[route.name];
  const event = httpEvent({
    method: route.method,
    route: route.path,
    ...(route.path.includes("{id}") ? { pathParameters: { id: init.id ?? "app/team-b/db" } } : {}),
    // A list names its secrets by a filter: the other team's.
    ...(route.name === "listSecrets" ? { query: { namePrefix: "app/team-b/" } } : {}),
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...init.headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...(init.authorizer !== undefined ? { authorizer: init.authorizer } : {}),
  });
  const result = (await route.handler(event, lambdaContext(route.name))) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    json: JSON.parse(result.body ?? "{}") as { error?: { code: string; message: string } },
  };
}

function auditRecords(): AuditRecord[] {
  return lines
    .filter((line) => line.startsWith('{"kind":"audit"'))
    .map((line) => JSON.parse(line) as AuditRecord);
}

const teamA: AuthorizerContext = {
  clientId: "team-a",
  scopes: "read:app/team-a/ write:app/team-a/ delete:app/team-a/ rotate:app/team-a/",
};

describe("every route", () => {
  it("is every HTTP function of serverless/http-functions.yml but the authorizer", () => {
    const declared = Object.keys(parse(readFileSync(join(REPO, "serverless", "http-functions.yml"), "utf8")));
    expect(ROUTES.map((route) => route.name).sort()).toEqual(
      declared.filter((fn) => fn !== "authorizer").sort(),
    );
  });

  for (const route of ROUTES) {
    describe(`${route.method} ${route.path}`, () => {
      it("refuses 401 NotAuthenticated without an authorizer context, or with a malformed one", async () => {
        const malformed: (AuthorizerContext | null)[] = [
          null,
          { clientId: "", scopes: "read:app/" },
          { clientId: "Team A", scopes: "read:app/" },
          { clientId: "team-a", scopes: "read:other/" },
          { clientId: "team-a", scopes: "admin:app/" },
          { clientId: "team-a", scopes: "read:app/team-a" },
          { clientId: "team-a" } as AuthorizerContext,
        ];
        for (const authorizer of malformed) {
          const answer = await invoke(route, { authorizer });
          expect(answer.status, JSON.stringify(authorizer)).toBe(401);
          expect(answer.json.error?.code).toBe("NotAuthenticated");
        }
        const records = auditRecords();
        expect(records).toHaveLength(malformed.length);
        expect(records.every((record) => record.status === 401 && record.clientId === "anonymous")).toBe(
          true,
        );
      });

      it("refuses 403 AuthorizerOverrideRefused for sls-offline-authorizer-override, whatever the context", async () => {
        const override = JSON.stringify({ lambda: { clientId: "admin", scopes: "read:app/ write:app/" } });
        for (const authorizer of [undefined, null]) {
          const answer = await invoke(route, {
            ...(authorizer === null ? { authorizer } : {}),
            headers: { "sls-offline-authorizer-override": override },
          });
          expect(answer.status).toBe(403);
          expect(answer.json.error?.code).toBe("AuthorizerOverrideRefused");
        }
        expect(auditRecords()).toHaveLength(2);
      });
    });
  }

  for (const route of ROUTES.filter((r) => r.name !== "getMe")) {
    it(`${route.method} ${route.path}: a client outside its scopes gets ScopeDenied naming the action, before any call`, async () => {
      const answer = await invoke(route, { authorizer: teamA });
      expect(answer.status, JSON.stringify(answer.json)).toBe(403);
      expect(answer.json.error?.code).toBe("ScopeDenied");
      expect(answer.json.error?.message).toMatch(
        /^This client has no (read|write|delete|rotate) scope for this name$/,
      );
      const [record] = auditRecords();
      expect(auditRecords()).toHaveLength(1);
      expect(record).toMatchObject({
        clientId: "team-a",
        status: 403,
        code: "ScopeDenied",
        route: `${route.method} ${route.path}`,
      });
      expect(answer.json.error?.message).toContain(record?.action ?? "none");
    });
  }

  it("GET /me answers the client's id and scopes from the context alone", async () => {
    const me = ROUTES.find((route) => route.name === "getMe");
    if (!me) throw new Error("no getMe route");
    const answer = await invoke(me, { authorizer: teamA });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ clientId: "team-a", scopes: teamA.scopes.split(" ") });
    expect(auditRecords()).toMatchObject([
      { clientId: "team-a", status: 200, code: null, action: null, service: "get-me" },
    ]);
  });
});
