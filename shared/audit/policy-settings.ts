/**
 * The audit's policy from the environment (`AUDIT_REQUIRED_PREFIXES`, `AUDIT_MAX_ROTATION_AGE_DAYS`, ...):
 * read by the scheduled audit (config.ts) and by `GET /secrets` for its rotation states, so both judge a
 * secret by the same policy. Plain code, no schema library: an HTTP route's bundle carries it.
 */
import { DEFAULT_POLICY } from "./policy.js";
import type { AuditPolicy } from "./types.js";

type Environment = Record<string, string | undefined>;

/** A setting that cannot be used: the message names it. */
export class AuditSettingError extends Error {
  override readonly name = "AuditSettingError";
}

/** The variable's text, or undefined when unset or empty (a yml `${env:X, ''}` means "not set"). */
function textOf(env: Environment, name: string): string | undefined {
  const text = env[name]?.trim();
  return text === undefined || text === "" ? undefined : text;
}

function numberOf(env: Environment, name: string, fallback: number, bounds: { min: number; max?: number }) {
  const text = textOf(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < bounds.min || (bounds.max !== undefined && value > bounds.max)) {
    const range = bounds.max === undefined ? `at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
    throw new AuditSettingError(`${name} must be a number ${range}`);
  }
  return value;
}

/**
 * @example
 * auditPolicyFromEnvironment({ AUDIT_MAX_ROTATION_AGE_DAYS: "30" }).maxRotationAgeDays // 30
 */
export function auditPolicyFromEnvironment(env: Environment): AuditPolicy {
  const prefixes = textOf(env, "AUDIT_REQUIRED_PREFIXES") ?? "";
  return {
    rotationRequiredPrefixes: prefixes
      .split(",")
      .map((prefix) => prefix.trim())
      .filter(Boolean),
    rotationRequiredTag: textOf(env, "AUDIT_REQUIRED_TAG") ?? DEFAULT_POLICY.rotationRequiredTag,
    maxRotationAgeDays: numberOf(env, "AUDIT_MAX_ROTATION_AGE_DAYS", DEFAULT_POLICY.maxRotationAgeDays, {
      min: 0,
    }),
    stuckAfterHours: numberOf(env, "AUDIT_STUCK_AFTER_HOURS", DEFAULT_POLICY.stuckAfterHours, { min: 0 }),
    deletionWarningDays: numberOf(env, "AUDIT_DELETION_WARNING_DAYS", DEFAULT_POLICY.deletionWarningDays, {
      min: 0,
    }),
    // AWS's recovery window is 7 to 30 days.
    assumedRecoveryWindowDays: numberOf(
      env,
      "AUDIT_ASSUMED_RECOVERY_WINDOW_DAYS",
      DEFAULT_POLICY.assumedRecoveryWindowDays,
      { min: 7, max: 30 },
    ),
    unusedAfterDays: numberOf(env, "AUDIT_UNUSED_AFTER_DAYS", DEFAULT_POLICY.unusedAfterDays, { min: 0 }),
  };
}
