import { describe, expect, it } from "vitest";
import { parseRoute, secretHref } from "../../../console/src/route";

describe("the console's pages as URL fragments", () => {
  it("names a secret by its encoded name, and round-trips names with / and spaces", () => {
    for (const name of ["app/db", "app/with space/and%percent", "app/__proto__"])
      expect(parseRoute(secretHref(name))).toEqual({ page: "secret", name });
  });

  it("answers the list for anything else, a malformed escape included", () => {
    for (const hash of ["", "#/", "#/secret/", "#/other", "#/secret/%E0%A4%A"])
      expect(parseRoute(hash)).toEqual({ page: "list" });
  });
});
