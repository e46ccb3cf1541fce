import { afterEach, describe, expect, it } from "vitest";
import {
  clearRegisteredSecretValues,
  LOGGABLE_MESSAGE,
  REDACTED,
  redact,
  redactText,
  registerSecretValue,
} from "../../../shared/observability/redaction.js";

afterEach(() => clearRegisteredSecretValues());

describe("redaction by structure", () => {
  it("replaces fields whose key names a secret, whatever their case or separators", () => {
    const copy = redact({ Password: "x1", secret_string: "x2", "api-token": "x3", name: "app/db" });
    expect(copy).toEqual({
      Password: REDACTED,
      secret_string: REDACTED,
      "api-token": REDACTED,
      name: "app/db",
    });
  });

  it("writes an error as its name and code, never its message", () => {
    const error = Object.assign(new Error("failed for password hunter22"), { code: "ECONNREFUSED" });
    expect(redact({ error })).toEqual({ error: { name: "Error", code: "ECONNREFUSED" } });
    const odd = Object.assign(new Error("x"), { name: "not a name: hunter22", code: "hunter22 quoted" });
    expect(redact({ odd })).toEqual({ odd: {} });
  });

  it("writes the message of an error whose class vouches for it, as it is", () => {
    class StepError extends Error {
      override readonly name = "StepError";
      readonly [LOGGABLE_MESSAGE] = true;
    }
    registerSecretValue("setSecret failed");
    expect(redact({ error: new StepError("setSecret failed for secret app/db: timeout") })).toEqual({
      error: { name: "StepError", message: "setSecret failed for secret app/db: timeout" },
    });
  });

  it("never rewrites a string a field holds, whatever was registered", () => {
    registerSecretValue("app/db");
    registerSecretValue("postgres");
    expect(redact({ secretName: "app/db", service: "rotation-postgres-single-user" })).toEqual({
      secretName: "app/db",
      service: "rotation-postgres-single-user",
    });
  });

  it("never prints bytes, survives cycles and cuts deep nesting", () => {
    expect(redact({ data: new Uint8Array([1, 2, 3]) })).toEqual({ data: REDACTED });
    const cyclic: Record<string, unknown> = { list: [1] };
    cyclic.self = cyclic;
    expect((redact(cyclic) as { self: unknown }).self).toBe("[Circular]");
    let deep: unknown = "bottom";
    for (let i = 0; i < 100_000; i += 1) deep = { d: deep };
    expect(JSON.stringify(redact({ deep }))).toContain("[Deep]");
  });
});

describe("redactText, for an external error's text", () => {
  it("masks a registered value and each leaf of a registered JSON object", () => {
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

  it("cannot be flushed: a caller who fills the registry gets every such text masked whole", () => {
    registerSecretValue("the-real-secret-1");
    for (let i = 0; i < 10_500; i += 1) registerSecretValue(`flood-${i}`);
    expect(redactText("connect failed with the-real-secret-1")).toBe(REDACTED);
    expect(redactText("ECONNREFUSED 127.0.0.1:5432")).toBe(REDACTED);
  });
});
