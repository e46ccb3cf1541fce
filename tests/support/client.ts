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

/**
 * The code and text a refused command shows through the SDK (fails the test when the command succeeds).
 *
 * @example
 * expect(await refusalOf(client, new GetSecretValueCommand({ SecretId: "x" }))).toEqual(["ResourceNotFoundException", "..."]);
 */
export async function refusalOf(client: SecretsManagerClient, command: object): Promise<[string, string]> {
  try {
    await client.send(command as never);
  } catch (error) {
    return [(error as Error).name, (error as Error).message];
  }
  throw new Error("expected the command to be refused");
}
