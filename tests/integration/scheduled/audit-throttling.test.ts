import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport, Finding } from "../../../shared/audit/types";
import { type AuditWorld, startAuditWorld } from "../../support/audit-world";

const sorted = (findings: Finding[]) =>
  [...findings].sort((a, b) => `${a.name} ${a.type}`.localeCompare(`${b.name} ${b.type}`));
const comparable = (report: AuditReport) => ({
  scanned: report.scanned,
  counts: report.counts,
  findings: sorted(report.findings),
});

describe("the audit under throttling", () => {
  let world: AuditWorld;

  beforeAll(async () => {
    world = await startAuditWorld();
    await world.seed(200);
  }, 60_000);

  afterAll(async () => {
    await world?.test.control("throttle", { share: 0 });
    await world?.close();
  });

  it("completes with the same report when half of all calls answer ThrottlingException", async () => {
    const calm = await world.audit({ AUDIT_PAGE_SIZE: "20" });
    expect(calm.complete).toBe(true);

    await world.test.control("throttle", { share: 0.5 });
    const throttled = await world.audit({ AUDIT_PAGE_SIZE: "20" });
    await world.test.control("throttle", { share: 0 });

    expect(throttled.complete).toBe(true);
    expect(throttled.errors).toEqual([]);
    expect(comparable(throttled)).toEqual(comparable(calm));
    // Every second call was refused, so the audit had to ask again for about half its pages.
    expect(calm.apiCalls.ListSecrets).toBe(10);
    expect(throttled.apiCalls.ListSecrets).toBeGreaterThanOrEqual(15);
  });
});
