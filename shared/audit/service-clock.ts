import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * The time as Secrets Manager tells it. The SDK compares every response's `Date` header with the local
 * clock and keeps the difference (when over 5 minutes) in `config.systemClockOffset`; judging dates in
 * the service's time keeps findings right even when the two clocks disagree, as they do by design when
 * the local endpoint's clock has been moved forward.
 *
 * @example
 * const now = serviceNow(client); // after at least one call answered
 */
export function serviceNow(client: SecretsManagerClient): Date {
  const offset = (client.config as { systemClockOffset?: number }).systemClockOffset ?? 0;
  return new Date(Date.now() + offset);
}
