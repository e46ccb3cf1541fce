import { describe, expect, it } from "vitest";
import { alternateUsername, baseUsername } from "../../../shared/rotation/database/alternating-users.js";
import { parseDatabaseSecret, withFields } from "../../../shared/rotation/database/credentials.js";
import { tlsSettings } from "../../../shared/rotation/database/tls.js";
import { StrategyError } from "../../../shared/rotation/errors.js";
import { passwordPolicy } from "../../../shared/rotation/password-policy.js";

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

  it("verifies certificates unless the secret turns TLS off for loopback: no silent plain-text fallback", () => {
    expect(tlsSettings(withSsl(undefined), {})).toEqual({ mode: "verify" });
    expect(tlsSettings(withSsl(true), {})).toEqual({ mode: "verify" });
    expect(tlsSettings(withSsl("true"), {})).toEqual({ mode: "verify" });
    expect(tlsSettings(withSsl(false), {})).toEqual({ mode: "off" });
    expect(tlsSettings(withSsl(false, { host: "localhost" }), {})).toEqual({ mode: "off" });
    expect(tlsSettings(withSsl(false, { host: "127.9.9.9" }), {})).toEqual({ mode: "off" });
  });

  it.each(["db.internal", "10.0.0.5", "127.0.0.1.example.com", "localhost.evil.test"])(
    'refuses "ssl": false to %s (not loopback) unless DB_ALLOW_PLAINTEXT_HOSTS lists it',
    (host) => {
      const secret = withSsl(false, { host });
      const error = strategyError(() => tlsSettings(secret, {}));
      expect(error.code).toBe("TlsPolicyViolation");
      expect(error.message).toContain("DB_ALLOW_PLAINTEXT_HOSTS");
      expect(
        tlsSettings(secret, { DB_ALLOW_PLAINTEXT_HOSTS: `other.internal, ${host.toUpperCase()}` }),
      ).toEqual({
        mode: "off",
      });
    },
  );

  it("no longer reads DB_REQUIRE_TLS: TLS is required everywhere but loopback and listed hosts", () => {
    expect(
      strategyError(() => tlsSettings(withSsl(false, { host: "db" }), { DB_REQUIRE_TLS: "false" })).code,
    ).toBe("TlsPolicyViolation");
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

describe("password policy: floors from configuration, tags only stricter", () => {
  const context = (tags: Record<string, string>) => ({
    description: { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
  });

  it("takes the floor from the environment (default 32, nothing excluded); a tag may ask for more", () => {
    expect(passwordPolicy(context({}), {})).toEqual({ length: 32, excludeCharacters: "" });
    expect(passwordPolicy(context({}), { PASSWORD_LENGTH: "20", EXCLUDE_CHARACTERS: "/@" })).toEqual({
      length: 20,
      excludeCharacters: "/@",
    });
    expect(
      passwordPolicy(context({ "rotation:password-length": "64", "rotation:exclude-characters": "'" }), {
        PASSWORD_LENGTH: "20",
        EXCLUDE_CHARACTERS: "/",
      }),
    ).toEqual({ length: 64, excludeCharacters: "/'" });
  });

  it.each([
    ["a length below the floor", { "rotation:password-length": "31" }, {}],
    ["a length below a configured floor", { "rotation:password-length": "40" }, { PASSWORD_LENGTH: "48" }],
    [
      "a digits-only alphabet at 40",
      {
        "rotation:password-length": "40",
        "rotation:exclude-characters":
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
      },
      {},
    ],
    ["exclusions at the floor's length", { "rotation:exclude-characters": "abc" }, {}],
  ])("refuses %s (RotationNotAllowed)", (_what, tags, env) => {
    expect(strategyError(() => passwordPolicy(context(tags), env)).code).toBe("RotationNotAllowed");
  });

  it("accepts exclusions a longer length pays for", () => {
    expect(
      passwordPolicy(context({ "rotation:password-length": "34", "rotation:exclude-characters": "abc" }), {}),
    ).toEqual({ length: 34, excludeCharacters: "abc" });
  });

  it("refuses lengths GetRandomPassword would refuse, or a configuration that leaves no character", () => {
    expect(strategyError(() => passwordPolicy(context({ "rotation:password-length": "4" }), {})).code).toBe(
      "InvalidSecretShape",
    );
    expect(strategyError(() => passwordPolicy(context({}), { PASSWORD_LENGTH: "ten" })).code).toBe(
      "InvalidSecretShape",
    );
    const everything = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`;
    expect(strategyError(() => passwordPolicy(context({}), { EXCLUDE_CHARACTERS: everything })).code).toBe(
      "RotationNotAllowed",
    );
  });
});
