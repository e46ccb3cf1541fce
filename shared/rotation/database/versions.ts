/** The database secrets one step works with, parsed, each read only when the step needs it. */
import { getSecretValue } from "../../secrets/values.js";
import { RotationErrorCodes, StrategyError } from "../errors.js";
import type { StepContext } from "../types.js";
import { readPending, readStage, readStageIfAny } from "../versions.js";
import { type DatabaseSecret, parseDatabaseSecret } from "./credentials.js";
import type { DatabaseDriver } from "./driver.js";

function textOf(value: { kind: string; text?: string }, which: string): string {
  if (value.kind !== "string" || value.text === undefined) {
    throw new StrategyError(RotationErrorCodes.InvalidSecret, `the ${which} value is binary, not JSON`);
  }
  return value.text;
}

function checkEngine(secret: DatabaseSecret, driver: DatabaseDriver, which: string): DatabaseSecret {
  if (secret.engine !== "" && !driver.engines.includes(secret.engine)) {
    throw new StrategyError(
      RotationErrorCodes.InvalidSecret,
      `the ${which} value's engine "${secret.engine}" is not one of ${driver.engines.join(", ")}`,
    );
  }
  return secret;
}

export async function currentSecret(context: StepContext, driver: DatabaseDriver): Promise<DatabaseSecret> {
  const version = await readStage(context, "AWSCURRENT");
  return checkEngine(
    parseDatabaseSecret(textOf(version.value, "current"), "current", driver.defaultPort),
    driver,
    "current",
  );
}

/** AWSPREVIOUS, when there is one and it parses; a broken old version is no reason to fail. */
export async function previousSecret(
  context: StepContext,
  driver: DatabaseDriver,
): Promise<DatabaseSecret | undefined> {
  const version = await readStageIfAny(context, "AWSPREVIOUS");
  if (version?.value.kind !== "string") return undefined;
  try {
    return parseDatabaseSecret(version.value.text, "previous", driver.defaultPort);
  } catch {
    return undefined;
  }
}

export async function pendingSecret(context: StepContext, driver: DatabaseDriver): Promise<DatabaseSecret> {
  const version = await readPending(context);
  if (!version) {
    throw new StrategyError(
      RotationErrorCodes.InvalidSecret,
      "there is no pending value: createSecret has not run",
    );
  }
  return checkEngine(
    parseDatabaseSecret(textOf(version.value, "pending"), "pending", driver.defaultPort),
    driver,
    "pending",
  );
}

/** The master secret named by `masterarn`, read at AWSCURRENT. */
export async function masterSecret(
  context: StepContext,
  driver: DatabaseDriver,
  masterArn: string,
): Promise<DatabaseSecret> {
  const version = await getSecretValue(masterArn, { versionStage: "AWSCURRENT" }, { client: context.client });
  return parseDatabaseSecret(textOf(version.value, "master"), "master", driver.defaultPort);
}

/** Refuses a pending value that points somewhere else than the current one. */
export function assertSameServer(a: DatabaseSecret, b: DatabaseSecret, which: string): void {
  if (a.host !== b.host || a.port !== b.port) {
    throw new StrategyError(RotationErrorCodes.InvalidSecret, `the ${which} value points at another server`);
  }
}
