/**
 * Sends the project logger's lines to /dev/null with a real write per line (what stdout costs a Lambda
 * is a write too), so handler logs neither spoil the table nor are measured as free.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { setLogSink } from "../../shared/observability/logger";

export function silenceLogs(): () => void {
  const fd = openSync("/dev/null", "w");
  const previous = setLogSink((line) => {
    writeSync(fd, `${line}\n`);
  });
  return () => {
    setLogSink(previous);
    closeSync(fd);
  };
}
