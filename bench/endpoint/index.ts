/**
 * Issue item 4, the local endpoint: GetSecretValue and PutSecretValue requests a second from 16
 * concurrent clients with 10,000 stored secrets against 100 (target: ratio ≥ 0.8), start-up with 10,000
 * stored secrets against an empty data folder (target: under 1 s), and the endpoint process's peak RSS.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Figure, figure } from "../lib/figure";
import { awsJsonRequest, type LoadResult, runLoad } from "../lib/load";
import { measurePair } from "../lib/measure";
import { benchSecretName, fillDataDir, randomValue } from "./fill";
import { type EndpointProcess, spawnEndpoint } from "./process";

const CLIENTS = 16;
const WINDOW_MS = 1_000;
const SMALL = 100;
const LARGE = 10_000;

export async function endpointFigures(workDir: string): Promise<Figure[]> {
  const dirs = {
    empty: join(workDir, "empty"),
    small: join(workDir, "small"),
    large: join(workDir, "large"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const fillStarted = performance.now();
  fillDataDir(dirs.small, SMALL);
  fillDataDir(dirs.large, LARGE);
  const fillMs = performance.now() - fillStarted;

  const startup = await measurePair(
    () => timeStart(dirs.large),
    () => timeStart(dirs.empty),
    { warmup: 1 },
  );
  const figures: Figure[] = [
    figure({
      name: "endpoint start-up, 10,000 secrets",
      value: startup.subject.median,
      unit: "ms",
      baseline: startup.baseline.median,
      baselineName: "empty",
      ratio: startup.ratio,
      target: { of: "value", op: "<", limit: 1000 },
      detail: { samples: startup.subject.samples, baselineSamples: startup.baseline.samples, fillMs },
    }),
  ];

  const small = await spawnEndpoint(dirs.small);
  const large = await spawnEndpoint(dirs.large);
  try {
    for (const operation of ["GetSecretValue", "PutSecretValue"] as const) {
      const failures: Record<string, number>[] = [];
      const rps = (endpoint: EndpointProcess, count: number) => async () => {
        const result = await load(endpoint, operation, count);
        const bad = Object.entries(result.outcomes).filter(([status]) => status !== "200");
        if (bad.length > 0) failures.push(Object.fromEntries(bad));
        return result.rps;
      };
      const measured = await measurePair(rps(large, LARGE), rps(small, SMALL), {
        runs: 7,
        warmup: 1,
      });
      figures.push(
        figure({
          name: `endpoint ${operation} req/s, 16 clients, 10,000 secrets`,
          value: measured.subject.median,
          unit: "req/s",
          baseline: measured.baseline.median,
          baselineName: "100 secrets",
          ratio: measured.ratio,
          target: { of: "ratio", op: ">=", limit: 0.8 },
          detail: {
            samples: measured.subject.samples,
            baselineSamples: measured.baseline.samples,
            ...(failures.length > 0 ? { nonOkAnswers: failures } : {}),
          },
        }),
      );
    }
    figures.push(
      figure({
        name: "endpoint peak RSS, 10,000 secrets, after load",
        value: large.peakRssMiB(),
        unit: "MiB",
        baseline: small.peakRssMiB(),
        baselineName: "100 secrets",
      }),
    );
  } finally {
    await small.stop();
    await large.stop();
  }
  return figures;
}

async function timeStart(dataDir: string): Promise<number> {
  const endpoint = await spawnEndpoint(dataDir);
  await endpoint.stop();
  return endpoint.startupMs;
}

function load(endpoint: EndpointProcess, operation: string, count: number): Promise<LoadResult> {
  const pick = () => benchSecretName(Math.floor(Math.random() * count));
  return runLoad({
    url: endpoint.url,
    concurrency: CLIENTS,
    durationMs: WINDOW_MS,
    next: () =>
      operation === "GetSecretValue"
        ? awsJsonRequest(operation, { SecretId: pick() })
        : awsJsonRequest(operation, {
            SecretId: pick(),
            SecretString: randomValue(),
            ClientRequestToken: randomUUID(),
          }),
  });
}
