/**
 * `client/schema.d.ts` is generated from `openapi.yaml` and committed: regenerating it must change
 * nothing, so a change to the document that was not followed by `npm run client:generate` fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedSchema, OPENAPI_FILE, SCHEMA_FILE } from "../../../client/generate";

describe("the generated client types", () => {
  it("are exactly what openapi.yaml gives (npm run client:generate changes nothing)", async () => {
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    const fresh = await generatedSchema();
    expect(fresh === committed, "client/schema.d.ts is stale: run npm run client:generate").toBe(true);
  });

  it("name every operation of openapi.yaml", async () => {
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    const document = readFileSync(OPENAPI_FILE, "utf8");
    const operationIds = [...document.matchAll(/operationId: (\w+)/g)].map((match) => match[1]);
    expect(operationIds.length).toBeGreaterThan(10);
    for (const id of operationIds) expect(committed).toContain(`${id}: {`);
  });
});
