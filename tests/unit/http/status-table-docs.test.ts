import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STATUS_BY_CODE, statusForCode } from "../../../shared/http/status-table.js";

const REPO = join(__dirname, "..", "..", "..");

/** The `### Statuses` table of docs/http-api.md: each status with the codes (in backticks) its row names. */
function documentedStatuses(): Map<number, string[]> {
  const doc = readFileSync(join(REPO, "docs", "http-api.md"), "utf8");
  const section = doc.split(/^### Statuses$/m)[1]?.split(/^### /m)[0] ?? "";
  const rows = new Map<number, string[]>();
  for (const line of section.split("\n")) {
    const [, status, when] = /^\|\s*(\d{3})\s*\|(.*)\|\s*$/.exec(line) ?? [];
    if (status === undefined || when === undefined) continue;
    // Only identifiers count as codes: `Retry-After: 1` and the like are not.
    const codes = [...when.matchAll(/`([A-Za-z]+)`/g)].flatMap((match) => match[1] ?? []);
    rows.set(Number(status), [...(rows.get(Number(status)) ?? []), ...codes]);
  }
  return rows;
}

describe("docs/http-api.md status table", () => {
  const documented = documentedStatuses();
  const statusOfListed = new Map<string, number[]>();
  for (const [status, codes] of documented) {
    for (const code of codes) statusOfListed.set(code, [...(statusOfListed.get(code) ?? []), status]);
  }

  it("is found", () => {
    expect([...documented.keys()].length).toBeGreaterThan(5);
  });

  it("lists every code of STATUS_BY_CODE under its status, and only there", () => {
    const wrong = Object.entries(STATUS_BY_CODE)
      .filter(([code, status]) => JSON.stringify(statusOfListed.get(code)) !== JSON.stringify([status]))
      .map(
        ([code, status]) =>
          `${code}: ${status} in the table, ${statusOfListed.get(code) ?? "absent"} in the doc`,
      );
    expect(wrong).toEqual([]);
  });

  it("lists no code under a status the code does not get", () => {
    const wrong = [...statusOfListed].flatMap(([code, statuses]) =>
      statuses
        .filter((status) => status !== statusForCode(code, false))
        .map((status) => `${code}: listed under ${status}, answers ${statusForCode(code, false)}`),
    );
    expect(wrong).toEqual([]);
  });
});
