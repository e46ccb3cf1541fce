import { describe, expect, it } from "vitest";
import { revealedText, valueShapeOf } from "../../../console/src/value-shape";

describe("a value's shape (what the console keeps before a reveal)", () => {
  it("keeps a JSON object's keys and the version, never a value", () => {
    const shape = valueShapeOf({
      versionId: "v1",
      value: { username: "shape-user", password: "shape-password" },
    });
    expect(shape).toEqual({ kind: "keys", keys: ["password", "username"], versionId: "v1" });
    expect(JSON.stringify(shape)).not.toMatch(/shape-user|shape-password/);
  });

  it("knows a text value and a binary one without keeping them", () => {
    expect(valueShapeOf({ versionId: "v1", value: "plain-text-value" })).toEqual({
      kind: "text",
      versionId: "v1",
    });
    expect(valueShapeOf({ versionId: "v1", secretBinary: "AAEC" })).toEqual({
      kind: "binary",
      versionId: "v1",
    });
  });

  it("reveals a string as it is and any other key's value as JSON", () => {
    expect(revealedText("p")).toBe("p");
    expect(revealedText(5432)).toBe("5432");
    expect(revealedText({ nested: true })).toBe('{"nested":true}');
  });
});
