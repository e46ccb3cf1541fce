/**
 * Redaction is a feature of the logger, not a habit of its callers. Two rules apply to every line:
 * 1. fields whose key names a secret (`password`, `secretString`, `token`, ...) are replaced whole;
 * 2. any string that contains a registered secret value has that value masked, wherever it hides
 *    (a message, an error text, a nested field). `shared/secrets` registers every value it reads or writes.
 */

export const REDACTED = "[REDACTED]";

/** Keys whose values are secret whatever they hold. Compared case-insensitively, ignoring `_` and `-`. */
const SECRET_KEYS = new Set([
  "password",
  "secret",
  "secretstring",
  "secretbinary",
  "secretvalue",
  "value",
  "token",
  "apitoken",
  "authorization",
  "masterpassword",
  "newpassword",
  "pendingpassword",
  "currentpassword",
]);

/** Values shorter than this are not registered: masking "a" or "1" everywhere would shred the logs. */
const MIN_REGISTERED_LENGTH = 4;
/** The registry is bounded so a long-lived container cannot grow without limit. */
const MAX_REGISTERED_VALUES = 2_000;

const registered = new Set<string>();
/** `registered`, longest first, made again only after the set changed (every log line reads it). */
let longestFirst: string[] | undefined;

/** Answers for keys seen before: log lines repeat the same few keys, and this runs for every one. */
const secretKeyVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 1_000;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, "");
}

function isSecretKey(key: string): boolean {
  let verdict = secretKeyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = SECRET_KEYS.has(normaliseKey(key));
    if (secretKeyVerdicts.size < MAX_REMEMBERED_KEYS) secretKeyVerdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * Remembers a secret value, and each string leaf of it when it is a JSON object, so that no log line
 * can carry it afterwards.
 *
 * @example
 * registerSecretValue('{"password":"hunter22"}'); // masks the whole string and "hunter22"
 */
export function registerSecretValue(value: string | Uint8Array | undefined): void {
  if (value === undefined) return;
  const text = typeof value === "string" ? value : Buffer.from(value).toString("base64");
  // A value read again (every warm GetSecretValue) is known already, leaves and all.
  if (registered.has(text)) return;
  remember(text);
  if (typeof value === "string") {
    for (const leaf of jsonLeaves(value)) remember(leaf);
  }
}

function remember(text: string): void {
  if (text.length < MIN_REGISTERED_LENGTH || registered.has(text)) return;
  if (registered.size >= MAX_REGISTERED_VALUES) {
    const oldest = registered.values().next().value;
    if (oldest !== undefined) registered.delete(oldest);
  }
  registered.add(text);
  longestFirst = undefined;
}

function jsonLeaves(text: string): string[] {
  if (!text.startsWith("{")) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object") return [];
    return Object.values(parsed).flatMap((leaf) =>
      typeof leaf === "string" ? [leaf] : typeof leaf === "number" ? [String(leaf)] : [],
    );
  } catch {
    return [];
  }
}

/** Forgets every registered value (tests only). */
export function clearRegisteredSecretValues(): void {
  registered.clear();
  longestFirst = undefined;
}

/** Masks every registered value inside `text`; longest first so a value that contains another goes whole. */
export function redactText(text: string): string {
  if (registered.size === 0) return text;
  longestFirst ??= [...registered].sort((a, b) => b.length - a.length);
  let result = text;
  for (const value of longestFirst) {
    if (result.includes(value)) result = result.split(value).join(REDACTED);
  }
  return result;
}

/** A deep copy of `data` with secret keys replaced and registered values masked. Cycles become "[Circular]". */
export function redact(data: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof data === "string") return redactText(data);
  if (data === null || typeof data !== "object") return data;
  if (seen.has(data)) return "[Circular]";
  seen.add(data);
  if (data instanceof Error) {
    return { name: data.name, message: redactText(data.message), code: (data as { code?: unknown }).code };
  }
  if (data instanceof Uint8Array) return REDACTED;
  if (Array.isArray(data)) return data.map((item) => redact(item, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    copy[key] = isSecretKey(key) && value !== undefined && value !== null ? REDACTED : redact(value, seen);
  }
  return copy;
}
