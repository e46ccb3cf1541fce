/**
 * The rotation functions' deployed defaults (serverless/rotation-functions.yml) fail closed: no host
 * allowed, no plain text but to loopback, no user for alternating users, and `DB_REQUIRE_TLS` gone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const REPO = join(__dirname, "..", "..", "..");
const functions = parse(readFileSync(join(REPO, "serverless", "rotation-functions.yml"), "utf8"), {
  merge: true,
}) as Record<string, { environment?: Record<string, string> }>;

/** The default of `${env:NAME, 'default'}`, or the value itself. */
const defaultOf = (value: string | undefined) =>
  /^\$\{env:[A-Z_]+, '(.*)'\}$/.exec(value ?? "")?.[1] ?? value;

const DATABASE = Object.keys(functions).filter((name) => name !== "rotationGeneric");

describe("serverless/rotation-functions.yml defaults", () => {
  it("declares the five functions", () => {
    expect(Object.keys(functions).sort()).toEqual([
      "rotationGeneric",
      "rotationMysqlAlternatingUsers",
      "rotationMysqlSingleUser",
      "rotationPostgresAlternatingUsers",
      "rotationPostgresSingleUser",
    ]);
  });

  it.each(DATABASE)("%s: no host allowed, no plain text but to loopback, no DB_REQUIRE_TLS", (name) => {
    const environment = functions[name]?.environment ?? {};
    expect(defaultOf(environment.ROTATION_ALLOWED_HOSTS)).toBe("");
    expect(defaultOf(environment.DB_ALLOW_PLAINTEXT_HOSTS)).toBe("");
    expect(environment).not.toHaveProperty("DB_REQUIRE_TLS");
    expect(defaultOf(environment.PASSWORD_LENGTH)).toBe("32");
  });

  it.each(DATABASE.filter((name) => name.includes("Alternating")))(
    "%s: rotates no user until the deployment says so, privileged users refused",
    (name) => {
      const environment = functions[name]?.environment ?? {};
      expect(defaultOf(environment.ROTATION_ALLOWED_USERS)).toBe("");
      expect(defaultOf(environment.ROTATION_ALLOW_PRIVILEGED_USERS)).toBe("false");
      expect(defaultOf(environment.ROTATION_MASTER_PREFIX)).toBe("rotation-masters/");
    },
  );
});
