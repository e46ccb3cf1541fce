/** What the alternating-users strategies refuse, before any database is asked (see alternating-policy.ts). */
import { describe, expect, it } from "vitest";
import {
  alternatingPolicy,
  assertMasterAllowed,
  assertNotMaster,
  assertNotPrivileged,
  assertUserAllowed,
} from "../../../shared/rotation/database/alternating-policy.js";
import { StrategyError } from "../../../shared/rotation/errors.js";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as StrategyError).code).toBe("RotationNotAllowed");
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

const ARN = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`;

describe("alternatingPolicy", () => {
  it("defaults: masters under rotation-masters/, no allowlist, privileged users refused", () => {
    expect(alternatingPolicy({})).toEqual({ masterPrefix: "rotation-masters/", allowPrivilegedUsers: false });
  });

  it("reads the prefixes, the allowlist and the privileged-users switch", () => {
    expect(
      alternatingPolicy({
        ROTATION_MASTER_PREFIX: "db-masters/",
        SECRETS_PREFIX: "app/",
        ROTATION_ALLOWED_USERS: " app , reports_*,,",
        ROTATION_ALLOW_PRIVILEGED_USERS: "true",
      }),
    ).toEqual({
      masterPrefix: "db-masters/",
      apiPrefix: "app/",
      allowedUsers: ["app", "reports_*"],
      allowPrivilegedUsers: true,
    });
  });
});

describe("assertMasterAllowed", () => {
  const policy = alternatingPolicy({ SECRETS_PREFIX: "app/" });

  it("accepts a master under the master prefix, as a name or an ARN", () => {
    expect(() => assertMasterAllowed("rotation-masters/db", policy)).not.toThrow();
    expect(() => assertMasterAllowed(ARN("rotation-masters/db"), policy)).not.toThrow();
  });

  it.each([
    "app/db/master",
    ARN("app/db/master"),
    "rotation-mastersX/db",
    "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/rotation-masters/db-AbCdEf",
  ])("refuses %s (outside the master prefix)", (masterArn) => {
    expect(refusal(() => assertMasterAllowed(masterArn, policy))).toMatch(/not under the master prefix/);
  });

  it("refuses a master under the API's prefix even when the master prefix is inside it", () => {
    const inside = alternatingPolicy({ SECRETS_PREFIX: "app/", ROTATION_MASTER_PREFIX: "app/masters/" });
    expect(refusal(() => assertMasterAllowed("app/masters/db", inside))).toMatch(/could hand it out/);
  });

  it("treats an empty SECRETS_PREFIX as no API prefix: the master-prefix check alone applies", () => {
    const noApiPrefix = alternatingPolicy({ SECRETS_PREFIX: "" });
    expect(noApiPrefix).toEqual({ masterPrefix: "rotation-masters/", allowPrivilegedUsers: false });
    expect(() => assertMasterAllowed("rotation-masters/db", noApiPrefix)).not.toThrow();
    expect(() => assertMasterAllowed("rotation-masters/db", { ...noApiPrefix, apiPrefix: "" })).not.toThrow();
    expect(refusal(() => assertMasterAllowed("app/db/master", noApiPrefix))).toMatch(
      /not under the master prefix/,
    );
  });
});

describe("assertUserAllowed, assertNotMaster, assertNotPrivileged", () => {
  it("without an allowlist every user may be rotated; with one, only its names and prefixes", () => {
    expect(() => assertUserAllowed("anyone", alternatingPolicy({}))).not.toThrow();
    const listed = alternatingPolicy({ ROTATION_ALLOWED_USERS: "app,reports_*" });
    expect(() => assertUserAllowed("app", listed)).not.toThrow();
    expect(() => assertUserAllowed("reports_eu", listed)).not.toThrow();
    expect(refusal(() => assertUserAllowed("app2", listed))).toMatch(/ROTATION_ALLOWED_USERS/);
    expect(refusal(() => assertUserAllowed("postgres", listed))).toMatch(/"postgres"/);
  });

  it("refuses the master's own name, trailing spaces ignored as MySQL ignores them", () => {
    expect(() => assertNotMaster(["app", "app_clone"], "master")).not.toThrow();
    expect(refusal(() => assertNotMaster(["master_clone", "master"], "master"))).toMatch(
      /master user itself/,
    );
    expect(refusal(() => assertNotMaster(["root  "], "root"))).toMatch(/master user itself/);
  });

  it("refuses a privileged user unless ROTATION_ALLOW_PRIVILEGED_USERS=true", () => {
    expect(() => assertNotPrivileged("app", [], alternatingPolicy({}))).not.toThrow();
    expect(refusal(() => assertNotPrivileged("admin", ["SUPERUSER"], alternatingPolicy({})))).toMatch(
      /"admin" has elevated privileges \(SUPERUSER\)/,
    );
    expect(() =>
      assertNotPrivileged(
        "admin",
        ["SUPERUSER"],
        alternatingPolicy({ ROTATION_ALLOW_PRIVILEGED_USERS: "true" }),
      ),
    ).not.toThrow();
  });
});
