import { invalidNextToken } from "../core/errors";
import { type Input, optionalString } from "./validation";

/** NextToken is opaque to clients: base64url JSON of the position, tagged with the operation's kind. */
export function encodeToken(kind: string, position: object): string {
  return Buffer.from(JSON.stringify({ k: kind, p: position })).toString("base64url");
}

export function decodeToken<T>(
  input: Input,
  kind: string,
  isPosition: (value: unknown) => value is T,
): T | undefined {
  const token = optionalString(input, "NextToken", { min: 1, max: 4096 });
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      k?: unknown;
      p?: unknown;
    };
    if (parsed.k === kind && isPosition(parsed.p)) return parsed.p;
  } catch {
    // fall through: any undecodable token is the same refusal
  }
  throw invalidNextToken();
}

/** A position by count (ListSecretVersionIds, ListSecrets sorted by something else than CreatedDate). */
export const isOffset = (value: unknown): value is { offset: number } =>
  typeof value === "object" &&
  value !== null &&
  Number.isInteger((value as { offset: unknown }).offset) &&
  (value as { offset: number }).offset >= 0;
