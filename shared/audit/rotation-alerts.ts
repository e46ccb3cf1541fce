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

/**
 * What the person reading the alert should do, by what failed. A finishSecret failure is a conflict: a
 * value was written around the API during the rotation, and finishSecret moved no label (RotationConflict)
 * rather than lose it; a database's working credentials are then in AWSPENDING and must be kept.
 *
 * @example
 * whatToDo({ eventName: "RotationFailed", details: { failedStep: "finishSecret" } }) // "Do not discard AWSPENDING: …"
 */
export function whatToDo(record: Pick<RotationEventRecord, "eventName" | "details">): string {
  const step = record.details?.failedStep;
  if (record.eventName === "TestRotationFailed") {
    return "The rotation function failed its test (testSecret) of this secret: nothing was rotated. Read the function's log for the error code, fix the secret or the configuration, and test again (POST /secrets/{id}/rotate with rotateImmediately false) before the rotation falls due.";
  }
  if (record.eventName === "RotationAbandoned") {
    return "The rotation was abandoned (cancelled, or its pending version was taken away). AWSCURRENT is unchanged; rotate again when ready.";
  }
  if (step === "finishSecret") {
    return "Do not discard AWSPENDING: AWSCURRENT was moved during the rotation (RotationConflict), so no label was moved; for a database secret the credentials in AWSPENDING are the ones the database accepts now. Read them (GET /secrets/{id}/value?versionStage=AWSPENDING), cancel the rotation (POST /secrets/{id}/rotate/cancel: it keeps that version as rotation-cancelled), write a value that merges those credentials with the change made meanwhile (PUT /secrets/{id}/value), then rotate again.";
  }
  return `AWSCURRENT is unchanged and still works${step ? ` (the rotation stopped at ${step})` : ""}. Read the rotation function's log for the error code; Secrets Manager reattempts the rotation, or cancel it (POST /secrets/{id}/rotate/cancel) to write the secret meanwhile.`;
}

/** The alert's subject (SNS allows 100 characters) and body: names, step, times and advice, never a value. */
function alertMessage(record: RotationEventRecord): { subject: string; message: string } {
  const subject = `${record.eventName}: ${record.secretName}`.slice(0, 100);
  return {
    subject,
    message: JSON.stringify({
      alert: "secret rotation did not complete",
      ...record,
      whatToDo: whatToDo(record),
    }),
  };
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
          whatToDo: whatToDo(record),
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
