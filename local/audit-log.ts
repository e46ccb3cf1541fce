/**
 * `npm start --audit-log FILE`: the HTTP API's audit records (one per request, printed among the
 * functions' output by serverless offline) appended to FILE as JSON lines, nothing else.
 */
import { appendFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { auditRecordOf } from "../shared/access/audit-record";

/**
 * Appends every audit record `output` carries to `file`, one JSON line each.
 *
 * @example
 * writeAuditLog(offline.stdout, ".local/audit.jsonl");
 */
export function writeAuditLog(output: Readable | null | undefined, file: string): void {
  let partial = "";
  output?.on("data", (chunk: Buffer | string) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    const records = lines.filter((line) => auditRecordOf(line) !== undefined);
    if (records.length > 0) appendFileSync(file, `${records.join("\n")}\n`);
  });
}
