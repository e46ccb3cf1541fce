/**
 * The suite-wide redaction check's test side. Every test that handles a secret value registers it with
 * `rememberTestSecret(value)`; every harness that captures log output (a logger sink, a child process's
 * stdout and stderr) writes it under the run's log folder with `captureLogLine` or `captureStream`. After
 * the whole run, `tests/support/redaction-global-setup.ts` (a vitest globalSetup) reads every captured
 * line and fails the run if any registered value appears in one, raw or JSON-escaped.
 *
 * The run folder comes from env `REDACTION_RUN_DIR`, which the globalSetup sets; without it (a single
 * file run without the setup) every function here is a cheap no-op, so tests can call them always.
 *
 * @example
 * rememberTestSecret(password);                       // the value a test creates or reads
 * setLogSink((line) => { lines.push(line); captureLogLine("http-e2e", line); });
 * captureStream("offline", child.stdout);             // a child process's output
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";

/** Values shorter than this are too likely to occur by chance (`"u"`, `"true"`); they are not registered. */
export const MIN_SECRET_LENGTH = 8;
export const RUN_DIR_ENV = "REDACTION_RUN_DIR";

export function redactionRunDir(): string | undefined {
  return process.env[RUN_DIR_ENV] || undefined;
}

function fileIn(folder: "secrets" | "logs" | "exempt" | "public", name: string): string | undefined {
  const root = redactionRunDir();
  if (!root) return undefined;
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Registers a value that must never appear in any captured log line. Returns the value, for chaining. */
export function rememberTestSecret<T extends string>(value: T): T {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return value;
  const file = fileIn("secrets", `${process.pid}.jsonl`);
  if (file) appendFileSync(file, `${JSON.stringify(value)}\n`);
  return value;
}

/**
 * Exempts a value from the check: the log-forgery tests store, on purpose, values equal to words every
 * log line holds (`error`, `postgres`, an error code), to show those lines are not rewritten. Such a
 * value appearing in a log line is the point, not a leak.
 */
export function exemptFromRedactionCheck(value: string): void {
  const file = fileIn("exempt", `${process.pid}.jsonl`);
  if (file) appendFileSync(file, `${JSON.stringify(value)}\n`);
}

/**
 * Marks text a test sent as a public identifier (a secret's name, a path id): log lines carry it by
 * design. A registered value found in a line only inside that text is the name, not a leak: fuzzed names
 * and values come from one generator, so a value may well be part of a name (`app/Rprototype`).
 */
export function markPublicText(text: string): void {
  if (text === "") return;
  const file = fileIn("public", `${process.pid}.jsonl`);
  if (file) appendFileSync(file, `${JSON.stringify(text)}\n`);
}

/** Keys whose values in a JSON secret are secret; names, hosts and ports are not, and appear in logs. */
const SECRET_LEAF_KEY = /pass|token|secret|key|credential/i;

/**
 * Registers a secret value as the endpoint stores it: the whole string, and the leaves of a JSON object
 * whose keys say they are secret (`password`, `token`, `apiKey`, ...).
 */
export function rememberSecretValue(value: string): void {
  rememberTestSecret(value);
  if (!value.startsWith("{")) return;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return;
    for (const [key, leaf] of Object.entries(parsed)) {
      if (typeof leaf === "string" && SECRET_LEAF_KEY.test(key)) rememberTestSecret(leaf);
    }
  } catch {
    // not JSON: the whole string is registered already
  }
}

/** Appends one captured log line from `source` (a harness name: letters, digits, `-`, `_`). */
export function captureLogLine(source: string, line: string): void {
  const file = fileIn("logs", `${safe(source)}-${process.pid}.log`);
  if (file) appendFileSync(file, line.endsWith("\n") ? line : `${line}\n`);
}

/** Copies everything `stream` emits (a child's stdout or stderr) into the run's log folder. */
export function captureStream(source: string, stream: Readable | null | undefined): void {
  if (!stream) return;
  const file = fileIn("logs", `${safe(source)}-${process.pid}.log`);
  if (!file) return;
  stream.on("data", (chunk: Buffer | string) => appendFileSync(file, chunk));
}

function safe(source: string): string {
  return source.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 60) || "log";
}
