/**
 * Reads what the authorizer needs of one client's secret, and no more: DescribeSecret (labels,
 * LastRotatedDate, deletion), AWSCURRENT's value, and only when they can be accepted AWSPENDING's
 * (a rotation in progress, per `shared/secrets/pending-rotation`) and AWSPREVIOUS's (a grace running).
 * Values are read by the version ids DescribeSecret named, so the labels reasoned about are those of the
 * values read. In the steady state that is two calls.
 */
import type { CallOptions } from "../secrets/call.js";
import { isSecretsError } from "../secrets/errors.js";
import { describeSecret } from "../secrets/metadata.js";
import { isRotationInProgress, type VersionFacts } from "../secrets/pending-rotation.js";
import type { SecretValue } from "../secrets/types.js";
import { getSecretValue } from "../secrets/values.js";
import { type ClientRecord, tokenOfValue, UnusableClientRecordError } from "./client-record.js";
import { previousGraceEndsAt, rotationGraceEndsAt } from "./grace.js";

/** What one read of a client's secret says. */
export interface CredentialSnapshot {
  /** The AWSCURRENT record: token, scopes, disabled. */
  readonly record: ClientRecord;
  /** AWSPENDING's token, while a rotation is in progress. */
  readonly pendingToken?: string;
  /** AWSPREVIOUS's token, accepted until `graceEndsAt` (epoch ms). */
  readonly previous?: { readonly token: string; readonly graceEndsAt: number };
}

export interface ReadCredentialOptions extends CallOptions {
  /** How AWSCURRENT's text becomes a record; throws `UnusableClientRecordError` for a bad value. */
  parse(text: string): ClientRecord;
  graceMs: number;
  now?: () => number;
}

/**
 * The snapshot of `secretId`, or undefined when no such client exists (no secret, or one scheduled for
 * deletion). Throws `UnusableClientRecordError` when AWSCURRENT holds no usable record, and a
 * `SecretsError` when Secrets Manager fails.
 *
 * @example
 * const snapshot = await readCredential("secrets-api/clients/team-a", { parse, graceMs: 300_000 });
 */
export async function readCredential(
  secretId: string,
  options: ReadCredentialOptions,
): Promise<CredentialSnapshot | undefined> {
  const now = options.now ?? Date.now;
  const description = await orUndefinedWhenGone(() => describeSecret(secretId, options));
  if (!description || description.DeletedDate) return undefined;
  const stages = Object.entries(description.VersionIdsToStages ?? {});
  const holderOf = (stage: string) => stages.find(([, labels]) => labels.includes(stage));
  const currentEntry = holderOf("AWSCURRENT");
  if (!currentEntry) throw new UnusableClientRecordError("no AWSCURRENT version");

  const currentValue = await orUndefinedWhenGone(() =>
    getSecretValue(secretId, { versionId: currentEntry[0] }, options),
  );
  if (!currentValue) return undefined;
  const record = options.parse(textOf(currentValue.value));
  const current: VersionFacts = {
    versionId: currentEntry[0],
    stages: currentEntry[1],
    ...(currentValue.createdDate ? { createdDate: currentValue.createdDate } : {}),
  };

  const [pendingToken, previous] = await Promise.all([
    readPendingToken(secretId, holderOf("AWSPENDING"), current, options),
    readPreviousToken(secretId, holderOf("AWSPREVIOUS"), current, description.LastRotatedDate, options, now),
  ]);
  return {
    record,
    ...(pendingToken ? { pendingToken } : {}),
    ...(previous ? { previous } : {}),
  };
}

async function readPendingToken(
  secretId: string,
  entry: [string, string[]] | undefined,
  current: VersionFacts,
  options: CallOptions,
): Promise<string | undefined> {
  // Cheap checks on the labels first: the date check needs the version read.
  if (!entry || entry[0] === current.versionId || entry[1].includes("AWSPREVIOUS")) return undefined;
  const version = await orUndefinedWhenGone(() => getSecretValue(secretId, { versionId: entry[0] }, options));
  if (!version) return undefined;
  const pending: VersionFacts = {
    versionId: entry[0],
    stages: entry[1],
    ...(version.createdDate ? { createdDate: version.createdDate } : {}),
  };
  return isRotationInProgress(pending, current) ? tokenIn(version.value) : undefined;
}

async function readPreviousToken(
  secretId: string,
  entry: [string, string[]] | undefined,
  current: VersionFacts,
  lastRotatedDate: Date | undefined,
  options: ReadCredentialOptions,
  now: () => number,
): Promise<CredentialSnapshot["previous"]> {
  if (!entry || entry[0] === current.versionId) return undefined;
  const facts = { current, graceMs: options.graceMs, ...(lastRotatedDate ? { lastRotatedDate } : {}) };
  const latestEnd = rotationGraceEndsAt(facts);
  if (latestEnd === undefined || latestEnd <= now()) return undefined;
  const version = await orUndefinedWhenGone(() => getSecretValue(secretId, { versionId: entry[0] }, options));
  if (!version) return undefined;
  const graceEndsAt = previousGraceEndsAt({
    ...facts,
    previous: {
      versionId: entry[0],
      stages: entry[1],
      ...(version.createdDate ? { createdDate: version.createdDate } : {}),
    },
  });
  const token = tokenIn(version.value);
  return graceEndsAt !== undefined && token !== undefined ? { token, graceEndsAt } : undefined;
}

/** The token of a version other than AWSCURRENT, or undefined: such a version never makes the record unusable. */
function tokenIn(value: SecretValue): string | undefined {
  return value.kind === "string" ? tokenOfValue(value.text) : undefined;
}

function textOf(value: SecretValue): string {
  if (value.kind !== "string") throw new UnusableClientRecordError("the value is binary");
  return value.text;
}

/**
 * The call's answer, or undefined when the secret or the version is gone: not found, or scheduled for
 * deletion (Secrets Manager answers InvalidRequestException then).
 */
async function orUndefinedWhenGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (
      isSecretsError(error, "ResourceNotFoundException") ||
      isSecretsError(error, "InvalidRequestException")
    ) {
      return undefined;
    }
    throw error;
  }
}
