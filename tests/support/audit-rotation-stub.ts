/**
 * A tiny rotation function following AWS's four-step contract (test fixture only): createSecret puts a new
 * AWSPENDING value, finishSecret moves AWSCURRENT onto it. `failAt` makes one step throw, for RotationFailed.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import type { LambdaFunction } from "../../local/lambda-invoke-server";

interface RotationEvent {
  Step: string;
  SecretId: string;
  ClientRequestToken: string;
}

async function hasPendingValue(client: SecretsManagerClient, SecretId: string, VersionId: string) {
  try {
    await client.send(new GetSecretValueCommand({ SecretId, VersionId, VersionStage: "AWSPENDING" }));
    return true;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return false;
    throw error;
  }
}

/**
 * @example
 * const lambdas = await startLambdaServer({ rotate: rotationStub(client), rotateFailing: rotationStub(client, "setSecret") });
 */
export function rotationStub(client: SecretsManagerClient, failAt?: string): LambdaFunction {
  return async (event) => {
    const { Step, SecretId, ClientRequestToken } = event as RotationEvent;
    if (Step === failAt) throw new Error(`stub failure at ${Step}`);
    if (Step === "createSecret") {
      await client.send(new GetSecretValueCommand({ SecretId, VersionStage: "AWSCURRENT" }));
      // Secrets Manager made the token's version without a value: reading it is ResourceNotFound until put.
      if (await hasPendingValue(client, SecretId, ClientRequestToken)) return;
      await client.send(
        new PutSecretValueCommand({
          SecretId,
          ClientRequestToken,
          SecretString: JSON.stringify({ password: crypto.randomUUID() }),
          VersionStages: ["AWSPENDING"],
        }),
      );
    }
    if (Step === "finishSecret") {
      const described = await client.send(new DescribeSecretCommand({ SecretId }));
      const stages = described.VersionIdsToStages ?? {};
      const current = Object.keys(stages).find((id) => stages[id]?.includes("AWSCURRENT"));
      if (current === ClientRequestToken) return;
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId,
          VersionStage: "AWSCURRENT",
          MoveToVersionId: ClientRequestToken,
          RemoveFromVersionId: current,
        }),
      );
    }
  };
}
