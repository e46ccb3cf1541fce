import { describe, expect, it } from "vitest";
import { auditConfigFromEnvironment } from "../../../shared/audit/config.js";

describe("auditConfigFromEnvironment", () => {
  it("has a default for everything", () => {
    const config = auditConfigFromEnvironment({});
    expect(config).toMatchObject({
      prefix: "app/",
      enforce: false,
      pageSize: 100,
      sdkMaxAttempts: 1,
      cursorSecretId: "secrets-audit/cursor",
      limits: { ListSecrets: 50, RotateSecret: 25, ListSecretVersionIds: 25 },
      policy: { maxRotationAgeDays: 90, stuckAfterHours: 24, rotationRequiredTag: "rotation:required" },
    });
  });

  it("reads the policy, enforce mode and limits, treating empty variables as unset", () => {
    const config = auditConfigFromEnvironment({
      AUDIT_ENFORCE: "true",
      AUDIT_REQUIRED_PREFIXES: "app/prod/, app/shared/",
      AUDIT_MAX_ROTATION_AGE_DAYS: "30",
      AUDIT_ROTATE_PER_SECOND: "10",
      AUDIT_STUCK_AFTER_HOURS: "",
    });
    expect(config.enforce).toBe(true);
    expect(config.policy.rotationRequiredPrefixes).toEqual(["app/prod/", "app/shared/"]);
    expect(config.policy.maxRotationAgeDays).toBe(30);
    expect(config.policy.stuckAfterHours).toBe(24);
    expect(config.limits.RotateSecret).toBe(10);
  });

  it("treats an empty SECRETS_PREFIX as no prefix, as the HTTP API does", () => {
    expect(auditConfigFromEnvironment({ SECRETS_PREFIX: "" }).prefix).toBe("");
    expect(auditConfigFromEnvironment({ SECRETS_PREFIX: "team/" }).prefix).toBe("team/");
  });

  it("refuses a malformed setting rather than audit with a policy nobody asked for", () => {
    expect(() => auditConfigFromEnvironment({ AUDIT_ENFORCE: "yes" })).toThrow();
    expect(() => auditConfigFromEnvironment({ AUDIT_PAGE_SIZE: "500" })).toThrow();
    expect(() => auditConfigFromEnvironment({ AUDIT_ASSUMED_RECOVERY_WINDOW_DAYS: "3" })).toThrow();
  });
});

describe("serviceNow", () => {
  it("is the local time moved by the offset the SDK learned from the service's Date header", async () => {
    const { SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
    const { serviceNow } = await import("../../../shared/audit/service-clock.js");
    const client = new SecretsManagerClient({ region: "us-east-1" });
    expect(Math.abs(serviceNow(client).getTime() - Date.now())).toBeLessThan(1_000);
    client.config.systemClockOffset = 100 * 86_400_000;
    expect(serviceNow(client).getTime() - Date.now()).toBeGreaterThan(99 * 86_400_000);
  });
});
