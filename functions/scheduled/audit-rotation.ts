/**
 * `audit-rotation`, on an EventBridge schedule: audits every managed secret's rotation health, logs one
 * report and EMF metrics, rotates overdue secrets in enforce mode, and resumes next run where a run that
 * ran out of time stopped (see docs/audit.md).
 */
import type { Context, ScheduledEvent } from "aws-lambda";
import { auditClient } from "../../shared/audit/client.js";
import { auditConfigFromEnvironment } from "../../shared/audit/config.js";
import { deadlineFrom } from "../../shared/audit/deadline.js";
import { emitAuditMetrics, logAuditReport } from "../../shared/audit/report.js";
import { type RunAuditOptions, runAudit } from "../../shared/audit/run-audit.js";
import type { AuditReport } from "../../shared/audit/types.js";
import { createLogger, type Logger } from "../../shared/observability/logger.js";
import { createMetrics, type Metrics } from "../../shared/observability/metrics.js";

const SERVICE = "audit-rotation";

/** What the invocation answers: the report's summary, without the findings (those are in the log). */
export type AuditRotationResult = Pick<
  AuditReport,
  "passId" | "run" | "stopReason" | "complete" | "scanned" | "counts"
> & {
  rotationsStarted: number;
  passScanned: number;
};

export interface AuditRotationDeps extends Partial<Omit<RunAuditOptions, "config" | "deadline">> {
  environment?: Record<string, string | undefined>;
  logger?: Logger;
  metrics?: Metrics;
}

/**
 * Builds the handler; tests pass a client, a clock or a cursor store, production uses the defaults.
 *
 * @example
 * export const handler = createAuditRotationHandler();
 * await handler(scheduledEvent, context); // { complete: true, scanned: 1000, ... }
 */
export function createAuditRotationHandler(deps: AuditRotationDeps = {}) {
  return async (
    _event: ScheduledEvent | Record<string, unknown>,
    context: Context,
  ): Promise<AuditRotationResult> => {
    const logger = (deps.logger ?? createLogger({ service: SERVICE })).child({
      requestId: context.awsRequestId,
    });
    const config = auditConfigFromEnvironment(deps.environment ?? process.env);
    const report = await runAudit({
      ...deps,
      config,
      client: deps.client ?? auditClient(config.sdkMaxAttempts),
      deadline: deadlineFrom(() => context.getRemainingTimeInMillis(), config.safetyMarginMs),
    });
    logAuditReport(logger, report, config.maxFindingsPerLine);
    emitAuditMetrics(deps.metrics ?? createMetrics({ service: SERVICE }), report);
    return {
      passId: report.passId,
      run: report.run,
      stopReason: report.stopReason,
      complete: report.complete,
      scanned: report.scanned,
      counts: report.counts,
      rotationsStarted: report.enforcement.filter((outcome) => outcome.action === "rotation-started").length,
      passScanned: report.pass.scanned,
    };
  };
}

export const handler = createAuditRotationHandler();
