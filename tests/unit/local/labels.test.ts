/**
 * The staging labels kept on a secret's row (local/store/labels.ts): attach order, one version per
 * label, and lists that are never changed in place.
 */
import { describe, expect, it } from "vitest";
import {
  decodeLabels,
  encodeLabels,
  holderOf,
  type Labels,
  labelsByVersion,
  labelsOn,
  NO_LABELS,
  NO_LABELS_TEXT,
  withLabel,
  withoutLabel,
} from "../../../local/store/labels";

const rotated: Labels = [
  ["AWSPREVIOUS", "v1"],
  ["AWSPENDING", "v2"],
  ["AWSCURRENT", "v2"],
];

describe("staging labels", () => {
  it("answers each label's version and each version's labels in attach order", () => {
    expect(holderOf(rotated, "AWSCURRENT")).toBe("v2");
    expect(holderOf(rotated, "custom")).toBeUndefined();
    expect(labelsOn(rotated, "v2")).toEqual(["AWSPENDING", "AWSCURRENT"]);
    expect(labelsOn(rotated, "v9")).toEqual([]);
    expect([...labelsByVersion(rotated)]).toEqual([
      ["v1", ["AWSPREVIOUS"]],
      ["v2", ["AWSPENDING", "AWSCURRENT"]],
    ]);
  });

  it("moves a label off the version that had it and puts it last, leaving the given list as it was", () => {
    const moved = withLabel(rotated, "AWSPENDING", "v1");
    expect(moved).toEqual([
      ["AWSPREVIOUS", "v1"],
      ["AWSCURRENT", "v2"],
      ["AWSPENDING", "v1"],
    ]);
    expect(withLabel(NO_LABELS, "AWSCURRENT", "v1")).toEqual([["AWSCURRENT", "v1"]]);
    expect(withoutLabel(rotated, "AWSPENDING")).toEqual([
      ["AWSPREVIOUS", "v1"],
      ["AWSCURRENT", "v2"],
    ]);
    expect(withoutLabel(rotated, "absent")).toEqual(rotated);
    expect(rotated).toHaveLength(3);
    expect(holderOf(rotated, "AWSPENDING")).toBe("v2");
  });

  it("stores as text and reads back the same list, any label text included", () => {
    const odd: Labels = [
      ['quote " and \\ backslash', "v1"],
      ["line\nbreak", "v2"],
    ];
    expect(decodeLabels(encodeLabels(odd))).toEqual(odd);
    expect(decodeLabels(NO_LABELS_TEXT)).toEqual([]);
    expect(encodeLabels(NO_LABELS)).toBe(NO_LABELS_TEXT);
  });
});
