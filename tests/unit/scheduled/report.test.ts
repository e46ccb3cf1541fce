import { describe, expect, it } from "vitest";
import { emitAuditMetrics, logAuditReport } from "../../../shared/audit/report.js";
import { type AuditReport, emptyCounts, type Finding } from "../../../shared/audit/types.js";
import { createLogger } from "../../../shared/observability/logger.js";
import { createMetrics } from "../../../shared/observability/metrics.js";

function report(findings: Finding[]): AuditReport {
  const counts = emptyCounts();
  for (const finding of findings) counts[finding.type] += 1;
  return {
    passId: "p",
    run: 1,
    stopReason: "complete",
    complete: true,
    enforce: false,
    scanned: findings.length,
    counts,
    findings,
    enforcement: [],
    errors: [],
    pass: { scanned: findings.length, counts, rotations: 0, runs: 1, startedAt: "2030-01-01T00:00:00.000Z" },
    apiCalls: { ListSecrets: 1 },
    durationMs: 5,
    restartedPass: false,
  };
}

const finding = (i: number): Finding => ({
  name: `app/s${i}`,
  type: "unused",
  evidence: { lastAccessedDate: "never" },
});

describe("logAuditReport", () => {
  it("writes one report line with counts and every finding by name", () => {
    const lines: string[] = [];
    logAuditReport(
      createLogger({ service: "t", sink: (line) => lines.push(line) }),
      report([finding(1), finding(2)]),
      100,
    );
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line.message).toBe("audit report");
    expect(line.report.counts.unused).toBe(2);
    expect(line.report.findings.map((f: Finding) => f.name)).toEqual(["app/s1", "app/s2"]);
  });

  it("continues on more lines past the per-line limit, losing nothing", () => {
    const lines: string[] = [];
    const findings = Array.from({ length: 25 }, (_, i) => finding(i));
    logAuditReport(createLogger({ service: "t", sink: (line) => lines.push(line) }), report(findings), 10);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.map((line) => line.message)).toEqual([
      "audit report",
      "audit findings (continued)",
      "audit findings (continued)",
    ]);
    expect(parsed[0].report.findingsParts).toBe(3);
    const names = [...parsed[0].report.findings, ...parsed[1].findings, ...parsed[2].findings].map(
      (f: Finding) => f.name,
    );
    expect(names).toEqual(findings.map((f) => f.name));
  });
});

describe("emitAuditMetrics", () => {
  it("emits one metric per finding type, zeros included, in one EMF document", () => {
    const emf: string[] = [];
    emitAuditMetrics(
      createMetrics({ service: "audit-rotation", sink: (line) => emf.push(line) }),
      report([finding(1)]),
    );
    expect(emf).toHaveLength(1);
    const document = JSON.parse(emf[0] ?? "{}");
    expect(document).toMatchObject({
      RotationDisabled: 0,
      RotationOverdue: 0,
      RotationStuck: 0,
      DeletionScheduled: 0,
      SecretUnused: 1,
      SecretsScanned: 1,
      AuditIncomplete: 0,
    });
    const names = document._aws.CloudWatchMetrics[0].Metrics.map((metric: { Name: string }) => metric.Name);
    expect(names).toContain("RotationStuck");
  });
});
