/**
 * Where a pass that ran out of time keeps its place between runs. A Lambda has no disk, so the cursor lives
 * in a small state secret outside the managed prefix (`secrets-audit/cursor` by default): the audit already
 * talks to Secrets Manager, needs no other service, and its role gets read/write on that one ARN only.
 *
 * The cursor is not secret (a NextToken and counts). It is read and written with the raw commands rather
 * than `getSecretValue`/`putSecretValue`, which register what they carry for redaction: registering the
 * cursor would mask the report's own numbers in every later log line.
 */
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { send } from "../secrets/call.js";
import { isSecretsError } from "../secrets/errors.js";
import type { AuditCalls } from "./calls.js";
import { type AuditCursor, FINDING_TYPES, type FindingCounts } from "./types.js";

export interface CursorStore {
  /** The saved cursor, or undefined when none is saved (or it is unreadable: the pass starts over). */
  load(): Promise<AuditCursor | undefined>;
  save(cursor: AuditCursor): Promise<void>;
  /** Marks the pass finished: the next run starts a new one. */
  clear(): Promise<void>;
}

const countsSchema = z.object(
  Object.fromEntries(FINDING_TYPES.map((type) => [type, z.number().int().nonnegative()])) as Record<
    keyof FindingCounts,
    z.ZodNumber
  >,
);

const cursorSchema = z.object({
  passId: z.string().min(1),
  passStartedAt: z.string(),
  pageToken: z.string().min(1).optional(),
  pageOffset: z.number().int().nonnegative(),
  runsSoFar: z.number().int().nonnegative(),
  scannedSoFar: z.number().int().nonnegative(),
  countsSoFar: countsSchema,
  rotationsSoFar: z.number().int().nonnegative(),
});

/** Parses a stored cursor; anything else (including the cleared `{}`) is no cursor. */
export function parseCursor(text: string | undefined): AuditCursor | undefined {
  if (!text) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as AuditCursor) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @example
 * const store = secretCursorStore("secrets-audit/cursor", { client, calls });
 * const cursor = await store.load();
 */
export function secretCursorStore(
  secretId: string,
  deps: { client?: SecretsManagerClient; calls: AuditCalls },
): CursorStore {
  const options = { client: deps.client };
  const write = async (text: string): Promise<void> => {
    try {
      await deps.calls.run("PutSecretValue", () =>
        send(new PutSecretValueCommand({ SecretId: secretId, SecretString: text }), options),
      );
    } catch (error) {
      if (!isSecretsError(error, "ResourceNotFoundException")) throw error;
      await deps.calls.run("CreateSecret", () =>
        send(
          new CreateSecretCommand({
            Name: secretId,
            Description: "State of the scheduled rotation audit (a resume cursor; no credentials).",
            SecretString: text,
          }),
          options,
        ),
      );
    }
  };
  return {
    async load() {
      try {
        const output = await deps.calls.run("GetSecretValue", () =>
          send<GetSecretValueCommandOutput>(new GetSecretValueCommand({ SecretId: secretId }), options),
        );
        return parseCursor(output.SecretString);
      } catch (error) {
        if (isSecretsError(error, "ResourceNotFoundException")) return undefined;
        throw error;
      }
    },
    save: (cursor) => write(JSON.stringify(cursor)),
    clear: () => write("{}"),
  };
}

/** A cursor store in memory (unit tests, scripts). */
export function memoryCursorStore(
  initial?: AuditCursor,
): CursorStore & { current(): AuditCursor | undefined } {
  let saved = initial;
  return {
    load: async () => saved,
    save: async (cursor) => {
      saved = structuredClone(cursor);
    },
    clear: async () => {
      saved = undefined;
    },
    current: () => saved,
  };
}
