/**
 * The rotation engine: one guard in front of four named steps, as AWS's rotation templates do it, with
 * the Secrets Manager client injected (or the container's lazily made default), never made at load time.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createLogger, type Logger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { describeSecret } from "../secrets/metadata.js";
import { secretNameFromId } from "../secrets/names.js";
import { causeCodeOf, toRotationError } from "./errors.js";
import { parseRotationEvent } from "./event.js";
import { moveCurrentToToken } from "./finish.js";
import { checkVersion } from "./guard.js";
import type { RotationEvent, RotationStrategy, StepContext } from "./types.js";

export interface EngineOptions {
  /** The Secrets Manager client; the container's default (from the standard environment) when absent. */
  client?: SecretsManagerClient;
  logger?: Logger;
  metrics?: Metrics;
}

/** How one invocation ended, for logs and tests. */
export type StepOutcome = "done" | "already current";

/**
 * Runs one rotation step of `strategy` for `rawEvent`, after the version checks.
 *
 * @example
 * await runRotationStep(genericStrategy(), { Step: "createSecret", SecretId: arn, ClientRequestToken: id });
 */
export async function runRotationStep(
  strategy: RotationStrategy,
  rawEvent: unknown,
  options: EngineOptions = {},
): Promise<StepOutcome> {
  const event = parseRotationEvent(rawEvent);
  const logger = (options.logger ?? createLogger({ service: `rotation-${strategy.name}` })).child({
    step: event.Step,
    // Not `secret`: the logger masks fields of that name whole.
    secretName: secretNameFromId(event.SecretId),
    versionId: event.ClientRequestToken,
  });
  const metrics = options.metrics ?? createMetrics({ service: `rotation-${strategy.name}` });
  const started = performance.now();
  try {
    const outcome = await guardedStep(strategy, event, options.client, logger);
    // A step that found its version already AWSCURRENT did nothing: it is counted apart from real work.
    const metric = outcome === "already current" ? "RotationStepSkipped" : "RotationStepSucceeded";
    metrics.add(metric, 1, "Count", { step: event.Step });
    logger.info("rotation step finished", { outcome, ms: Math.round(performance.now() - started) });
    return outcome;
  } catch (error) {
    const failure = toRotationError(error, event.Step, secretNameFromId(event.SecretId));
    metrics.add("RotationStepFailed", 1, "Count", { step: event.Step });
    logger.error("rotation step failed", { code: failure.code, cause: causeCodeOf(error), error: failure });
    throw failure;
  } finally {
    metrics.flush();
  }
}

async function guardedStep(
  strategy: RotationStrategy,
  event: RotationEvent,
  client: SecretsManagerClient | undefined,
  logger: Logger,
): Promise<StepOutcome> {
  const description = await describeSecret(event.SecretId, { client });
  const secretName = description.Name ?? secretNameFromId(event.SecretId);
  if (checkVersion(description, event.ClientRequestToken, event.Step, secretName) === "already current") {
    return "already current";
  }
  const context: StepContext = {
    step: event.Step,
    secretId: description.ARN ?? event.SecretId,
    secretName,
    token: event.ClientRequestToken,
    ...(event.RotationToken ? { rotationToken: event.RotationToken } : {}),
    description,
    client,
    logger,
  };
  try {
    if (event.Step === "finishSecret") await moveCurrentToToken(context);
    else await strategy[event.Step](context);
  } catch (error) {
    throw toRotationError(error, event.Step, secretName);
  }
  return "done";
}

/**
 * The Lambda handler of a strategy. The event is checked first and the strategy made on first use
 * after that, so a cold start that fails its event check never loads a database driver's connection
 * settings.
 *
 * @example
 * export const handler = createRotationHandler(() => genericStrategy());
 */
export function createRotationHandler(
  makeStrategy: () => RotationStrategy,
  options: EngineOptions = {},
): (event: unknown) => Promise<void> {
  let strategy: RotationStrategy | undefined;
  return async (rawEvent) => {
    // The event is checked before the strategy is made: a malformed one is refused as runRotationStep
    // would refuse it, without loading the strategy's settings.
    const event = parseRotationEvent(rawEvent);
    strategy ??= makeStrategy();
    await runRotationStep(strategy, event, options);
  };
}
