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
import type { LambdaFunction } from "./audit-lambda-server";

interface RotationEvent {
  Step: string;
  SecretId: string;
  ClientRequestToken: string;
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
      const described = await client.send(new DescribeSecretCommand({ SecretId }));
      if (described.VersionIdsToStages?.[ClientRequestToken]) return;
      await client.send(new GetSecretValueCommand({ SecretId, VersionStage: "AWSCURRENT" }));
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
