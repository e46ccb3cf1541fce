/**
 * Redaction by structure. What the code writes into a log line (keys, timestamps, levels, messages,
 * codes, service and secret names) is never rewritten, whatever a caller stores; values are kept out of
 * log lines by what is written, not by searching for them:
 * 1. a field whose key names a secret (`password`, `secretString`, `token`, `value`, ...) is replaced whole;
 * 2. an error is written as its name and code only, never its message (an external error's text may
 *    quote a value: a driver's SQL, a parser's input), unless its class vouches for its message
 *    (`LOGGABLE_MESSAGE`: built by our code from fixed texts, names and codes, any external text in it
 *    masked when it was made);
 * 3. bytes are never written.
 *
 * A second line of defence serves the one kind of text that may hold a value and that code must still
 * pass on: an external error's message, when it describes a failure (`redactText`, used for rotation
 * failures, which the Lambda runtime prints). Values that `shared/secrets` reads, writes or generates are
 * registered; `redactText` masks them in such a text. The registry never forgets a value to make room: a
 * caller who fills it (by storing many values) gets every such text masked whole from then on, never a
 * value shown.
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

/** Values shorter than this are not registered: masking "a" or "1" in an error text would shred it. */
const MIN_REGISTERED_LENGTH = 4;
/** The registry's bounds. Past either, it stops growing and `redactText` masks whole texts. */
const MAX_REGISTERED_VALUES = 10_000;
const MAX_REGISTERED_CHARACTERS = 4 * 1024 * 1024;
/** Log fields nested deeper than this are cut (a field is code's, but its contents may be deep). */
const MAX_FIELD_DEPTH = 8;
/** Error names and codes longer than this, or with other characters, are not written. */
const ERROR_WORD = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * An error class sets `[LOGGABLE_MESSAGE] = true` when its message is ours to write: fixed texts, names
 * and codes, with any external text in it already masked (`redactText`) when the error was made, as
 * `RotationError` does. The logger then writes that message as it is; every other error's message stays out.
 *
 * @example
 * class StepError extends Error { readonly [LOGGABLE_MESSAGE] = true; }
 */
export const LOGGABLE_MESSAGE: unique symbol = Symbol.for("secrets-manager-lambdas.loggable-message");
/** A vouched message longer than this is cut. */
const MAX_LOGGED_MESSAGE = 1_000;

const registered = new Set<string>();
let registeredCharacters = 0;
/** Set once the registry could not take a value: every text given to `redactText` is then masked whole. */
let saturated = false;
/** `registered`, longest first, made again only after the set changed. */
let longestFirst: string[] | undefined;

/** Answers for keys seen before: log lines repeat the same few keys. */
const secretKeyVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 1_000;

function isSecretKey(key: string): boolean {
  let verdict = secretKeyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ""));
    if (secretKeyVerdicts.size < MAX_REMEMBERED_KEYS) secretKeyVerdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * Remembers a secret value, and each string leaf of it when it is a JSON object, for `redactText`.
 *
 * @example
 * registerSecretValue('{"password":"hunter22"}'); // redactText masks the whole string and "hunter22"
 */
export function registerSecretValue(value: string | Uint8Array | undefined): void {
  if (value === undefined || saturated) return;
  const text = typeof value === "string" ? value : Buffer.from(value).toString("base64");
  // A value read again (every warm GetSecretValue) is known already, leaves and all.
  if (registered.has(text)) return;
  remember(text);
  if (typeof value === "string") {
    for (const leaf of jsonLeaves(value)) remember(leaf);
  }
}

function remember(text: string): void {
  if (text.length < MIN_REGISTERED_LENGTH || registered.has(text) || saturated) return;
  if (
    registered.size >= MAX_REGISTERED_VALUES ||
    registeredCharacters + text.length > MAX_REGISTERED_CHARACTERS
  ) {
    saturated = true;
    return;
  }
  registered.add(text);
  registeredCharacters += text.length;
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

/** Forgets every registered value and the saturation (tests only). */
export function clearRegisteredSecretValues(): void {
  registered.clear();
  registeredCharacters = 0;
  saturated = false;
  longestFirst = undefined;
}

/**
 * Masks every registered value inside `text`, a text that may hold one (an external error's message);
 * longest first so a value that contains another goes whole. Once the registry is full, the whole text.
 * Never for what the code writes itself: that needs no masking.
 */
export function redactText(text: string): string {
  if (saturated) return text === "" ? text : REDACTED;
  if (registered.size === 0) return text;
  longestFirst ??= [...registered].sort((a, b) => b.length - a.length);
  let result = text;
  for (const value of longestFirst) {
    if (result.includes(value)) result = result.split(value).join(REDACTED);
  }
  return result;
}

/**
 * A copy of a log call's fields fit to write: keys kept as they are; a secret key's value replaced;
 * errors as `{name, code}`; bytes replaced; cycles `[Circular]`, nesting past 8 levels `[Deep]`.
 * Strings are not searched or changed.
 *
 * @example
 * redact({ name: "app/db", password: "x", error: new Error("quotes a value") })
 * // { name: "app/db", password: "[REDACTED]", error: { name: "Error" } }
 */
export function redact(data: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (data === null || typeof data !== "object") return data;
  if (seen.has(data)) return "[Circular]";
  if (depth >= MAX_FIELD_DEPTH) return "[Deep]";
  seen.add(data);
  if (data instanceof Error) return errorFields(data);
  if (data instanceof Uint8Array) return REDACTED;
  if (Array.isArray(data)) return data.map((item) => redact(item, seen, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    copy[key] =
      isSecretKey(key) && value !== undefined && value !== null ? REDACTED : redact(value, seen, depth + 1);
  }
  return copy;
}

/** An error as a log line may show it: its name and code, when they are plain words; a vouched message. */
function errorFields(error: Error): { name?: string; code?: string | number; message?: string } {
  const fields: { name?: string; code?: string | number; message?: string } = {};
  if (ERROR_WORD.test(error.name)) fields.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "number" && Number.isFinite(code)) fields.code = code;
  else if (typeof code === "string" && ERROR_WORD.test(code)) fields.code = code;
  if ((error as { [LOGGABLE_MESSAGE]?: unknown })[LOGGABLE_MESSAGE] === true) {
    fields.message = error.message.slice(0, MAX_LOGGED_MESSAGE);
  }
  return fields;
}
