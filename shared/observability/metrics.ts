/**
 * CloudWatch metrics in embedded metric format (EMF): one JSON line per flush that CloudWatch Logs turns
 * into metrics, with no API call. Metric names and dimensions never carry values, only names.
 *
 * Dimensions are for values from a small fixed set (a service, a rotation step): each distinct set of
 * dimension values is a custom metric, billed. Anything that grows with the fleet (a secret's name) is a
 * property: it rides in the same log line, searchable in Logs Insights, and makes no metric.
 * Every metric is also published under its `service` alone, the dimension set alarms watch
 * (serverless/alarms.js).
 */

import type { LogSink } from "./logger.js";

export type MetricUnit = "Count" | "Milliseconds" | "Seconds" | "Bytes" | "None";

export interface MetricsOptions {
  namespace?: string;
  service: string;
  sink?: LogSink;
}

interface PendingMetric {
  name: string;
  value: number;
  unit: MetricUnit;
  dimensions: Record<string, string>;
  properties: Record<string, string>;
}

export interface Metrics {
  /**
   * Adds `value` to metric `name`. `dimensions`: values from a small fixed set only; `properties`: context
   * written beside the metric (a secret's name), never a dimension.
   */
  add(
    name: string,
    value: number,
    unit?: MetricUnit,
    dimensions?: Record<string, string>,
    properties?: Record<string, string>,
  ): void;
  /** Writes every pending metric, one EMF line per distinct dimension set, and empties the buffer. */
  flush(): void;
}

/**
 * @example
 * const metrics = createMetrics({ service: "audit-rotation" });
 * metrics.add("RotationOverdue", 3);
 * metrics.add("RotationFailed", 1, "Count", {}, { SecretName: "app/db" });
 * metrics.flush();
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const namespace = options.namespace ?? process.env.METRICS_NAMESPACE ?? "SecretsManagerLambdas";
  const pending: PendingMetric[] = [];
  const write = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));

  return {
    add(name, value, unit = "Count", dimensions = {}, properties = {}) {
      pending.push({
        name,
        value,
        unit,
        dimensions: { service: options.service, ...dimensions },
        properties,
      });
    },
    flush() {
      const groups = new Map<string, PendingMetric[]>();
      for (const metric of pending.splice(0)) {
        const key = JSON.stringify([
          Object.entries(metric.dimensions).sort(),
          Object.entries(metric.properties).sort(),
        ]);
        groups.set(key, [...(groups.get(key) ?? []), metric]);
      }
      for (const metrics of groups.values()) write(JSON.stringify(emfDocument(namespace, metrics)));
    },
  };
}

function emfDocument(namespace: string, metrics: PendingMetric[]): Record<string, unknown> {
  const dimensions = metrics[0]?.dimensions ?? {};
  const keys = Object.keys(dimensions);
  // The full set, and `service` alone when the full set has more (one line, two metrics).
  const dimensionSets = keys.length > 1 ? [keys, ["service"]] : [keys];
  const document: Record<string, unknown> = {
    // Properties first: a property can never overwrite a dimension's value or the EMF directive.
    ...metrics[0]?.properties,
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: dimensionSets,
          Metrics: uniqueByName(metrics).map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...dimensions,
  };
  for (const metric of metrics) {
    const previous = document[metric.name];
    document[metric.name] = typeof previous === "number" ? previous + metric.value : metric.value;
  }
  return document;
}

function uniqueByName(metrics: PendingMetric[]): PendingMetric[] {
  return [...new Map(metrics.map((metric) => [metric.name, metric])).values()];
}
