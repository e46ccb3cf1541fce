import { registerSecretValue } from "../../observability/redaction.js";
import { tokensEqual } from "./constant-time.js";

/** The API tokens valid now: AWSCURRENT always, AWSPENDING while a rotation is under way. */
export interface ValidTokens {
  current?: string;
  pending?: string;
}

/**
 * The token inside the token secret's value `{"token": "..."}` (text or already parsed), registered for
 * redaction; undefined when the value has no usable token.
 */
export function tokenFromSecretValue(value: unknown): string | undefined {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const token = (parsed as { token?: unknown } | null)?.token;
  if (typeof token !== "string" || token.length === 0) return undefined;
  registerSecretValue(token);
  return token;
}

/**
 * Whether `presented` is one of the valid tokens. Every candidate is compared (no early return), so the
 * time taken does not tell which one matched.
 */
export function acceptsToken(presented: string, tokens: ValidTokens): boolean {
  let accepted = false;
  for (const candidate of [tokens.current, tokens.pending]) {
    if (candidate !== undefined && tokensEqual(presented, candidate)) accepted = true;
  }
  return accepted;
}
