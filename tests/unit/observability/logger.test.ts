import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../shared/observability/logger.js";
import { clearRegisteredSecretValues, registerSecretValue } from "../../../shared/observability/redaction.js";
import { FORGERY_VALUES } from "../../support/log-forgery.js";
import { exemptFromRedactionCheck, rememberTestSecret } from "../../support/redaction-registry.js";

afterEach(() => clearRegisteredSecretValues());

function capture(): { lines: string[]; sink: (line: string) => void } {
  const lines: string[] = [];
  return { lines, sink: (line) => lines.push(line) };
}

/** Everything that may change between two writes of the same line: its time. */
const withoutTime = (line: string) => line.replace(/"time":"[^"]+"/, '"time":"T"');

describe("logger", () => {
  it("writes one JSON line per entry with level, time, service, message and fields", () => {
    const { lines, sink } = capture();
    createLogger({ service: "svc", sink, level: "debug" }).child({ requestId: "r-1" }).info("done", { n: 3 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      level: "info",
      service: "svc",
      requestId: "r-1",
      message: "done",
      n: 3,
    });
    expect(Object.keys(JSON.parse(lines[0] ?? "")).slice(0, 4)).toEqual([
      "level",
      "time",
      "service",
      "message",
    ]);
  });

  it("drops entries under the threshold", () => {
    const { lines, sink } = capture();
    const logger = createLogger({ service: "svc", sink, level: "warn" });
    logger.info("quiet");
    logger.error("loud");
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(["loud"]);
  });

  it("lets no field replace the line's own level, time, service or message", () => {
    const { lines, sink } = capture();
    createLogger({ service: "svc", sink }).warn("kept", { level: "debug", message: "forged", service: "x" });
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ level: "warn", message: "kept", service: "svc" });
  });

  it("never writes a secret value passed as an error, a secret field or bytes", () => {
    const { lines, sink } = capture();
    const value = rememberTestSecret("s3cr3t-value!-0001");
    const logger = createLogger({ service: "svc", sink });
    logger.error("failed", {
      error: new Error(`${value} rejected`),
      password: value,
      detail: { token: value, bytes: Buffer.from(value) },
    });
    expect(lines.join("\n")).not.toContain(value);
  });

  it("log forgery: values equal to what the code writes, and 10,000 others before them, change no line", () => {
    const postgresService = "rotation-postgres-single-user";
    const write = () => {
      const { lines, sink } = capture();
      const logger = createLogger({ service: postgresService, sink }).child({
        secretName: "app/db",
        requestId: "r-1",
      });
      logger.info("rotation step finished", { outcome: "done", ms: 2026 });
      logger.error("request failed", {
        status: 500,
        code: "OutsidePrefix",
        error: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
      });
      logger.warn("This API manages only secrets under its prefix", { level: "info" });
      return lines.map(withoutTime);
    };
    const before = write();
    for (const value of FORGERY_VALUES) exemptFromRedactionCheck(value);
    const real = rememberTestSecret("real-secret-value-7f3a");
    registerSecretValue(JSON.stringify({ password: real }));
    for (let i = 0; i < 10_000; i += 1) registerSecretValue(`distinct-value-${i}`);
    for (const value of FORGERY_VALUES) registerSecretValue(JSON.stringify({ password: value }));
    const after = write();
    expect(after).toEqual(before);
    expect(after.join("\n")).not.toContain("[REDACTED]");
    // And a real value is still never written: it never reaches a line, registered or not.
    const { lines, sink } = capture();
    createLogger({ service: "svc", sink }).error("request failed", { error: new Error(`bad ${real}`) });
    expect(lines.join("\n")).not.toContain(real);
  });
});
