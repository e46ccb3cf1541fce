import { describe, expect, it } from "vitest";
import { createMetrics } from "../../../shared/observability/metrics.js";

describe("metrics (embedded metric format)", () => {
  it("writes one EMF document per dimension set, summing repeated metrics", () => {
    const lines: string[] = [];
    const metrics = createMetrics({ service: "audit", namespace: "Test", sink: (line) => lines.push(line) });
    metrics.add("RotationOverdue", 2);
    metrics.add("RotationOverdue", 1);
    metrics.add("RotationFailed", 1, "Count", { secretName: "app/db" });
    metrics.flush();
    const documents = lines.map((line) => JSON.parse(line));
    expect(documents).toHaveLength(2);
    const overall = documents.find((document) => document.RotationOverdue !== undefined);
    expect(overall.RotationOverdue).toBe(3);
    expect(overall._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: "Test",
      Dimensions: [["service"]],
      Metrics: [{ Name: "RotationOverdue", Unit: "Count" }],
    });
    const perSecret = documents.find((document) => document.RotationFailed !== undefined);
    expect(perSecret.secretName).toBe("app/db");
    expect(perSecret._aws.CloudWatchMetrics[0].Dimensions[0].sort()).toEqual(["secretName", "service"]);
  });

  it("empties its buffer on flush", () => {
    const lines: string[] = [];
    const metrics = createMetrics({ service: "s", sink: (line) => lines.push(line) });
    metrics.add("X", 1);
    metrics.flush();
    metrics.flush();
    expect(lines).toHaveLength(1);
  });
});
