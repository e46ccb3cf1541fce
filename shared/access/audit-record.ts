/**
 * The audit trail: exactly one record per request, written by the function that ends it (the
 * authorizer for the requests it refuses, the route for every other). One JSON line beside the logs,
 * marked `"kind":"audit"`, written whatever `LOG_LEVEL` says. Every field is code-chosen: ids, names,
 * codes, counts. Never a value or a token: a user agent that holds the request's token is masked.
 */

import { writeJsonLine } from "../observability/logger.js";
import { secretNameFromId } from "../secrets/names.js";
import type { Action } from "./actions.js";
import { ANONYMOUS_CLIENT_ID } from "./principal.js";

export interface AuditRecord {
  kind: "audit";
  /** When the request ended (ISO 8601). */
  time: string;
  /** The function that wrote the record: `authorizer` or the route's service name. */
  service: string;
  /** The Lambda request id (unique per request even where the gateway's is not, as under serverless offline). */
  requestId: string;
  /** API Gateway's request id (`$context.requestId` in the stage's access log), when it gave one. */
  apiRequestId: string | null;
  /** The proven client, or `anonymous`. */
  clientId: string;
  /** The client a refused token named, unproven (only on the authorizer's refusals). */
  claimedClientId?: string;
  /** `GET /secrets/{id}/value` and the like. */
  route: string | null;
  /** The secret's name as the request gave it (an ARN's name part); null for a list, `GET /me` and the authorizer's refusals. */
  secretName: string | null;
  action: Action | null;
  status: number;
  /** The error code of a refusal or failure; null for a success. */
  code: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  durationMs: number;
}

export interface AuditInput {
  service: string;
  requestId: string;
  apiRequestId?: string | undefined;
  clientId?: string | undefined;
  claimedClientId?: string | undefined;
  route?: string | undefined;
  secretId?: string | undefined;
  action?: Action | undefined;
  status: number;
  code?: string | undefined;
  sourceIp?: string | undefined;
  userAgent?: string | undefined;
  /** The request's `Authorization` header: a user agent that repeats its token is masked. */
  authorization?: string | undefined;
  startedAt: number;
}

/** Longest user agent kept; longer ones are cut. */
const MAX_USER_AGENT = 256;
/** What a secret id in a request may hold to be recorded: a name's or an ARN's characters. */
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;

/**
 * @example
 * auditRecord({ service: "get-secret-value", requestId, clientId: "team-a", route: "GET /secrets/{id}/value",
 *   secretId: "app/team-a/db", action: "read", status: 200, startedAt })
 */
export function auditRecord(input: AuditInput): AuditRecord {
  const record: AuditRecord = {
    kind: "audit",
    time: new Date().toISOString(),
    service: input.service,
    requestId: input.requestId,
    apiRequestId: input.apiRequestId ?? null,
    clientId: input.clientId ?? ANONYMOUS_CLIENT_ID,
    route: input.route ?? null,
    secretName:
      input.secretId !== undefined && SECRET_ID.test(input.secretId)
        ? secretNameFromId(input.secretId)
        : null,
    action: input.action ?? null,
    status: input.status,
    code: input.code ?? null,
    sourceIp: input.sourceIp ?? null,
    userAgent: userAgentOf(input.userAgent, input.authorization),
    durationMs: Math.max(0, Date.now() - input.startedAt),
  };
  if (input.claimedClientId !== undefined) record.claimedClientId = input.claimedClientId;
  return record;
}

/** Writes one audit record as one JSON line (through the logger's sink). */
export function writeAuditRecord(input: AuditInput): void {
  writeJsonLine(auditRecord(input));
}

/**
 * The audit record a log line holds, or undefined (`npm start --audit-log` picks them out of the output).
 *
 * @example
 * const record = auditRecordOf(line); // { kind: "audit", ... } or undefined
 */
export function auditRecordOf(line: string): AuditRecord | undefined {
  if (!line.startsWith('{"kind":"audit"')) return undefined;
  try {
    return JSON.parse(line) as AuditRecord;
  } catch {
    return undefined;
  }
}

function userAgentOf(userAgent: string | undefined, authorization: string | undefined): string | null {
  if (userAgent === undefined || userAgent === "") return null;
  const token = authorization?.replace(/^\s*\S+\s+/, "").trim();
  if (token && token.length >= 8 && userAgent.includes(token)) return "[REDACTED]";
  return userAgent.length > MAX_USER_AGENT ? userAgent.slice(0, MAX_USER_AGENT) : userAgent;
}
