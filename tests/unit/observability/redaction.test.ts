import { afterEach, describe, expect, it } from "vitest";
import {
  clearRegisteredSecretValues,
  REDACTED,
  redact,
  redactText,
  registerSecretValue,
} from "../../../shared/observability/redaction.js";

afterEach(() => clearRegisteredSecretValues());

describe("redaction", () => {
  it("replaces fields whose key names a secret, whatever their case or separators", () => {
    const copy = redact({ Password: "x1", secret_string: "x2", "api-token": "x3", name: "app/db" });
    expect(copy).toEqual({
      Password: REDACTED,
      secret_string: REDACTED,
      "api-token": REDACTED,
      name: "app/db",
    });
  });

  it("masks a registered value and each leaf of a registered JSON object anywhere in text", () => {
    registerSecretValue('{"username":"db-name","password":"db-password"}');
    const line = redactText('login failed for db-name with db-password; raw={"x":1}');
    expect(line).not.toContain("db-password");
    expect(line).not.toContain("db-name");
    expect(line).toContain(REDACTED);
  });

  it("masks the longest registered value first so no fragment of it survives", () => {
    registerSecretValue("abcd");
    registerSecretValue("abcdefgh");
    expect(redactText("value=abcdefgh")).toBe(`value=${REDACTED}`);
  });

  it("does not register values too short to be told apart from ordinary text", () => {
    registerSecretValue("ab");
    expect(redactText("ab cd")).toBe("ab cd");
  });

  it("redacts error messages and nested arrays, and survives cycles", () => {
    registerSecretValue("hunter22");
    const cyclic: Record<string, unknown> = { list: [new Error("bad hunter22")] };
    cyclic.self = cyclic;
    const copy = redact(cyclic) as { list: { message: string }[]; self: unknown };
    expect(copy.list[0]?.message).toBe(`bad ${REDACTED}`);
    expect(copy.self).toBe("[Circular]");
  });

  it("never prints bytes", () => {
    expect(redact({ data: new Uint8Array([1, 2, 3]) })).toEqual({ data: REDACTED });
  });
});
