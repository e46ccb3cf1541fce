import { describe, expect, it } from "vitest";
import { assertValidSecretName, isWithinPrefix, secretNameFromId } from "../../../shared/secrets/names.js";

const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}`;

describe("secret names and ids", () => {
  it("accepts AWS's character set and length, refuses the rest", () => {
    expect(() => assertValidSecretName("app/db_1+=.@-x")).not.toThrow();
    expect(() => assertValidSecretName("a".repeat(512))).not.toThrow();
    for (const bad of ["", "a".repeat(513), "has space", "semi;colon", "ü"]) {
      expect(() => assertValidSecretName(bad)).toThrow(/1-512 characters/);
    }
  });

  it("takes the name from a full ARN, a partial ARN, or a plain name", () => {
    expect(secretNameFromId(arn("app/db-AbC123"))).toBe("app/db");
    expect(secretNameFromId(arn("app/db"))).toBe("app/db");
    expect(secretNameFromId("app/db")).toBe("app/db");
  });

  it("judges the scope on the name, never widening it through an ARN", () => {
    expect(isWithinPrefix("app/db", "app/")).toBe(true);
    expect(isWithinPrefix(arn("app/db-AbC123"), "app/")).toBe(true);
    expect(isWithinPrefix("secrets-api/token", "app/")).toBe(false);
    expect(isWithinPrefix(arn("secrets-api/token-AbC123"), "app/")).toBe(false);
    expect(isWithinPrefix("application", "app/")).toBe(false);
  });
});
