/**
 * `on-rotation-event`, on an EventBridge rule for Secrets Manager's rotation events: logs one structured
 * record per event, a metric per event name (the secret's name a property beside it, not a dimension: a
 * dimension per secret is a custom metric per secret), and publishes failed or abandoned rotations to the
 * alerts topic (or logs that it would, where no topic is configured).
 */
import type { Context, EventBridgeEvent } from "aws-lambda";
import { createRotationAlerts, type RotationAlerts } from "../../shared/audit/rotation-alerts.js";
import { ALERTING_EVENT_NAMES, parseRotationEvent } from "../../shared/audit/rotation-event.js";
import { createLogger, type Logger } from "../../shared/observability/logger.js";
import { createMetrics, type Metrics } from "../../shared/observability/metrics.js";

const SERVICE = "on-rotation-event";

export type OnRotationEventResult =
  | { handled: true; eventName: string; secretName: string; alerted: boolean; published: boolean }
  | { handled: false; reason: string };

export interface OnRotationEventDeps {
  environment?: Record<string, string | undefined>;
  logger?: Logger;
  metrics?: Metrics;
  alerts?: RotationAlerts;
}

/**
 * @example
 * export const handler = createOnRotationEventHandler();
 * await handler(rotationFailedEvent, context); // { handled: true, alerted: true, published: ... }
 */
export function createOnRotationEventHandler(deps: OnRotationEventDeps = {}) {
  return async (
    event: EventBridgeEvent<string, unknown> | Record<string, unknown>,
    context: Context,
  ): Promise<OnRotationEventResult> => {
    const environment = deps.environment ?? process.env;
    const logger = (deps.logger ?? createLogger({ service: SERVICE })).child({
      requestId: context.awsRequestId,
    });
    const parsed = parseRotationEvent(event);
    if (parsed.kind === "ignored") {
      logger.warn("event ignored", { reason: parsed.reason });
      return { handled: false, reason: parsed.reason };
    }
    const { record } = parsed;
    const alerted = ALERTING_EVENT_NAMES.has(record.eventName);
    logger.info("rotation event", { rotationEvent: record, alerted });

    const metrics = deps.metrics ?? createMetrics({ service: SERVICE });
    metrics.add(record.eventName, 1, "Count", {}, { SecretName: record.secretName });
    metrics.flush();

    let published = false;
    if (alerted) {
      const alerts =
        deps.alerts ?? createRotationAlerts({ topicArn: environment.ROTATION_ALERTS_TOPIC_ARN, logger });
      // A failed publish throws, so EventBridge's asynchronous invocation retries the event.
      published = (await alerts.publish(record)).published;
    }
    return { handled: true, eventName: record.eventName, secretName: record.secretName, alerted, published };
  };
}

export const handler = createOnRotationEventHandler();
