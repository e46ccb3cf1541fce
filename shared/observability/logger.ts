/**
 * A structured JSON logger: one line per entry, every line redacted (see redaction.ts).
 * `LOG_LEVEL` (debug, info, warn, error; default info) sets the threshold.
 */

import { redact, redactText } from "./redaction.js";

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

function levelFromEnvironment(): LogLevel {
  const level = process.env.LOG_LEVEL?.toLowerCase();
  return level === "debug" || level === "warn" || level === "error" ? level : "info";
}

/**
 * @example
 * const logger = createLogger({ service: "get-secret-value" });
 * logger.child({ requestId }).info("secret read", { name });
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVEL_ORDER[options.level ?? levelFromEnvironment()];
  const base = { service: options.service, ...options.fields };

  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    const entry = { level, time: new Date().toISOString(), ...base, message, ...fields };
    const sink = options.sink ?? defaultSink;
    sink(redactText(JSON.stringify(redact(entry))));
  };

  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createLogger({ ...options, fields: { ...options.fields, ...fields } }),
  };
}
