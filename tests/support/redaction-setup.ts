/**
 * vitest setupFiles entry: every line the project's logger writes in a test process is also captured for
 * the suite-wide redaction check (see redaction-registry.ts). A test that sets its own sink replaces this
 * one for its duration; harnesses that do so capture their lines themselves.
 */
import { setLogSink } from "../../shared/observability/logger.js";
import { captureLogLine } from "./redaction-registry";

const writeToStdout = (line: string) => process.stdout.write(`${line}\n`);
setLogSink((line) => {
  writeToStdout(line);
  captureLogLine("logger", line);
});
