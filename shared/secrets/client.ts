/**
 * One Secrets Manager client per container, made on first use. Endpoint and region come from the
 * standard environment (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL`, `AWS_REGION`), so the
 * same code talks to AWS in production and to the local endpoint in development and tests.
 */

import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

let defaultClient: SecretsManagerClient | undefined;

/**
 * @example
 * const client = getSecretsClient();
 * await client.send(new DescribeSecretCommand({ SecretId: "app/db" }));
 */
export function getSecretsClient(): SecretsManagerClient {
  defaultClient ??= new SecretsManagerClient({});
  return defaultClient;
}

/** Replaces the default client (tests), or forgets it so the next call makes a new one from the environment. */
export function setSecretsClient(client?: SecretsManagerClient): void {
  defaultClient = client;
}
