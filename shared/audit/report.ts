/**
 * How a run's report leaves the function: one structured log line (counts, progress, each finding by
 * name) and EMF metrics, one per finding type. A CloudWatch log event holds at most 256 KB, so past
 * `maxFindingsPerLine` findings the rest follow in "audit findings (continued)" lines of the same run.
 */
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { type AuditReport, FINDING_TYPES, type FindingType } from "./types.js";

/** CloudWatch metric name per finding type. */
export const FINDING_METRICS: Record<FindingType, string> = {
  "rotation-disabled": "RotationDisabled",
  "rotation-overdue": "RotationOverdue",
  "rotation-stuck": "RotationStuck",
  "deletion-scheduled": "DeletionScheduled",
  unused: "SecretUnused",
};

/**
 * @example
 * logAuditReport(logger, report, 2_000);
 */
export function logAuditReport(logger: Logger, report: AuditReport, maxFindingsPerLine: number): void {
  const { findings, ...summary } = report;
  const head = findings.slice(0, maxFindingsPerLine);
  const parts = Math.max(1, Math.ceil(findings.length / maxFindingsPerLine));
  logger.info("audit report", { report: { ...summary, findings: head, findingsParts: parts } });
  for (let part = 1; part < parts; part += 1) {
    const slice = findings.slice(part * maxFindingsPerLine, (part + 1) * maxFindingsPerLine);
    logger.info("audit findings (continued)", {
      passId: report.passId,
      run: report.run,
      part: part + 1,
      findings: slice,
    });
  }
}

/**
 * One metric per finding type (this run's count, so the sum over a pass's runs is the pass's count), plus
 * how much the run did.
 *
 * @example
 * emitAuditMetrics(createMetrics({ service: "audit-rotation" }), report);
 */
export function emitAuditMetrics(metrics: Metrics, report: AuditReport): void {
  for (const type of FINDING_TYPES) metrics.add(FINDING_METRICS[type], report.counts[type]);
  metrics.add("SecretsScanned", report.scanned);
  metrics.add(
    "RotationsStarted",
    report.enforcement.filter((outcome) => outcome.action === "rotation-started").length,
  );
  metrics.add("AuditErrors", report.errors.length);
  metrics.add("AuditIncomplete", report.complete ? 0 : 1);
  metrics.add("AuditDuration", report.durationMs, "Milliseconds");
  metrics.flush();
}
