import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROUTES } from "../../fuzz/support/http-routes.js";

const REPO = join(__dirname, "..", "..", "..");
const readYaml = (path: string) => parse(readFileSync(join(REPO, path), "utf8"));

describe("openapi.yaml", () => {
  it("documents exactly the routes serverless.yml declares, all behind the bearer token", () => {
    const document = readYaml("openapi.yaml") as {
      openapi: string;
      security: unknown[];
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toMatch(/^3\.1\./);
    const methods = new Set(["get", "put", "post", "patch", "delete"]);
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => methods.has(key))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    const functions = readYaml("serverless/http-functions.yml") as Record<
      string,
      { events?: { httpApi: { method: string; path: string } }[] }
    >;
    const declared = Object.values(functions)
      .flatMap((fn) => fn.events ?? [])
      .map(({ httpApi }) => `${httpApi.method} ${httpApi.path}`)
      .sort();
    expect(documented).toEqual(declared);
    expect(document.security).toEqual([{ bearerToken: [] }]);
  });

  it("declares 400 on every {id} route (a badly encoded id is refused: shared/http/scope.ts)", () => {
    const document = readYaml("openapi.yaml") as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    const methods = new Set(["get", "put", "post", "patch", "delete"]);
    const missing = Object.entries(document.paths)
      .filter(([path]) => path.includes("{id}"))
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method, operation]) => methods.has(method) && !operation.responses?.["400"])
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
    expect(missing).toEqual([]);
  });

  it("gives each operation the action its route declares (x-action)", () => {
    const document = readYaml("openapi.yaml") as {
      paths: Record<string, Record<string, { "x-action"?: string }>>;
    };
    const documented = ROUTES.map((route) => [
      route.name,
      document.paths[route.path]?.[route.method.toLowerCase()]?.["x-action"],
    ]);
    expect(documented).toEqual(ROUTES.map((route) => [route.name, route.handler.action]));
  });
});
