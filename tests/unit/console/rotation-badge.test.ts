import { describe, expect, it } from "vitest";
import { type RotationState, rotationBadge } from "../../../console/src/rotation-badge";

describe("the rotation badge", () => {
  it("names each rotationState the API answers, with a tone", () => {
    const states: RotationState["state"][] = [
      "rotating",
      "overdue",
      "stuck",
      "deleting",
      "never rotated",
      "ok",
    ];
    expect(states.map((state) => rotationBadge({ state }))).toEqual([
      { label: "rotating", tone: "busy" },
      { label: "overdue", tone: "warning" },
      { label: "stuck", tone: "danger" },
      { label: "deleting", tone: "danger" },
      { label: "never rotated", tone: "neutral" },
      { label: "ok", tone: "ok" },
    ]);
  });

  it("carries the date a deletion was scheduled", () => {
    expect(rotationBadge({ state: "deleting", deletedDate: "2030-01-11T10:00:00Z" })).toEqual({
      label: "deleting",
      tone: "danger",
      date: "2030-01-11T10:00:00Z",
    });
  });

  it("shows nothing without a state, and a state this console does not know plainly", () => {
    expect(rotationBadge(undefined)).toBeUndefined();
    expect(rotationBadge({ state: "paused" } as unknown as RotationState)).toEqual({
      label: "paused",
      tone: "neutral",
    });
  });
});
