import { describe, expect, it } from "vitest";
import { rotationBadge } from "../../../console/src/rotation-badge";

describe("the rotation badge", () => {
  it("names each rotationState the API answers, with a tone", () => {
    expect(["rotating", "overdue", "stuck", "deleting", "never rotated", "ok"].map(rotationBadge)).toEqual([
      { label: "rotating", tone: "busy" },
      { label: "overdue", tone: "warning" },
      { label: "stuck", tone: "danger" },
      { label: "deleting", tone: "danger" },
      { label: "never rotated", tone: "neutral" },
      { label: "ok", tone: "ok" },
    ]);
  });

  it("carries the date of a state given as an object", () => {
    expect(rotationBadge({ state: "deleting", date: "2030-01-11T10:00:00Z" })).toEqual({
      label: "deleting",
      tone: "danger",
      date: "2030-01-11T10:00:00Z",
    });
    expect(rotationBadge({ state: "deleting", deletionDate: "2030-01-11T10:00:00Z" })?.date).toBe(
      "2030-01-11T10:00:00Z",
    );
    expect(rotationBadge({ state: "ok" })).toEqual({ label: "ok", tone: "ok" });
  });

  it("shows nothing without a state, and an unknown state plainly", () => {
    for (const none of [undefined, null, "", "  ", 3, {}, { state: 1 }])
      expect(rotationBadge(none)).toBeUndefined();
    expect(rotationBadge("paused")).toEqual({ label: "paused", tone: "neutral" });
  });
});
