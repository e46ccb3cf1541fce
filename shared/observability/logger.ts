/**
 * A structured JSON logger: one line per entry, `{"level","time","service","message",...fields}`. The
 * first four are the code's and are written as given; fields go through `redact` (by structure: secret
 * keys replaced, errors as name and code, see redaction.ts). `LOG_LEVEL` (debug, info, warn, error;
 * default info) sets the threshold.
 */

import { redact } from "./redaction.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
/** Where finished lines go; stdout by default, a capture in tests. */
export type LogSink = (line: string) => void;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields` (for example the request id). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  sink?: LogSink;
  fields?: LogFields;
}

let defaultSink: LogSink = (line) => process.stdout.write(`${line}\n`);

/** Sends every logger's lines to `sink` from now on (tests capture lines with it); returns the previous sink. */
export function setLogSink(sink: LogSink): LogSink {
  const previous = defaultSink;
  defaultSink = sink;
  return previous;
}

/**
 * Writes one record as a JSON line to the loggers' sink, at no level (audit records: they are written
 * whatever `LOG_LEVEL` says). The record is the caller's structure: it must hold no value.
 */
export function writeJsonLine(record: object): void {
  defaultSink(JSON.stringify(record));
}

function levelFromEnvironment(): LogLevel {
  const level = process.env.LOG_LEVEL?.toLowerCase();
  return level === "debug" || level === "warn" || level === "error" ? level : "info";
}

/** Field names the line itself uses: a field cannot replace them. */
const LINE_KEYS = new Set(["level", "time", "service", "message"]);

function withoutLineKeys(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return undefined;
  if (!Object.keys(fields).some((key) => LINE_KEYS.has(key))) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !LINE_KEYS.has(key)));
}

/**
 * @example
 * const logger = createLogger({ service: "get-secret-value" });
 * logger.child({ requestId }).info("secret read", { secretName });
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVEL_ORDER[options.level ?? levelFromEnvironment()];
  // The logger's own fields are redacted once, not on every line.
  const base = redact(withoutLineKeys(options.fields) ?? {}) as LogFields;

  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    const extra = withoutLineKeys(fields);
    const entry = {
      level,
      time: new Date().toISOString(),
      service: options.service,
      message,
      ...base,
      ...(extra ? (redact(extra) as LogFields) : {}),
    };
    (options.sink ?? defaultSink)(JSON.stringify(entry));
  };

  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createLogger({ ...options, fields: { ...options.fields, ...fields } }),
  };
}
