import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport, Finding } from "../../../shared/audit/types";
import { type AuditWorld, startAuditWorld } from "../../support/audit-world";

const sorted = (findings: Finding[]) =>
  [...findings].sort((a, b) => `${a.name} ${a.type}`.localeCompare(`${b.name} ${b.type}`));

describe("a deadline shorter than the work", () => {
  let world: AuditWorld;
  // 300 secrets in pages of 20 at 5 pages a second (after a burst of 5): about 2 s of work.
  const slow = { AUDIT_PAGE_SIZE: "20", AUDIT_LIST_SECRETS_PER_SECOND: "5", AUDIT_SAFETY_MARGIN_MS: "300" };

  beforeAll(async () => {
    world = await startAuditWorld();
    await world.seed(300);
  }, 60_000);

  afterAll(() => world?.close());

  it("stops cleanly before the Lambda timeout, reports its progress, and the next run finishes the pass", async () => {
    const baseline: AuditReport = await world.audit(slow);
    expect(baseline.complete).toBe(true);

    const budgetMs = 900;
    const started = performance.now();
    const remaining = () => budgetMs - (performance.now() - started);
    const first = await world.invokeAuditHandler(slow, remaining);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(budgetMs);
    expect(first.result).toMatchObject({ complete: false, stopReason: "deadline" });
    expect(first.result.scanned).toBeGreaterThan(0);
    expect(first.result.scanned).toBeLessThan(300);
    const firstReport = first.lines.find((line) => line.message === "audit report")?.report as AuditReport;
    expect(firstReport.pass).toMatchObject({ scanned: first.result.scanned, runs: 1 });
    const incomplete = first.lines.find((line) => "AuditIncomplete" in line);
    expect(incomplete?.AuditIncomplete).toBe(1);

    // The cursor waits in the state secret, outside the managed prefix.
    const state = await world.client.send(new GetSecretValueCommand({ SecretId: "secrets-audit/cursor" }));
    expect(JSON.parse(state.SecretString ?? "{}")).toMatchObject({
      passId: first.result.passId,
      scannedSoFar: first.result.scanned,
    });

    const second = await world.invokeAuditHandler(slow, () => 60_000);
    expect(second.result).toMatchObject({
      complete: true,
      passId: first.result.passId,
      run: 2,
      passScanned: 300,
    });
    expect(first.result.scanned + second.result.scanned).toBe(300);
    const secondReport = second.lines.find((line) => line.message === "audit report")?.report as AuditReport;
    expect(secondReport.pass.counts).toEqual(baseline.counts);
    expect(sorted([...firstReport.findings, ...secondReport.findings])).toEqual(sorted(baseline.findings));
  });
});
