/**
 * The rotation functions' deployed defaults, read off the packaged template: they fail closed. No host
 * allowed, no plain text but to loopback, no user for alternating users, `DB_REQUIRE_TLS` gone.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { packaged, type Template } from "../../support/packaged";

const DATABASE = [
  "RotationPostgresSingleUser",
  "RotationPostgresAlternatingUsers",
  "RotationMysqlSingleUser",
  "RotationMysqlAlternatingUsers",
];

let template: Template;
beforeAll(async () => {
  template = (await packaged("default")).template;
}, 180_000);

function environmentOf(functionName: string): Record<string, unknown> {
  const resource = template.Resources[`${functionName}LambdaFunction`];
  expect(resource?.Type).toBe("AWS::Lambda::Function");
  const environment = resource?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined;
  return environment?.Variables ?? {};
}

describe("the packaged rotation functions' defaults", () => {
  it.each(DATABASE)("%s: no host allowed, no plain text but to loopback, no DB_REQUIRE_TLS", (name) => {
    const environment = environmentOf(name);
    expect(environment.ROTATION_ALLOWED_HOSTS).toBe("");
    expect(environment.DB_ALLOW_PLAINTEXT_HOSTS).toBe("");
    expect(environment).not.toHaveProperty("DB_REQUIRE_TLS");
    expect(environment.PASSWORD_LENGTH).toBe("32");
    expect(environment.NODE_EXTRA_CA_CERTS).toBe("/var/runtime/ca-cert.pem");
  });

  it.each(DATABASE.filter((name) => name.includes("Alternating")))(
    "%s: rotates no user until the deployment says so, privileged users refused",
    (name) => {
      const environment = environmentOf(name);
      expect(environment.ROTATION_ALLOWED_USERS).toBe("");
      expect(environment.ROTATION_ALLOW_PRIVILEGED_USERS).toBe("false");
      expect(environment.ROTATION_MASTER_PREFIX).toBe("rotation-masters/");
    },
  );

  it("rotationGeneric makes passwords of at least the floor's length", () => {
    expect(environmentOf("RotationGeneric").PASSWORD_LENGTH).toBe("32");
  });
});
