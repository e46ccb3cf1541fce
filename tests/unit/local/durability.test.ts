import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RotationRequest } from "../../../local/core/types";
import { CTX, LAMBDA, makeHarness } from "./core-harness";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-core-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("durable store", () => {
  it("keeps secrets across a close and reopen", () => {
    const dir = tempDir();
    const first = makeHarness({ dataDir: dir });
    first.call("CreateSecret", { Name: "kept", SecretString: "v", Tags: [{ Key: "k", Value: "v" }] });
    first.core.close();
    const second = makeHarness({ dataDir: dir });
    expect(second.call("GetSecretValue", { SecretId: "kept" }).SecretString).toBe("v");
    second.core.close();
  });

  it("keeps an answered write when the process is killed with SIGKILL right after", () => {
    const dir = tempDir();
    const root = resolve(__dirname, "../../..");
    const script = `
      const { createCore, createClock } = require("./local/core/index");
      const core = createCore({ dataDir: ${JSON.stringify(dir)}, clock: createClock(), rotation: { startRotation() {}, rotationAbandoned() {} } });
      core.dispatch("CreateSecret", { Name: "survivor", SecretString: "still here", ClientRequestToken: "survivor-token-0000000000000000000000" }, ${JSON.stringify(CTX)});
      process.kill(process.pid, "SIGKILL");`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    expect(child.signal).toBe("SIGKILL");
    const reopened = makeHarness({ dataDir: dir });
    expect(reopened.call("GetSecretValue", { SecretId: "survivor" }).SecretString).toBe("still here");
    reopened.core.close();
  });

  it("forgets at start-up a rotation the previous process was running; its AWSPENDING version stays", () => {
    const dir = tempDir();
    const first = makeHarness({ dataDir: dir });
    const original = first.call("CreateSecret", { Name: "rotating", SecretString: "v" }).VersionId;
    const pending = first.call("RotateSecret", { SecretId: "rotating", RotationLambdaARN: LAMBDA }).VersionId;
    expect(first.refusal("RotateSecret", { SecretId: "rotating" }).code).toBe("InvalidRequestException");
    expect(first.started).toHaveLength(1);
    first.core.close(); // the runner dies here, before it could report an outcome

    const second = makeHarness({ dataDir: dir });
    // As on AWS, the unfinished AWSPENDING version refuses the next rotation, which reattempts it (once).
    expect(second.refusal("RotateSecret", { SecretId: "rotating" }).code).toBe("InvalidRequestException");
    expect(second.refusal("RotateSecret", { SecretId: "rotating" }).code).toBe("InvalidRequestException");
    expect(second.started.map((r) => r.clientRequestToken)).toEqual([pending]);
    second.call("PutSecretValue", {
      SecretId: "rotating",
      SecretString: "v2",
      ClientRequestToken: pending,
      VersionStages: ["AWSPENDING"],
    });
    second.call("UpdateSecretVersionStage", {
      SecretId: "rotating",
      VersionStage: "AWSCURRENT",
      MoveToVersionId: pending,
      RemoveFromVersionId: original,
    });
    second.core.recordRotationOutcome(second.started[0] as RotationRequest, "succeeded");
    expect(second.call("RotateSecret", { SecretId: "rotating" }).VersionId).toBeTruthy();
    expect(second.started).toHaveLength(2);
    second.core.close();
  });

  it("removes at start-up the version of a test run (RotateImmediately=false) the previous process left", () => {
    const dir = tempDir();
    const first = makeHarness({ dataDir: dir });
    const original = first.call("CreateSecret", { Name: "tested", SecretString: "v" }).VersionId;
    first.call("RotateSecret", { SecretId: "tested", RotationLambdaARN: LAMBDA, RotateImmediately: false });
    const test = first.started[0]?.clientRequestToken ?? "";
    expect(first.call("DescribeSecret", { SecretId: "tested" }).VersionIdsToStages[test]).toEqual([
      "AWSPENDING",
    ]);
    first.core.close();

    const second = makeHarness({ dataDir: dir });
    expect(second.call("DescribeSecret", { SecretId: "tested" }).VersionIdsToStages).toEqual({
      [original]: ["AWSCURRENT"],
    });
    const all = second.call("ListSecretVersionIds", { SecretId: "tested", IncludeDeprecated: true }).Versions;
    expect(all).toHaveLength(1);
    expect(second.call("RotateSecret", { SecretId: "tested" }).VersionId).toBeTruthy();
    second.core.close();
  });

  // Start-up and write speed at 10,000 secrets are figures of `npm run bench`, not timed assertions here.
  it("reopens a store of 10,000 secrets with every secret readable and listable", () => {
    const dir = tempDir();
    const seeded = makeHarness({ dataDir: dir });
    for (let i = 0; i < 10_000; i++)
      seeded.call("CreateSecret", { Name: `bulk/${i}`, SecretString: `v${i}` });
    for (let i = 0; i < 150; i++) seeded.call("CreateSecret", { Name: `late-${i}`, SecretString: "v" });
    seeded.core.close();

    const reopened = makeHarness({ dataDir: dir });
    expect(reopened.core.secretCount()).toBe(10_150);
    expect(reopened.call("GetSecretValue", { SecretId: "bulk/9999" }).SecretString).toBe("v9999");
    const page = reopened.call("ListSecrets", {
      MaxResults: 100,
      Filters: [{ Key: "name", Values: ["late-"] }],
    });
    expect(page.SecretList).toHaveLength(100);
    const rest = reopened.call("ListSecrets", {
      MaxResults: 100,
      NextToken: page.NextToken,
      Filters: [{ Key: "name", Values: ["late-"] }],
    });
    expect(rest.SecretList).toHaveLength(50);
    reopened.core.close();
  }, 120_000);
});
