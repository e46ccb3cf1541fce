/**
 * No metric's cost grows with the fleet: every distinct set of dimension values is a custom metric, billed,
 * so no dimension may take a value per secret. Every metric-emitting handler is run (with the packaged
 * template's environment, against the local endpoint) about one secret, then about three others: the
 * dimension values they write must be the same, and none may name a secret. A secret's name belongs in the
 * line as a property.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureMetrics, type EmfDocument, METRIC_EMITTERS, type MetricRun } from "../../support/emf-capture";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { packaged } from "../../support/packaged";
import { REPO } from "../../support/paths";

/** What a line costs in metrics: namespace, metric names and each dimension set with its values. */
const metricKeys = (document: EmfDocument) =>
  document.dimensionSets.map(
    (set) =>
      `${document.namespace} ${document.metrics.join(",")} ${set.map((name) => `${name}=${String(document.fields[name])}`).join(" ")}`,
  );

const keysByFunction = (runs: MetricRun[]) =>
  Object.fromEntries(runs.map((run) => [run.fn, [...new Set(run.documents.flatMap(metricKeys))].sort()]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("metric dimensions", () => {
  let endpoint: TestEndpoint;
  let one: MetricRun[];
  let three: MetricRun[];
  const secretsOne = ["app/dimensions/alpha"];
  const secretsThree = ["app/dimensions/beta", "app/dimensions/gamma", "app/dimensions/delta/db"];

  beforeAll(async () => {
    const { template } = await packaged("default");
    endpoint = await startTestEndpoint({ schedulerIntervalMs: 0 });
    one = await captureMetrics(template, endpoint, secretsOne);
    three = await captureMetrics(template, endpoint, secretsThree);
  }, 180_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  it("are reached by the runs: every file that writes metrics is one they cover", () => {
    const writers = ["shared", "functions"]
      .flatMap((dir) => sourceFiles(join(REPO, dir)))
      .filter((path) => /observability\/metrics\.js"/.test(readFileSync(path, "utf8")))
      .map((path) => relative(REPO, path))
      .sort();
    expect(writers).toEqual(Object.keys(METRIC_EMITTERS).sort());
    expect(one.map((run) => run.fn).sort()).toEqual([
      "auditRotation",
      "onRotationEvent",
      "rotationGeneric",
      "rotationMysqlAlternatingUsers",
      "rotationMysqlSingleUser",
      "rotationPostgresAlternatingUsers",
      "rotationPostgresSingleUser",
    ]);
    for (const run of one) expect(run.documents.length, run.fn).toBeGreaterThan(0);
  });

  it("take the same values whether the handlers saw one secret or three others", () => {
    expect(keysByFunction(three)).toEqual(keysByFunction(one));
  });

  it("never name a secret; the name is a property of the line instead", () => {
    const names = [...secretsOne, ...secretsThree];
    for (const run of [...one, ...three]) {
      for (const document of run.documents) {
        for (const name of document.dimensionSets.flat()) {
          const value = String(document.fields[name]);
          expect(
            names.some((secret) => value.includes(secret) || secret.includes(value)),
            `${run.fn} ${name}=${value}`,
          ).toBe(false);
        }
      }
    }
    const events = three.find((run) => run.fn === "onRotationEvent")?.documents ?? [];
    expect(events.map((document) => document.fields.SecretName)).toEqual(secretsThree);
  });
});
