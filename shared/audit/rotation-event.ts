/**
 * Secrets Manager's rotation lifecycle events as EventBridge delivers them from CloudTrail: source
 * `aws.secretsmanager`, detail-type `AWS Service Event via CloudTrail`, `detail.eventName` one of the
 * rotation names, the secret's ARN in `detail.additionalEventData.SecretId`. They carry no secret value.
 */
import { z } from "zod";
import { secretNameFromId } from "../secrets/names.js";

export const ROTATION_EVENT_NAMES = [
  "RotationStarted",
  "RotationSucceeded",
  "RotationFailed",
  "RotationAbandoned",
  "TestRotationStarted",
  "TestRotationSucceeded",
  "TestRotationFailed",
] as const;

export type RotationEventName = (typeof ROTATION_EVENT_NAMES)[number];

/** The events someone must hear about: a rotation that did not happen. */
export const ALERTING_EVENT_NAMES: ReadonlySet<RotationEventName> = new Set([
  "RotationFailed",
  "RotationAbandoned",
  "TestRotationFailed",
]);

/** What the handler keeps of one event: names, ids and times only. */
export interface RotationEventRecord {
  eventName: RotationEventName;
  secretArn: string;
  secretName: string;
  eventTime: string;
  eventId: string;
  account: string;
  region: string;
  /** AWS's serviceEventDetails (e.g. the failed step), when present. */
  details?: Record<string, string>;
}

const eventSchema = z.object({
  id: z.string().default(""),
  source: z.literal("aws.secretsmanager"),
  "detail-type": z.literal("AWS Service Event via CloudTrail"),
  account: z.string().default(""),
  region: z.string().default(""),
  time: z.string().default(""),
  resources: z.array(z.string()).default([]),
  detail: z.object({
    eventName: z.string(),
    eventTime: z.string().optional(),
    eventID: z.string().optional(),
    additionalEventData: z.object({ SecretId: z.string().optional() }).partial().nullish(),
    serviceEventDetails: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const isRotationEventName = (name: string): name is RotationEventName =>
  (ROTATION_EVENT_NAMES as readonly string[]).includes(name);

/** Keeps only string details, since a detail object is logged and published as it is. */
function stringDetails(
  details: Record<string, unknown> | null | undefined,
): Record<string, string> | undefined {
  if (!details) return undefined;
  const kept = Object.entries(details).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string",
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

export type ParsedRotationEvent =
  | { kind: "rotation"; record: RotationEventRecord }
  | { kind: "ignored"; reason: string };

/**
 * @example
 * const parsed = parseRotationEvent(event);
 * if (parsed.kind === "rotation") console.log(parsed.record.secretName);
 */
export function parseRotationEvent(event: unknown): ParsedRotationEvent {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) return { kind: "ignored", reason: "not a Secrets Manager service event" };
  const { detail, ...envelope } = parsed.data;
  if (!isRotationEventName(detail.eventName)) return { kind: "ignored", reason: "not a rotation event" };
  const secretArn = detail.additionalEventData?.SecretId ?? envelope.resources[0] ?? "";
  if (!secretArn) return { kind: "ignored", reason: "no secret named" };
  const details = stringDetails(detail.serviceEventDetails);
  return {
    kind: "rotation",
    record: {
      eventName: detail.eventName,
      secretArn,
      secretName: secretNameFromId(secretArn),
      eventTime: detail.eventTime ?? envelope.time,
      eventId: detail.eventID ?? envelope.id,
      account: envelope.account,
      region: envelope.region,
      ...(details ? { details } : {}),
    },
  };
}
