import type { SecretVersionsListEntry } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { isRotationInProgress, rotationInProgress } from "../../../shared/secrets/pending-rotation.js";

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, seconds));

describe("isRotationInProgress", () => {
  const current = { versionId: "v1", stages: ["AWSCURRENT"], createdDate: at(0) };

  it("is true for AWSPENDING alone on a version newer than AWSCURRENT", () => {
    expect(
      isRotationInProgress({ versionId: "v2", stages: ["AWSPENDING"], createdDate: at(1) }, current),
    ).toBe(true);
  });

  it.each([
    ["beside AWSCURRENT (a finished rotation)", ["AWSPENDING", "AWSCURRENT"], at(1)],
    ["beside AWSPREVIOUS (a put moved AWSCURRENT past it)", ["AWSPENDING", "AWSPREVIOUS"], at(1)],
    ["on a version older than AWSCURRENT", ["AWSPENDING"], at(-1)],
    ["on a version made in the same instant", ["AWSPENDING"], at(0)],
    ["on a version without a date", ["AWSPENDING"], undefined],
    ["without AWSPENDING", ["custom"], at(1)],
  ])("is false %s", (_case, stages, createdDate) => {
    const pending = { versionId: "v2", stages, ...(createdDate ? { createdDate } : {}) };
    expect(isRotationInProgress(pending, current)).toBe(false);
  });

  it("is false without an AWSCURRENT version, or when both labels name one version", () => {
    const pending = { versionId: "v2", stages: ["AWSPENDING"], createdDate: at(1) };
    expect(isRotationInProgress(pending, undefined)).toBe(false);
    expect(isRotationInProgress(pending, { ...pending, stages: ["AWSCURRENT"] })).toBe(false);
  });
});

describe("rotationInProgress", () => {
  it("finds the pending version in a ListSecretVersionIds page, or none", () => {
    const versions: SecretVersionsListEntry[] = [
      { VersionId: "v0", VersionStages: ["AWSPREVIOUS"], CreatedDate: at(0) },
      { VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: at(1) },
      { VersionId: "v2", VersionStages: ["AWSPENDING"], CreatedDate: at(2) },
    ];
    expect(rotationInProgress(versions)?.versionId).toBe("v2");
    expect(rotationInProgress(versions.slice(0, 2))).toBeUndefined();
    const [previous, current] = versions;
    const pendingBesidePrevious = { ...previous, VersionStages: ["AWSPREVIOUS", "AWSPENDING"] };
    expect(rotationInProgress([pendingBesidePrevious, current ?? {}])).toBeUndefined();
  });
});
