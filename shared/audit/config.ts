/**
 * The audit's configuration, read once from the function's environment (serverless/scheduled-functions.yml
 * sets it). Every number has a default; a malformed one fails the run at start rather than auditing with a
 * policy nobody asked for.
 */
import { z } from "zod";
import type { BackoffOptions } from "./backoff.js";
import type { RateLimits } from "./calls.js";
import { auditPolicyFromEnvironment } from "./policy-settings.js";
import type { AuditPolicy } from "./types.js";

export interface AuditConfig {
  /** Managed secrets: ListSecrets is filtered by this name prefix ("" for none: every secret). */
  prefix: string;
  policy: AuditPolicy;
  /** RotateSecret for overdue secrets that have a rotation function. */
  enforce: boolean;
  /** Secrets audited at once. */
  concurrency: number;
  /** ListSecrets MaxResults. */
  pageSize: number;
  limits: RateLimits;
  backoff: Pick<BackoffOptions, "maxAttempts" | "baseDelayMs" | "maxDelayMs">;
  /** Attempts the SDK itself makes per call (1: the audit's own backoff is the only retry layer). */
  sdkMaxAttempts: number;
  /** Stop starting work with this much of the Lambda's time left. */
  safetyMarginMs: number;
  /** The state secret holding the resume cursor; outside `prefix`. */
  cursorSecretId: string;
  maxFindingsPerLine: number;
}

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((text) => text === "true" || text === "1");

const environmentSchema = z.object({
  SECRETS_PREFIX: z.string().default("app/"),
  AUDIT_ENFORCE: flag,
  AUDIT_CONCURRENCY: count(10),
  AUDIT_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  // Half of AWS's per-account quotas by default: the account's other callers share them.
  AUDIT_LIST_SECRETS_PER_SECOND: count(50),
  AUDIT_LIST_VERSIONS_PER_SECOND: count(25),
  AUDIT_ROTATE_PER_SECOND: count(25),
  AUDIT_BACKOFF_MAX_ATTEMPTS: count(8),
  AUDIT_BACKOFF_BASE_MS: count(100),
  AUDIT_BACKOFF_MAX_MS: count(5_000),
  AUDIT_SDK_MAX_ATTEMPTS: count(1),
  AUDIT_SAFETY_MARGIN_MS: z.coerce.number().int().nonnegative().default(10_000),
  AUDIT_CURSOR_SECRET_ID: z.string().min(1).default("secrets-audit/cursor"),
  AUDIT_MAX_FINDINGS_PER_LINE: count(1_000),
});

/**
 * @example
 * const config = auditConfigFromEnvironment(process.env);
 * config.policy.maxRotationAgeDays // 90 unless AUDIT_MAX_ROTATION_AGE_DAYS says otherwise
 */
export function auditConfigFromEnvironment(environment: Record<string, string | undefined>): AuditConfig {
  // Empty variables (a yml `${env:X, ''}`) mean "not set", except SECRETS_PREFIX: empty there means no
  // prefix (every secret), as for the HTTP API (shared/http/config.ts).
  const present = Object.fromEntries(
    Object.entries(environment).filter(([name, value]) => value !== "" || name === "SECRETS_PREFIX"),
  );
  const env = environmentSchema.parse(present);
  return {
    prefix: env.SECRETS_PREFIX,
    policy: auditPolicyFromEnvironment(environment),
    enforce: env.AUDIT_ENFORCE,
    concurrency: env.AUDIT_CONCURRENCY,
    pageSize: env.AUDIT_PAGE_SIZE,
    limits: {
      ListSecrets: env.AUDIT_LIST_SECRETS_PER_SECOND,
      ListSecretVersionIds: env.AUDIT_LIST_VERSIONS_PER_SECOND,
      RotateSecret: env.AUDIT_ROTATE_PER_SECOND,
    },
    backoff: {
      maxAttempts: env.AUDIT_BACKOFF_MAX_ATTEMPTS,
      baseDelayMs: env.AUDIT_BACKOFF_BASE_MS,
      maxDelayMs: env.AUDIT_BACKOFF_MAX_MS,
    },
    sdkMaxAttempts: env.AUDIT_SDK_MAX_ATTEMPTS,
    safetyMarginMs: env.AUDIT_SAFETY_MARGIN_MS,
    cursorSecretId: env.AUDIT_CURSOR_SECRET_ID,
    maxFindingsPerLine: env.AUDIT_MAX_FINDINGS_PER_LINE,
  };
}
