/**
 * The request bodies and query parameters `openapi.yaml` documents against the zod schemas the routes
 * parse with (tests/support/openapi-route-schemas.ts); docs/console.md lists what this cannot see.
 */
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { createSecretBody } from "../../../shared/http/schemas/create-secret";
import { listSecretsQuery } from "../../../shared/http/schemas/list-secrets";
import {
  type RouteInputs,
  readOpenapi,
  routeInputSchemas,
  routeMismatches,
} from "../../support/openapi-route-schemas";

describe("openapi.yaml against the routes' schemas", () => {
  it("finds every route's schemas in its handler (five bodies, four queries at least)", async () => {
    const routes = await routeInputSchemas();
    expect(routes.filter((route) => route.body).length).toBeGreaterThanOrEqual(5);
    expect(routes.filter((route) => route.query).length).toBeGreaterThanOrEqual(4);
    expect(routes.find((route) => route.operation === "createSecret")?.body).toBe(createSecretBody);
  });

  it("agree on every route: fields, required ones, closedness, types and the bounds the document states", async () => {
    const document = readOpenapi();
    const mismatches = (await routeInputSchemas()).flatMap((route) => routeMismatches(document, route));
    expect(mismatches).toEqual([]);
  });

  const createRoute = async (): Promise<RouteInputs> => {
    const route = (await routeInputSchemas()).find((candidate) => candidate.operation === "createSecret");
    if (!route) throw new Error("no createSecret route");
    return route;
  };

  it("fails when a body field is renamed in the schema", async () => {
    const { description, ...rest } = createSecretBody.def.shape;
    const renamed = z.strictObject({ ...rest, summary: description });
    const mismatches = routeMismatches(readOpenapi(), { ...(await createRoute()), body: renamed });
    expect(mismatches).toEqual([
      "POST /secrets body: openapi.yaml has description, the route does not",
      "POST /secrets body: the route takes summary, openapi.yaml does not",
    ]);
  });

  it("fails when a query parameter is renamed", async () => {
    const list = (await routeInputSchemas()).find((route) => route.operation === "listSecrets");
    if (!list) throw new Error("no listSecrets route");
    const { sortOrder, ...rest } = listSecretsQuery.def.shape;
    const renamed = z.strictObject({ ...rest, order: sortOrder });
    expect(routeMismatches(readOpenapi(), { ...list, query: renamed })).toEqual([
      "GET /secrets query: openapi.yaml has sortOrder, the route does not",
      "GET /secrets query: the route takes order, openapi.yaml does not",
    ]);
  });

  it("fails when a field's type changes or a bound the document states moves", async () => {
    const route = await createRoute();
    const retyped = z.strictObject({ ...createSecretBody.def.shape, description: z.optional(z.number()) });
    expect(routeMismatches(readOpenapi(), { ...route, body: retyped })).toEqual([
      "POST /secrets body.description: type string in openapi.yaml, number in the route",
    ]);
    const update = (await routeInputSchemas()).find((candidate) => candidate.operation === "updateSecret");
    if (!update?.body) throw new Error("no updateSecret body");
    const tighter = z.strictObject({ description: z.optional(z.string().check(z.maxLength(100))) });
    expect(
      routeMismatches(readOpenapi(), { ...update, body: tighter }).filter((line) =>
        line.includes("maxLength"),
      ),
    ).toEqual(["PATCH /secrets/{id} body.description: maxLength 2048 in openapi.yaml, 100 in the route"]);
  });

  it("fails when a body closes or a required field is dropped", async () => {
    const route = await createRoute();
    const open = z.object(createSecretBody.def.shape);
    expect(routeMismatches(readOpenapi(), { ...route, body: open })).toEqual([
      "POST /secrets body: other fields refused by openapi.yaml, allowed by the route",
    ]);
    const optionalName = z.strictObject({ ...createSecretBody.def.shape, name: z.optional(z.string()) });
    expect(routeMismatches(readOpenapi(), { ...route, body: optionalName })).toEqual([
      "POST /secrets body: required name in openapi.yaml, none in the route",
    ]);
  });

  it("fails on an allOf member that refuses its siblings' fields (no body could pass it)", () => {
    const document = readOpenapi();
    const schemas = document.components?.schemas ?? {};
    const broken = {
      ...document,
      components: {
        ...document.components,
        schemas: { ...schemas, ValueInput: { ...schemas.ValueInput, additionalProperties: false } },
      },
    };
    const route: RouteInputs = {
      operation: "createSecret",
      method: "post",
      path: "/secrets",
      body: createSecretBody,
    };
    expect(routeMismatches(broken, route)).toEqual([
      "POST /secrets body: an allOf member refuses name, description, kmsKeyId, tags, which another member adds",
    ]);
  });
});
