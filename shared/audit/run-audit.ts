/**
 * One run of the audit: resume the pass where the cursor says (or start one), page through ListSecrets,
 * inspect each secret (and rotate the overdue ones in enforce mode), stop starting work when the deadline
 * comes, save the cursor (or clear it when the pass is done) and return the run's report.
 */
import { randomUUID } from "node:crypto";
import type { SecretListEntry, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isSecretsError } from "../secrets/errors.js";
import { listSecrets } from "../secrets/metadata.js";
import { createAuditCalls } from "./calls.js";
import type { AuditConfig } from "./config.js";
import { type CursorStore, secretCursorStore } from "./cursor-store.js";
import { type Deadline, NO_DEADLINE } from "./deadline.js";
import { createEnforcer } from "./enforce.js";
import { type Inspection, inspectSecret } from "./inspect-secret.js";
import { fetchPageOrRestart } from "./pager.js";
import { runInOrder } from "./pool.js";
import { serviceNow } from "./service-clock.js";
import {
  type AuditCursor,
  type AuditError,
  type AuditReport,
  type EnforcementOutcome,
  emptyCounts,
  FINDING_TYPES,
  type Finding,
  type FindingCounts,
  type StopReason,
} from "./types.js";

export interface RunAuditOptions {
  config: AuditConfig;
  /** Secrets Manager client; the container's default when absent. */
  client?: SecretsManagerClient;
  deadline?: Deadline;
  /**
   * The time findings are judged at, read once after the cursor is loaded (so the first call has told the
   * SDK the service's time); `serviceNow(client)` by default, `new Date()` without a client.
   */
  now?: () => Date;
  /** Where the cursor is kept; the state secret `config.cursorSecretId` by default. */
  cursorStore?: CursorStore;
  /** Backoff randomness and sleeping (tests make them deterministic). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

function newCursor(at: Date): AuditCursor {
  return {
    passId: randomUUID(),
    passStartedAt: at.toISOString(),
    pageOffset: 0,
    runsSoFar: 0,
    scannedSoFar: 0,
    countsSoFar: emptyCounts(),
    rotationsSoFar: 0,
  };
}

function addCounts(into: FindingCounts, from: FindingCounts): FindingCounts {
  return Object.fromEntries(FINDING_TYPES.map((type) => [type, into[type] + from[type]])) as FindingCounts;
}

/** What the run has gathered so far. */
interface RunTally {
  scanned: number;
  counts: FindingCounts;
  findings: Finding[];
  enforcement: EnforcementOutcome[];
  errors: AuditError[];
}

function record(tally: RunTally, inspection: Inspection, outcome: EnforcementOutcome | undefined): void {
  tally.scanned += 1;
  for (const finding of inspection.findings) {
    tally.counts[finding.type] += 1;
    tally.findings.push(finding);
  }
  if (inspection.error) tally.errors.push(inspection.error);
  if (outcome) tally.enforcement.push(outcome);
}

/**
 * @example
 * const report = await runAudit({
 *   config: auditConfigFromEnvironment(process.env),
 *   deadline: deadlineFrom(() => context.getRemainingTimeInMillis(), 10_000),
 * });
 */
export async function runAudit(options: RunAuditOptions): Promise<AuditReport> {
  const startedAt = performance.now();
  const { config, client } = options;
  const deadline = options.deadline ?? NO_DEADLINE;
  const calls = createAuditCalls({
    limits: config.limits,
    backoff: { ...config.backoff, random: options.random, sleep: options.sleep },
    deadline,
  });
  const store = options.cursorStore ?? secretCursorStore(config.cursorSecretId, { client, calls });
  const saved = await store.load();
  const now = (options.now ?? (() => (client ? serviceNow(client) : new Date())))();
  let cursor = saved ?? newCursor(now);
  let restartedPass = false;
  const enforcer = createEnforcer({ passId: cursor.passId, calls, client });
  const tally: RunTally = { scanned: 0, counts: emptyCounts(), findings: [], enforcement: [], errors: [] };
  const inScope = (entry: SecretListEntry): boolean =>
    (entry.Name ?? "").startsWith(config.prefix) && entry.Name !== config.cursorSecretId;

  const fetchPage = (token: string | undefined) =>
    calls.run("ListSecrets", () =>
      listSecrets(
        {
          namePrefix: config.prefix || undefined,
          maxResults: config.pageSize,
          nextToken: token,
          includePlannedDeletion: true,
          // Oldest first: secrets made during a pass land after the cursor, never shifting it.
          sortOrder: "asc",
        },
        { client },
      ),
    );

  let pageToken = cursor.pageToken;
  let pageOffset = cursor.pageOffset;
  let stopReason: StopReason;
  for (;;) {
    if (deadline.shouldStop()) {
      stopReason = "deadline";
      break;
    }
    let page: Awaited<ReturnType<typeof fetchPage>>;
    try {
      const fetched = await fetchPageOrRestart(pageToken, fetchPage);
      page = fetched.page;
      if (fetched.restarted) {
        // The saved token was refused: what the pass counted so far cannot be trusted to continue from.
        cursor = { ...newCursor(now), passId: cursor.passId, runsSoFar: cursor.runsSoFar };
        restartedPass = true;
        pageToken = undefined;
        pageOffset = 0;
      }
    } catch (error) {
      tally.errors.push({
        name: "",
        operation: "ListSecrets",
        code: isSecretsError(error) ? error.code : "Error",
      });
      stopReason = "list-failed";
      break;
    }
    const entries = page.secrets.slice(pageOffset);
    const results: { inspection: Inspection; outcome?: EnforcementOutcome }[] = [];
    const started = await runInOrder(
      entries,
      config.concurrency,
      async (entry, index) => {
        if (!inScope(entry)) return;
        const inspection = await inspectSecret(entry, { policy: config.policy, now, calls, client });
        const outcome = config.enforce ? await enforcer.enforce(entry, inspection.findings) : undefined;
        results[index] = { inspection, outcome };
      },
      () => !deadline.shouldStop(),
    );
    for (const result of results) if (result) record(tally, result.inspection, result.outcome);
    pageOffset += started;
    if (started < entries.length) {
      stopReason = "deadline";
      break;
    }
    if (!page.nextToken) {
      stopReason = "complete";
      break;
    }
    pageToken = page.nextToken;
    pageOffset = 0;
  }

  const rotations = tally.enforcement.filter((outcome) => outcome.action === "rotation-started").length;
  const pass = {
    scanned: cursor.scannedSoFar + tally.scanned,
    counts: addCounts(cursor.countsSoFar, tally.counts),
    rotations: cursor.rotationsSoFar + rotations,
    runs: cursor.runsSoFar + 1,
    startedAt: cursor.passStartedAt,
  };
  const complete = stopReason === "complete";
  if (complete) {
    // A pass done in one run leaves nothing to clear (and makes no state secret).
    if (saved) await store.clear();
  } else {
    await store.save({
      passId: cursor.passId,
      passStartedAt: cursor.passStartedAt,
      ...(pageToken ? { pageToken } : {}),
      pageOffset,
      runsSoFar: pass.runs,
      scannedSoFar: pass.scanned,
      countsSoFar: pass.counts,
      rotationsSoFar: pass.rotations,
    });
  }
  return {
    passId: cursor.passId,
    run: pass.runs,
    stopReason,
    complete,
    enforce: config.enforce,
    scanned: tally.scanned,
    counts: tally.counts,
    findings: tally.findings,
    enforcement: tally.enforcement,
    errors: tally.errors,
    pass,
    apiCalls: calls.counts().attempts,
    durationMs: Math.round(performance.now() - startedAt),
    restartedPass,
  };
}
