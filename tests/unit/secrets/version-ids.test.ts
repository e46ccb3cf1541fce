import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { successorVersionId } from "../../../shared/http/conditional-put.js";
import { uuidFromHash } from "../../../shared/secrets/version-ids.js";

describe("uuidFromHash", () => {
  it("shapes the first 32 hex digits of the seed's SHA-256 as 8-4-4-4-12", () => {
    // Fixed values: ids derived before the helper existed must stay the same (stored versions, tokens).
    expect(uuidFromHash("if-match:expected-version")).toBe("0d78333b-c5a1-9470-d596-c3af67a7e82d");
    expect(uuidFromHash("pass-1\napp/db")).toBe("493abd40-2ee9-5590-65ba-8b7d24b8143d");
    expect(uuidFromHash("")).toBe("e3b0c442-98fc-1c14-9afb-f4c8996fb924");
  });

  it("is stable, 36 characters, lower-case hex, and differs between seeds", () => {
    for (const seed of ["a", "b", "app/db", "ü", "x".repeat(1000)]) {
      const id = uuidFromHash(seed);
      expect(id).toBe(uuidFromHash(seed));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(id.replaceAll("-", "")).toBe(createHash("sha256").update(seed).digest("hex").slice(0, 32));
    }
    expect(uuidFromHash("a")).not.toBe(uuidFromHash("b"));
  });

  it("is what successorVersionId derives from the If-Match version id", () => {
    expect(successorVersionId("expected-version")).toBe(uuidFromHash("if-match:expected-version"));
  });
});
