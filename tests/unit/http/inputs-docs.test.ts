/**
 * docs/http-api.md "Inputs by route" names, for every route, exactly the query parameters and body fields
 * its handler's schemas take ("none" where it takes none), so the table cannot drift from the code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fieldsOf } from "../../../shared/http/route-inputs.js";
import type { RequestSchema } from "../../../shared/http/validation.js";
import { type RouteInputs, routeInputSchemas } from "../../support/openapi-route-schemas";
import { REPO } from "../../support/paths";

/** The table's rows: route → its query and body cells. */
function documentedInputs(): Map<string, { query: string; body: string }> {
  const doc = readFileSync(join(REPO, "docs", "http-api.md"), "utf8");
  const section = doc.slice(doc.indexOf("### Inputs by route"));
  const rows = new Map<string, { query: string; body: string }>();
  for (const line of section.split("\n")) {
    // No cell of this table holds a "|" of its own.
    const cells = line
      .split("|")
      .slice(1)
      .map((cell) => cell.trim());
    const route = /^`(GET|POST|PUT|PATCH|DELETE) ([^`]+)`$/.exec(cells[0] ?? "");
    if (route) rows.set(`${route[1]} ${route[2]}`, { query: cells[2] ?? "", body: cells[3] ?? "" });
  }
  return rows;
}

/** The backquoted names a cell lists (its words before any parenthesis or example). */
function namesIn(cell: string): string[] {
  return [...cell.replace(/\([^)]*\)/g, "").matchAll(/`([A-Za-z]+)(=true)?`/g)].map(
    (match) => match[1] ?? "",
  );
}

describe("docs/http-api.md, Inputs by route", () => {
  let routes: RouteInputs[];
  let documented: Map<string, { query: string; body: string }>;
  beforeAll(async () => {
    routes = await routeInputSchemas();
    documented = documentedInputs();
  });

  it("has one row per route", () => {
    expect([...documented.keys()].sort()).toEqual(
      routes.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort(),
    );
  });

  it("lists exactly the query parameters and body fields each route takes", () => {
    for (const route of routes) {
      const row = documented.get(`${route.method.toUpperCase()} ${route.path}`);
      const key = `${route.method} ${route.path}`;
      const query = fieldsOf(route.query as RequestSchema | undefined);
      const body = fieldsOf(route.body as RequestSchema | undefined);
      if (query.length === 0) expect(row?.query, key).toBe("none");
      else expect(namesIn(row?.query ?? "").sort(), key).toEqual(query.sort());
      if (body.length === 0) expect(row?.body, key).toBe("none");
      else expect(namesIn(row?.body ?? "").sort(), key).toEqual(body.sort());
    }
  });
});
