import { describe, expect, it } from "vitest";
import { alternateUsername, baseUsername } from "../../../shared/rotation/database/alternating-users.js";
import { parseDatabaseSecret, withFields } from "../../../shared/rotation/database/credentials.js";
import { tlsSettings } from "../../../shared/rotation/database/tls.js";
import { StrategyError } from "../../../shared/rotation/errors.js";
import { fitsPolicy, passwordPolicy } from "../../../shared/rotation/password-policy.js";

const SECRET = JSON.stringify({
  engine: "postgres",
  host: "db.internal",
  port: "5433",
  username: "app",
  password: "p-secret-value",
  dbname: "shop",
  extra: 1,
});

function strategyError(run: () => unknown): StrategyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StrategyError);
    return error as StrategyError;
  }
  throw new Error("expected a StrategyError");
}

describe("parseDatabaseSecret", () => {
  it("reads AWS's JSON shape, a port given as text, and keeps other keys", () => {
    const secret = parseDatabaseSecret(SECRET, "current", 5432);
    expect([secret.host, secret.port, secret.username, secret.dbname, secret.ssl]).toEqual([
      "db.internal",
      5433,
      "app",
      "shop",
      "unset",
    ]);
    expect(JSON.parse(withFields(secret, { password: "new-value-000" }))).toMatchObject({
      extra: 1,
      password: "new-value-000",
    });
  });

  it.each([
    ["not json", "is not a JSON object"],
    [JSON.stringify({ host: "h", password: "x" }), 'has no "username"'],
    [JSON.stringify({ host: "h", username: "u", password: "x", port: 70000 }), "is not a port"],
    [JSON.stringify({ host: "h", username: "u", password: "x", ssl: "maybe" }), '"ssl" must be'],
  ])("refuses %s without repeating the value", (text, why) => {
    const error = strategyError(() => parseDatabaseSecret(text, "pending", 5432));
    expect(error.code).toBe("InvalidSecretShape");
    expect(error.message).toContain(why);
    expect(error.message.includes('"x"')).toBe(false);
  });
});

describe("tlsSettings", () => {
  const withSsl = (ssl: unknown, extra: Record<string, unknown> = {}) =>
    parseDatabaseSecret(
      JSON.stringify({ host: "127.0.0.1", username: "u", password: "p", ssl, ...extra }),
      "current",
      5432,
    );

  it("verifies certificates unless the secret itself turns TLS off: no silent plain-text fallback", () => {
    expect(tlsSettings(withSsl(undefined), {})).toEqual({ mode: "verify" });
    expect(tlsSettings(withSsl(true), {})).toEqual({ mode: "verify" });
    expect(tlsSettings(withSsl("true"), {})).toEqual({ mode: "verify" });
    expect(tlsSettings(withSsl(false), {})).toEqual({ mode: "off" });
  });

  it("refuses a secret that turns TLS off when the environment requires TLS", () => {
    const error = strategyError(() => tlsSettings(withSsl(false), { DB_REQUIRE_TLS: "true" }));
    expect(error.code).toBe("TlsPolicyViolation");
  });

  it("takes the server name from the secret, else the environment, else a host name (never an IP)", () => {
    expect(
      tlsSettings(withSsl(true, { tlsServerName: "db.internal" }), { DB_TLS_SERVERNAME: "other" }),
    ).toMatchObject({ servername: "db.internal" });
    expect(tlsSettings(withSsl(true), { DB_TLS_SERVERNAME: "from-env" })).toMatchObject({
      servername: "from-env",
    });
    expect(tlsSettings(withSsl(true), { DB_TLS_SERVERNAME: "" })).toEqual({ mode: "verify" });
  });
});

describe("alternating user names", () => {
  it("alternates app and app_clone, and refuses a name too long for its twin", () => {
    expect(alternateUsername("app", 63)).toBe("app_clone");
    expect(alternateUsername("app_clone", 63)).toBe("app");
    expect(baseUsername("app_clone")).toBe("app");
    expect(alternateUsername("a".repeat(57), 63)).toBe(`${"a".repeat(57)}_clone`);
    expect(strategyError(() => alternateUsername("a".repeat(58), 63)).code).toBe("InvalidSecretShape");
  });
});

describe("password policy", () => {
  const context = (tags: Record<string, string>) => ({
    description: { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
  });

  it("takes tags over the environment over the default", () => {
    expect(passwordPolicy(context({}), {})).toEqual({ length: 32, excludeCharacters: "" });
    expect(passwordPolicy(context({}), { PASSWORD_LENGTH: "20", EXCLUDE_CHARACTERS: "/@" })).toEqual({
      length: 20,
      excludeCharacters: "/@",
    });
    expect(
      passwordPolicy(context({ "rotation:password-length": "64", "rotation:exclude-characters": "'" }), {
        PASSWORD_LENGTH: "20",
      }),
    ).toEqual({ length: 64, excludeCharacters: "'" });
  });

  it("refuses lengths GetRandomPassword would refuse or that are too weak", () => {
    expect(strategyError(() => passwordPolicy(context({ "rotation:password-length": "4" }), {})).code).toBe(
      "InvalidSecretShape",
    );
    expect(strategyError(() => passwordPolicy(context({}), { PASSWORD_LENGTH: "ten" })).code).toBe(
      "InvalidSecretShape",
    );
  });

  it("checks a value against the policy", () => {
    expect(fitsPolicy("abcdefgh", { length: 8, excludeCharacters: "" })).toBe(true);
    expect(fitsPolicy("abcdefg'", { length: 8, excludeCharacters: "'" })).toBe(false);
    expect(fitsPolicy("abc", { length: 8, excludeCharacters: "" })).toBe(false);
  });
});
