import { describe, expect, it } from "vitest";
import { type ConsoleAction, parseMe, permissionsFrom, SCOPE_NEEDED } from "../../../console/src/permissions";

const ACTIONS = Object.keys(SCOPE_NEEDED) as ConsoleAction[];

describe("the console's permissions (GET /me)", () => {
  it("reads GET /me's answer and drops scopes of an unknown shape", () => {
    expect(
      parseMe({
        clientId: "ci",
        scopes: ["read:app/ci/", "admin:app/", "write", ":app/", { action: "write", prefix: "app/" }],
      }),
    ).toEqual({ clientId: "ci", scopes: [{ action: "read", prefix: "app/ci/" }] });
    expect(parseMe({ scopes: [] })).toBeUndefined();
    expect(parseMe({ clientId: "ci", scopes: "read" })).toBeUndefined();
    expect(parseMe(null)).toBeUndefined();
  });

  it("offers an action only where a scope with the action it needs covers the name's prefix", () => {
    const permissions = permissionsFrom({
      clientId: "ci",
      scopes: [
        { action: "read", prefix: "app/ci/" },
        { action: "rotate", prefix: "app/ci/db/" },
      ],
    });
    expect(ACTIONS.filter((action) => permissions.can(action, "app/ci/db/main"))).toEqual([
      "reveal",
      "rotate",
    ]);
    expect(ACTIONS.filter((action) => permissions.can(action, "app/ci/api"))).toEqual(["reveal"]);
    expect(ACTIONS.filter((action) => permissions.can(action, "app/other"))).toEqual([]);
    expect(permissions.clientId).toBe("ci");
  });

  it("maps each action to one scope: write edits, delete deletes and restores, rotate rotates", () => {
    expect(SCOPE_NEEDED).toEqual({
      reveal: "read",
      editKeys: "write",
      replaceValue: "write",
      updateMetadata: "write",
      delete: "delete",
      restore: "delete",
      rotate: "rotate",
    });
    const admin = permissionsFrom({
      clientId: "admin",
      scopes: (["read", "write", "delete", "rotate"] as const).map((action) => ({ action, prefix: "app/" })),
    });
    expect(ACTIONS.every((action) => admin.can(action, "app/anything"))).toBe(true);
  });
});
