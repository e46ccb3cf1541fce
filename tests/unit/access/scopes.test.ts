import { describe, expect, it } from "vitest";
import { isTokenOf, tokenClientId, tokenClientOfSecret } from "../../../shared/access/api-token.js";
import { principalFromEvent, toAuthorizerContext } from "../../../shared/access/authorizer-context.js";
import { parseClientRecord, UnusableClientRecordError } from "../../../shared/access/client-record.js";
import { isAllowed, mayListUnder } from "../../../shared/access/decisions.js";
import type { Principal } from "../../../shared/access/principal.js";
import { allActionsOn, parseScope, parseScopes, ScopeError } from "../../../shared/access/scopes.js";

const teamA: Principal = {
  clientId: "team-a",
  scopes: parseScopes(["read:app/team-a/", "write:app/team-a/", "read:app/shared/"], "app/"),
};

describe("scopes", () => {
  it("parse as action:prefix, inside SECRETS_PREFIX, ending with /", () => {
    expect(parseScope("read:app/team-a/", "app/")).toEqual({ action: "read", prefix: "app/team-a/" });
    for (const bad of [
      "read",
      "admin:app/x/",
      "read:other/x/",
      "read:app/team-a",
      "read:app/with space/",
      ":app/",
    ]) {
      expect(() => parseScope(bad, "app/"), bad).toThrow(ScopeError);
    }
    // SECRETS_PREFIX itself is a scope's prefix even when empty (the admin's, when every name is managed).
    expect(parseScope("read:", "")).toEqual({ action: "read", prefix: "" });
  });

  it("hold at most 10 distinct prefixes; duplicates count once", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `read:app/p${i}/`);
    expect(parseScopes([...ten, ...ten.map((s) => s.replace("read", "write")), ten[0]], "app/")).toHaveLength(
      20,
    );
    expect(() => parseScopes([...ten, "read:app/p10/"], "app/")).toThrow(/at most 10 prefixes/);
  });
});

describe("decisions", () => {
  it("allow an action only under a prefix that grants it, case-sensitively, never for a sibling", () => {
    expect(isAllowed(teamA, "read", "app/team-a/db")).toBe(true);
    expect(isAllowed(teamA, "write", "app/team-a/db")).toBe(true);
    expect(isAllowed(teamA, "delete", "app/team-a/db")).toBe(false);
    expect(isAllowed(teamA, "write", "app/shared/db")).toBe(false);
    expect(isAllowed(teamA, "read", "app/team-ab/db")).toBe(false);
    expect(isAllowed(teamA, "read", "app/team-a")).toBe(false);
    expect(isAllowed(teamA, "read", "app/Team-A/db")).toBe(false);
  });

  it("judge an ARN on its name, and never widen a scope through AWS's suffix", () => {
    const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}`;
    expect(isAllowed(teamA, "read", arn("app/team-a/db-AbC123"))).toBe(true);
    expect(isAllowed(teamA, "read", arn("app/team-ab/db-AbC123"))).toBe(false);
    expect(isAllowed(teamA, "read", arn("app/team-a"))).toBe(false);
  });

  it("deny everything to a client without scopes", () => {
    const none: Principal = { clientId: "none", scopes: [] };
    for (const action of ["read", "write", "delete", "rotate"] as const) {
      expect(isAllowed(none, action, "app/x/y")).toBe(false);
    }
    expect(mayListUnder(none, "app/")).toBe(false);
  });

  it("let a list run under a filter that meets a read prefix", () => {
    expect(mayListUnder(teamA, "app/")).toBe(true);
    expect(mayListUnder(teamA, "app/team-a/sub/")).toBe(true);
    expect(mayListUnder(teamA, "app/team-b/")).toBe(false);
  });
});

describe("the authorizer's context", () => {
  it("round-trips a principal, and anything else is no principal", () => {
    const context = toAuthorizerContext(teamA);
    expect(context).toEqual({
      clientId: "team-a",
      scopes: "read:app/team-a/ write:app/team-a/ read:app/shared/",
    });
    const event = (lambda: unknown) => ({ requestContext: { authorizer: { lambda } } });
    expect(principalFromEvent(event(context), "app/")).toEqual(teamA);
    expect(principalFromEvent(event({ ...context, scopes: "" }), "app/")).toEqual({
      clientId: "team-a",
      scopes: [],
    });
    for (const bad of [
      undefined,
      null,
      "x",
      {},
      { clientId: "team-a" },
      { clientId: 1, scopes: "" },
      { ...context, scopes: "read:other/" },
    ]) {
      expect(principalFromEvent(event(bad), "app/"), JSON.stringify(bad)).toBeUndefined();
    }
    expect(principalFromEvent({ requestContext: {} }, "app/")).toBeUndefined();
  });
});

describe("tokens and client records", () => {
  it("name their client; anything else is the admin's (a token from before clients)", () => {
    const random = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
    expect(tokenClientId(`team-a.${random}`)).toBe("team-a");
    expect(isTokenOf("team-a", `team-a.${random}`)).toBe(true);
    expect(isTokenOf("team-a", `team-b.${random}`)).toBe(false);
    expect(isTokenOf("team-a", `team-a.${random}!`)).toBe(false);
    for (const legacy of ["tok-3f9a", "a^b=c|d\\e;f(g{h$i", "Team.abcdefghijklmnopqrstuvwxyz"]) {
      expect(tokenClientId(legacy)).toBeUndefined();
    }
  });

  it("belong to secrets known by their configured names only", () => {
    expect(tokenClientOfSecret("secrets-api/token")).toBe("admin");
    expect(tokenClientOfSecret("secrets-api/clients/team-a")).toBe("team-a");
    expect(tokenClientOfSecret("secrets-api/clients/admin")).toBeUndefined();
    expect(tokenClientOfSecret("app/secrets-api/clients/team-a")).toBeUndefined();
    expect(tokenClientOfSecret("app/db")).toBeUndefined();
  });

  it("read a client's record; the admin's scopes are every action on the prefix", () => {
    const text = JSON.stringify({ token: "team-a.x", scopes: ["read:app/team-a/"], disabled: true });
    expect(parseClientRecord(text, "team-a", "app/")).toEqual({
      token: "team-a.x",
      scopes: [{ action: "read", prefix: "app/team-a/" }],
      disabled: true,
    });
    expect(parseClientRecord('{"token":"t0k3n-old"}', "admin", "app/")).toEqual({
      token: "t0k3n-old",
      scopes: allActionsOn("app/"),
      disabled: false,
    });
    for (const bad of [
      "not json",
      "[]",
      "{}",
      '{"token":""}',
      '{"token":"t","scopes":"read:app/"}',
      '{"token":"t","scopes":["read:other/"]}',
      '{"token":"t","scopes":[],"disabled":"no"}',
    ]) {
      expect(() => parseClientRecord(bad, "team-a", "app/"), bad).toThrow(UnusableClientRecordError);
    }
  });
});
