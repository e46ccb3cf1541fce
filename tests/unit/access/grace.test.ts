import { describe, expect, it } from "vitest";
import { previousGraceEndsAt, rotationGraceEndsAt } from "../../../shared/access/grace.js";

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, seconds));
const GRACE = 300_000;
const version = (id: string, stages: string[], seconds: number) => ({
  versionId: id,
  stages,
  createdDate: at(seconds),
});

describe("the previous token's grace", () => {
  it("runs from LastRotatedDate after a finished rotation", () => {
    const facts = {
      lastRotatedDate: at(5),
      current: version("v2", ["AWSCURRENT", "AWSPENDING"], 1),
      previous: version("v1", ["AWSPREVIOUS"], 0),
      graceMs: GRACE,
    };
    expect(previousGraceEndsAt(facts)).toBe(at(5).getTime() + GRACE);
    // AWS may take AWSPENDING off once the rotation finished: the grace stands.
    expect(previousGraceEndsAt({ ...facts, current: version("v2", ["AWSCURRENT"], 1) })).toBe(
      at(5).getTime() + GRACE,
    );
  });

  it("runs from the new version's date while the rotation is finishing (labels moved, date not yet recorded)", () => {
    const facts = {
      lastRotatedDate: at(-100),
      current: version("v2", ["AWSCURRENT", "AWSPENDING"], 1),
      previous: version("v1", ["AWSPREVIOUS"], 0),
      graceMs: GRACE,
    };
    expect(previousGraceEndsAt(facts)).toBe(at(1).getTime() + GRACE);
    expect(previousGraceEndsAt({ ...facts, lastRotatedDate: undefined })).toBe(at(1).getTime() + GRACE);
  });

  it("is none after a put: LastRotatedDate is older than the current version", () => {
    expect(
      previousGraceEndsAt({
        lastRotatedDate: at(5),
        current: version("v3", ["AWSCURRENT"], 10),
        previous: version("v2", ["AWSPREVIOUS", "AWSPENDING"], 1),
        graceMs: GRACE,
      }),
    ).toBeUndefined();
  });

  it("is none after a rollback by hand: the previous version is the newer one", () => {
    expect(
      previousGraceEndsAt({
        lastRotatedDate: at(5),
        current: version("v1", ["AWSCURRENT"], 0),
        previous: version("v2", ["AWSPREVIOUS", "AWSPENDING"], 1),
        graceMs: GRACE,
      }),
    ).toBeUndefined();
  });

  it("is none after a hand move forward onto a version made after the last rotation", () => {
    expect(
      rotationGraceEndsAt({
        lastRotatedDate: at(5),
        current: version("v9", ["AWSCURRENT"], 20),
        graceMs: GRACE,
      }),
    ).toBeUndefined();
  });

  it("fails closed without dates", () => {
    const current = { versionId: "v2", stages: ["AWSCURRENT", "AWSPENDING"] };
    expect(
      previousGraceEndsAt({
        lastRotatedDate: at(5),
        current,
        previous: version("v1", [], 0),
        graceMs: GRACE,
      }),
    ).toBeUndefined();
    expect(
      previousGraceEndsAt({
        lastRotatedDate: at(5),
        current: version("v2", ["AWSCURRENT"], 1),
        previous: { versionId: "v1", stages: ["AWSPREVIOUS"] },
        graceMs: GRACE,
      }),
    ).toBeUndefined();
  });
});
