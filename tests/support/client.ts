import { SecretsManagerClient, type SecretsManagerClientConfig } from "@aws-sdk/client-secrets-manager";

/** An SDK v3 client pointed at a local endpoint with dummy credentials; no retries unless asked. */
export function localClient(
  url: string,
  config: Partial<SecretsManagerClientConfig> = {},
): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" },
    maxAttempts: 1,
    ...config,
  });
}
