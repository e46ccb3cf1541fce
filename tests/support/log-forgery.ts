/**
 * The log-forgery tests' values: words every log line holds, a timestamp's year, a database's name, and
 * a code and a message text the HTTP API writes. A caller who stores them as secret values must change no
 * log line and no error answer. They are ordinary words on purpose, so each test exempts them from the
 * suite-wide redaction check (`exemptFromRedactionCheck`).
 */
export const FORGERY_VALUES = [
  "error",
  "level",
  "info",
  "2026",
  "postgres",
  "OutsidePrefix",
  "This API manages only secrets under its prefix",
  "request failed",
  "service",
  "message",
];
