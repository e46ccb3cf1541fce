/**
 * Rotation lifecycle events in the shape EventBridge delivers Secrets Manager's CloudTrail service events
 * (`"detail-type": "AWS Service Event via CloudTrail"`), delivered by invoking each events target Lambda
 * with InvocationType Event. An event names the secret by ARN only; it never carries a secret value.
 */
import { randomUUID } from "node:crypto";
import type { EpochSeconds, RotationRequest } from "../core/types";
import { invokeLambda } from "./lambda";

export type RotationEventName =
  | "RotationStarted"
  | "RotationSucceeded"
  | "RotationFailed"
  | "RotationAbandoned"
  | "TestRotationStarted"
  | "TestRotationSucceeded"
  | "TestRotationFailed";

export interface RotationEvent {
  version: "0";
  id: string;
  "detail-type": "AWS Service Event via CloudTrail";
  source: "aws.secretsmanager";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    eventVersion: string;
    userIdentity: { accountId: string; invokedBy: string };
    eventTime: string;
    eventSource: "secretsmanager.amazonaws.com";
    eventName: RotationEventName;
    awsRegion: string;
    sourceIPAddress: string;
    userAgent: string;
    requestParameters: null;
    responseElements: null;
    additionalEventData: { SecretId: string };
    serviceEventDetails?: Record<string, string>;
    requestID: string;
    eventID: string;
    readOnly: boolean;
    eventType: "AwsServiceEvent";
    managementEvent: boolean;
    recipientAccountId: string;
    eventCategory: "Management";
  };
}

/** Builds one event; `details` (for example the failed step) must hold no secret value. */
export function buildRotationEvent(
  eventName: RotationEventName,
  request: RotationRequest,
  now: EpochSeconds,
  details?: Record<string, string>,
): RotationEvent {
  const time = new Date(Math.floor(now) * 1000).toISOString().replace(".000Z", "Z");
  const service = "secretsmanager.amazonaws.com";
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "AWS Service Event via CloudTrail",
    source: "aws.secretsmanager",
    account: request.accountId,
    time,
    region: request.region,
    resources: [],
    detail: {
      eventVersion: "1.08",
      userIdentity: { accountId: request.accountId, invokedBy: service },
      eventTime: time,
      eventSource: service,
      eventName,
      awsRegion: request.region,
      sourceIPAddress: service,
      userAgent: service,
      requestParameters: null,
      responseElements: null,
      additionalEventData: { SecretId: request.secretArn },
      ...(details ? { serviceEventDetails: details } : {}),
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      eventType: "AwsServiceEvent",
      managementEvent: true,
      recipientAccountId: request.accountId,
      eventCategory: "Management",
    },
  };
}

/** Delivers events to every target, one after another in the order they were emitted. */
export class EventDelivery {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly lambdaEndpoint: string,
    private readonly targets: readonly string[],
    private readonly log: (line: string) => void,
  ) {}

  emit(event: RotationEvent): void {
    if (this.targets.length === 0) return;
    this.queue = this.queue
      .then(() => this.deliver(event))
      .catch(() => this.log(`event ${event.detail.eventName} not delivered`));
  }

  /** Resolves once every event emitted so far was handed to its targets. */
  drained(): Promise<void> {
    return this.queue;
  }

  private async deliver(event: RotationEvent): Promise<void> {
    for (const target of this.targets) {
      const result = await invokeLambda(this.lambdaEndpoint, target, event, {
        invocationType: "Event",
        timeoutMs: 10_000,
      });
      if (!result.ok)
        this.log(`event ${event.detail.eventName} to ${target} not delivered: ${result.failure}`);
    }
  }
}
