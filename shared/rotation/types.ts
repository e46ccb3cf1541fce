/** The shapes the rotation engine and its strategies speak in. */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Logger } from "../observability/logger.js";
import type { SecretDescription } from "../secrets/metadata.js";

/** AWS's four rotation steps, in the order Secrets Manager invokes them. */
export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What Secrets Manager sends the rotation Lambda, once per step. */
export interface RotationEvent {
  Step: RotationStep;
  /** The secret's ARN (a name works too). */
  SecretId: string;
  /** The id of the version this rotation makes (AWSPENDING until finishSecret). */
  ClientRequestToken: string;
  /** Sent by newer Secrets Manager releases; passed back on PutSecretValue when present. */
  RotationToken?: string;
}

/** Everything one step needs; the engine builds it after the version checks passed. */
export interface StepContext {
  step: RotationStep;
  /** The secret's ARN as DescribeSecret returned it. */
  secretId: string;
  /** The secret's name, safe to log and to put in errors. */
  secretName: string;
  /** The version being made. */
  token: string;
  rotationToken?: string;
  description: SecretDescription;
  /** The Secrets Manager client every call of this step uses (undefined: the container's default). */
  client?: SecretsManagerClient;
  logger: Logger;
}

/**
 * One way of rotating a secret: the first three steps. finishSecret is the same for every strategy
 * (move AWSCURRENT), so the engine owns it.
 */
export interface RotationStrategy {
  /** Short name for logs and metrics: `generic`, `postgres-single-user`, ... */
  readonly name: string;
  createSecret(context: StepContext): Promise<void>;
  setSecret(context: StepContext): Promise<void>;
  testSecret(context: StepContext): Promise<void>;
}
