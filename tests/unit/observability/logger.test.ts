import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../shared/observability/logger.js";
import { clearRegisteredSecretValues, registerSecretValue } from "../../../shared/observability/redaction.js";

afterEach(() => clearRegisteredSecretValues());

function capture(): { lines: string[]; sink: (line: string) => void } {
  const lines: string[] = [];
  return { lines, sink: (line) => lines.push(line) };
}

describe("logger", () => {
  it("writes one JSON line per entry with service, level, message and fields", () => {
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
  });

  it("drops entries under the threshold", () => {
    const { lines, sink } = capture();
    const logger = createLogger({ service: "svc", sink, level: "warn" });
    logger.info("quiet");
    logger.error("loud");
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(["loud"]);
  });

  it("never writes a registered secret value, even inside the message or an error", () => {
    const { lines, sink } = capture();
    registerSecretValue("s3cr3t-value!");
    const logger = createLogger({ service: "svc", sink });
    logger.error("failed with s3cr3t-value!", {
      error: new Error("s3cr3t-value! rejected"),
      detail: ["s3cr3t-value!"],
    });
    expect(lines.join("\n")).not.toContain("s3cr3t-value!");
  });
});
