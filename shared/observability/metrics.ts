/**
 * CloudWatch metrics in embedded metric format (EMF): one JSON line per flush that CloudWatch Logs turns
 * into metrics, with no API call. Metric names and dimensions never carry values, only names.
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
}

export interface Metrics {
  add(name: string, value: number, unit?: MetricUnit, dimensions?: Record<string, string>): void;
  /** Writes every pending metric, one EMF line per distinct dimension set, and empties the buffer. */
  flush(): void;
}

/**
 * @example
 * const metrics = createMetrics({ service: "audit-rotation" });
 * metrics.add("RotationOverdue", 3);
 * metrics.flush();
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const namespace = options.namespace ?? process.env.METRICS_NAMESPACE ?? "SecretsManagerLambdas";
  const pending: PendingMetric[] = [];
  const write = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));

  return {
    add(name, value, unit = "Count", dimensions = {}) {
      pending.push({ name, value, unit, dimensions: { service: options.service, ...dimensions } });
    },
    flush() {
      const groups = new Map<string, PendingMetric[]>();
      for (const metric of pending.splice(0)) {
        const key = JSON.stringify(Object.entries(metric.dimensions).sort());
        groups.set(key, [...(groups.get(key) ?? []), metric]);
      }
      for (const metrics of groups.values()) write(JSON.stringify(emfDocument(namespace, metrics)));
    },
  };
}

function emfDocument(namespace: string, metrics: PendingMetric[]): Record<string, unknown> {
  const dimensions = metrics[0]?.dimensions ?? {};
  const document: Record<string, unknown> = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
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
