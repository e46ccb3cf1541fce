/**
 * The audit's Secrets Manager client: made on first use (never at load time), one per `maxAttempts`, and
 * kept for the container's later runs.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

const clients = new Map<number, SecretsManagerClient>();

/**
 * The SDK retries at most `maxAttempts` times (1 by default): the audit's own backoff does the rest.
 *
 * @example
 * const client = auditClient(config.sdkMaxAttempts); // the same client on every call with 1
 */
export function auditClient(maxAttempts: number): SecretsManagerClient {
  let client = clients.get(maxAttempts);
  if (!client) {
    client = new SecretsManagerClient({ maxAttempts });
    clients.set(maxAttempts, client);
  }
  return client;
}
