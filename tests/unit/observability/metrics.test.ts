import { describe, expect, it } from "vitest";
import { createMetrics } from "../../../shared/observability/metrics.js";

describe("metrics (embedded metric format)", () => {
  it("writes one EMF document per dimension set, summing repeated metrics", () => {
    const lines: string[] = [];
    const metrics = createMetrics({ service: "audit", namespace: "Test", sink: (line) => lines.push(line) });
    metrics.add("RotationOverdue", 2);
    metrics.add("RotationOverdue", 1);
    metrics.add("RotationStepFailed", 1, "Count", { step: "setSecret" });
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
    const perStep = documents.find((document) => document.RotationStepFailed !== undefined);
    expect(perStep.step).toBe("setSecret");
    // Per step, and per service alone: the set the alarms watch.
    expect(perStep._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service", "step"], ["service"]]);
  });

  it("writes properties beside the metric, never as dimensions, and never over a dimension", () => {
    const lines: string[] = [];
    const metrics = createMetrics({ service: "events", sink: (line) => lines.push(line) });
    metrics.add("RotationFailed", 1, "Count", {}, { SecretName: "app/one" });
    metrics.add("RotationFailed", 1, "Count", {}, { SecretName: "app/two", service: "forged" });
    metrics.flush();
    const documents = lines.map((line) => JSON.parse(line));
    // Two secrets are two lines (each keeps its own name), under one metric: service alone.
    expect(documents.map((document) => document.SecretName)).toEqual(["app/one", "app/two"]);
    for (const document of documents) {
      expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service"]]);
      expect(document.service).toBe("events");
      expect(document.RotationFailed).toBe(1);
    }
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
