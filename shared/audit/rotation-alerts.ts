/**
 * Publishes failed and abandoned rotations to the alerts SNS topic. Without a topic (locally, where
 * `!Ref` does not resolve) it logs the message it would have published, so the whole loop is visible.
 */
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Logger } from "../observability/logger.js";
import type { RotationEventRecord } from "./rotation-event.js";

export interface RotationAlerts {
  /** Publishes the alert (or logs it); answers what it did. */
  publish(record: RotationEventRecord): Promise<{ published: boolean; messageId?: string }>;
}

/** A topic ARN, or undefined for anything else (unset, empty, an unresolved `[object Object]`). */
function topicArnFrom(value: string | undefined): string | undefined {
  return value?.startsWith("arn:") ? value : undefined;
}

/** The alert's subject (SNS allows 100 characters) and body: names, step and times, never a value. */
function alertMessage(record: RotationEventRecord): { subject: string; message: string } {
  const subject = `${record.eventName}: ${record.secretName}`.slice(0, 100);
  return { subject, message: JSON.stringify({ alert: "secret rotation did not complete", ...record }) };
}

let defaultSnsClient: SNSClient | undefined;

/** One SNS client per container, made on first publish (endpoint and region from the environment). */
function getSnsClient(): SNSClient {
  defaultSnsClient ??= new SNSClient({});
  return defaultSnsClient;
}

/**
 * @example
 * const alerts = createRotationAlerts({ topicArn: process.env.ROTATION_ALERTS_TOPIC_ARN, logger });
 * await alerts.publish(record);
 */
export function createRotationAlerts(options: {
  topicArn?: string;
  logger: Logger;
  client?: Pick<SNSClient, "send">;
}): RotationAlerts {
  const topicArn = topicArnFrom(options.topicArn);
  return {
    async publish(record) {
      const { subject, message } = alertMessage(record);
      if (!topicArn) {
        options.logger.info("rotation alert would be published (no topic configured)", {
          subject,
          alert: record,
        });
        return { published: false };
      }
      const client = options.client ?? getSnsClient();
      const output = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: subject,
          Message: message,
          MessageAttributes: {
            eventName: { DataType: "String", StringValue: record.eventName },
            secretName: { DataType: "String", StringValue: record.secretName },
          },
        }),
      );
      options.logger.info("rotation alert published", { subject, messageId: output.MessageId });
      return { published: true, messageId: output.MessageId };
    },
  };
}
