/**
 * The audit's vocabulary: what it looks for (findings), by which rules (policy), how far it got (cursor,
 * progress) and what it says at the end (report). Names and dates only: nothing here ever holds a value.
 */

/** The five things the audit reports, in the order the report lists them. */
export const FINDING_TYPES = [
  "rotation-disabled",
  "rotation-overdue",
  "rotation-stuck",
  "deletion-scheduled",
  "unused",
] as const;

export type FindingType = (typeof FINDING_TYPES)[number];

/** One thing wrong with one secret: its name, what, and the dates that show it (ISO strings). */
export interface Finding {
  name: string;
  type: FindingType;
  /** Why, in dates and numbers: e.g. `{ nextRotationDate, overdueDays }`. Never a value. */
  evidence: Record<string, string | number>;
}

/** The rules findings are judged by; every number comes from the function's configuration. */
export interface AuditPolicy {
  /** Secrets whose names start with one of these must rotate even without the tag. */
  rotationRequiredPrefixes: readonly string[];
  /** Tag whose value `true` makes rotation required, and `false` exempts a secret from the prefixes. */
  rotationRequiredTag: string;
  /** A secret that rotates (or must) is overdue when its last rotation is older than this. */
  maxRotationAgeDays: number;
  /** An AWSPENDING version that is not AWSCURRENT and older than this is a stuck rotation. */
  stuckAfterHours: number;
  /** Deletion is reported when the expected deletion date is this close (or past). */
  deletionWarningDays: number;
  /**
   * AWS reports when DeleteSecret was called (DeletedDate), not the recovery window; the audit assumes this
   * window (default 7 days, AWS's shortest) so it never warns too late.
   */
  assumedRecoveryWindowDays: number;
  /** Not read for this long (or never, and older than this) is unused. */
  unusedAfterDays: number;
}

/** Where a pass stopped: the token that fetched the page it was in, and how many of that page were done. */
export interface AuditCursor {
  /** Identifies one pass over every secret, across the runs it takes. */
  passId: string;
  /** When the pass began (ISO). */
  passStartedAt: string;
  /** The NextToken that fetches the page to resume (absent: the first page). */
  pageToken?: string;
  /** Entries of that page already audited. */
  pageOffset: number;
  /** How many runs this pass has taken so far, this one excluded. */
  runsSoFar: number;
  /** Secrets audited in the pass so far. */
  scannedSoFar: number;
  /** Findings per type in the pass so far. */
  countsSoFar: FindingCounts;
  /** RotateSecret calls the pass started so far. */
  rotationsSoFar: number;
}

export type FindingCounts = Record<FindingType, number>;

/** What enforce mode did for one secret. */
export type EnforcementOutcome =
  | { name: string; action: "rotation-started"; versionId: string }
  | { name: string; action: "skipped"; reason: "no-rotation-function" | "rotation-in-progress" }
  | { name: string; action: "failed"; code: string };

/** A secret the audit could not judge (an API call kept failing); named, with AWS's code. */
export interface AuditError {
  name: string;
  operation: string;
  code: string;
}

/** Why a run ended. */
export type StopReason = "complete" | "deadline" | "list-failed";

/** The report of one run: its own findings, and the pass's totals so far. */
export interface AuditReport {
  passId: string;
  run: number;
  stopReason: StopReason;
  complete: boolean;
  enforce: boolean;
  /** Secrets audited by this run. */
  scanned: number;
  counts: FindingCounts;
  findings: Finding[];
  enforcement: EnforcementOutcome[];
  errors: AuditError[];
  /** The pass so far, this run included. */
  pass: { scanned: number; counts: FindingCounts; rotations: number; runs: number; startedAt: string };
  /** Secrets Manager calls this run made, per operation, retries included. */
  apiCalls: Record<string, number>;
  durationMs: number;
  /** True when the previous run's NextToken was refused and the pass began again. */
  restartedPass: boolean;
}

export function emptyCounts(): FindingCounts {
  return Object.fromEntries(FINDING_TYPES.map((type) => [type, 0])) as FindingCounts;
}
