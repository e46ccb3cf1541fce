/** What the alternating-users strategies refuse, before any database is asked (see alternating-policy.ts). */
import { describe, expect, it } from "vitest";
import {
  alternatingPolicy,
  assertMasterAllowed,
  assertNotMaster,
  assertNotPrivileged,
  assertUserListed,
  rotatableUsersOf,
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
  it("defaults: masters under rotation-masters/, no narrowing, privileged users refused", () => {
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

describe("who may be rotated: the master's rotatableUsers, narrowed by ROTATION_ALLOWED_USERS", () => {
  it("reads rotatableUsers as names and prefix* patterns; anything else lists nobody", () => {
    expect(rotatableUsersOf({ rotatableUsers: ["app", "reports_*"] })).toEqual(["app", "reports_*"]);
    for (const listed of [undefined, "app", [], ["app", 5], ["app", ""], { app: true }]) {
      expect(rotatableUsersOf({ rotatableUsers: listed })).toEqual([]);
    }
  });

  it("allows a listed base user, by name or by a pattern, and says which", () => {
    const policy = alternatingPolicy({});
    expect(assertUserListed("app", ["app", "reports_*"], policy)).toEqual({ byName: true });
    expect(assertUserListed("reports_eu", ["app", "reports_*"], policy)).toEqual({ byName: false });
    expect(refusal(() => assertUserListed("app2", ["app", "reports_*"], policy))).toMatch(
      /"app2" is not in the master secret's rotatableUsers/,
    );
    expect(refusal(() => assertUserListed("app", [], policy))).toMatch(/lists no rotatableUsers/);
  });

  it("ROTATION_ALLOWED_USERS unset narrows nothing, empty allows none, `*` every listed user, names only those", () => {
    const list = ["app", "reports_*"];
    expect(alternatingPolicy({}).allowedUsers).toBeUndefined();
    expect(
      refusal(() => assertUserListed("app", list, alternatingPolicy({ ROTATION_ALLOWED_USERS: "" }))),
    ).toMatch(/ROTATION_ALLOWED_USERS is empty/);
    expect(assertUserListed("reports_eu", list, alternatingPolicy({ ROTATION_ALLOWED_USERS: "*" }))).toEqual({
      byName: false,
    });
    const narrowed = alternatingPolicy({ ROTATION_ALLOWED_USERS: "reports_*" });
    expect(() => assertUserListed("reports_eu", list, narrowed)).not.toThrow();
    expect(refusal(() => assertUserListed("app", list, narrowed))).toMatch(/ROTATION_ALLOWED_USERS/);
    // The deployment cannot widen the master's list.
    expect(() =>
      assertUserListed("other", list, alternatingPolicy({ ROTATION_ALLOWED_USERS: "*" })),
    ).toThrow();
  });

  it("refuses the master's own name, trailing spaces ignored as MySQL ignores them", () => {
    expect(() => assertNotMaster(["app", "app_clone"], "master")).not.toThrow();
    expect(refusal(() => assertNotMaster(["master_clone", "master"], "master"))).toMatch(
      /master user itself/,
    );
    expect(refusal(() => assertNotMaster(["root  "], "root"))).toMatch(/master user itself/);
  });

  it("refuses powers always, unless listed by name with ROTATION_ALLOW_PRIVILEGED_USERS=true; a database owner when listed by name", () => {
    const power = [{ kind: "power" as const, reason: "SUPERUSER" }];
    const owner = [{ kind: "owner" as const, reason: "owns the database shop" }];
    const strict = alternatingPolicy({});
    const lenient = alternatingPolicy({ ROTATION_ALLOW_PRIVILEGED_USERS: "true" });
    expect(() => assertNotPrivileged("app", [], { byName: false }, strict)).not.toThrow();
    expect(refusal(() => assertNotPrivileged("admin", power, { byName: true }, strict))).toMatch(
      /"admin" has elevated privileges \(SUPERUSER\)/,
    );
    expect(refusal(() => assertNotPrivileged("admin", power, { byName: false }, lenient))).toMatch(
      /SUPERUSER/,
    );
    expect(() => assertNotPrivileged("admin", power, { byName: true }, lenient)).not.toThrow();
    expect(refusal(() => assertNotPrivileged("app", owner, { byName: false }, lenient))).toMatch(
      /owns the database/,
    );
    expect(() => assertNotPrivileged("app", owner, { byName: true }, strict)).not.toThrow();
  });
});
