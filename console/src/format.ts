/** Dates as the console shows them: UTC, to the minute, the same on every machine. */

/**
 * `2026-05-01 12:34 UTC` for an ISO date, or an empty string.
 *
 * @example
 * formatDate("2026-05-01T12:34:56.000Z") // "2026-05-01 12:34 UTC"
 */
export function formatDate(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The function name at the end of a Lambda ARN (`...:function:name`), or the ARN itself. */
export function functionName(arn: string | undefined): string {
  if (!arn) return "";
  return /:function:([^:]+)/.exec(arn)?.[1] ?? arn;
}
