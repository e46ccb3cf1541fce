/**
 * Issue item 4 and issue 11, the local endpoint (each a process on a durable data folder, secure_delete
 * on): start-up with 10,000 stored secrets (target: under 1 s, beside an empty folder);
 * GetSecretValue and PutSecretValue requests a second from 16 keep-alive clients with 10,000 stored
 * secrets against 100 (target: ratio ≥ 0.8), PutSecretValue against GetSecretValue with 10,000 secrets
 * (target: ratio ≥ 0.7); and the endpoint process's peak RSS. The four load windows (get and put, on
 * 10,000 and on 100 secrets) run in one interleaved sequence, so each figure's pair is measured side by
 * side, and rounds are added while a spread straddles its target.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Figure, figure, pairFigure, type Target } from "../lib/figure";
import { awsJsonRequest, type LoadResult, runLoad } from "../lib/load";
import { interleave, measurePair, pairMeasured, ratiosOf, settled } from "../lib/measure";
import { benchSecretName, fillDataDir, randomValue } from "./fill";
import { type EndpointProcess, spawnEndpoint } from "./process";

const CLIENTS = 16;
const WINDOW_MS = 2_000;
const SMALL = 100;
const LARGE = 10_000;
const SCALE_TARGET: Target = { of: "ratio", op: ">=", limit: 0.8 };
const PUT_TARGET: Target = { of: "ratio", op: ">=", limit: 0.7 };

export async function endpointFigures(workDir: string): Promise<Figure[]> {
  const dirs = {
    empty: join(workDir, "empty"),
    small: join(workDir, "small"),
    large: join(workDir, "large"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fillStarted = performance.now();
  fillDataDir(dirs.small, SMALL);
  fillDataDir(dirs.large, LARGE);
  const fillMs = performance.now() - fillStarted;

  const startupTarget: Target = { of: "value", op: "<", limit: 1000 };
  const startup = await measurePair(
    () => timeStart(dirs.large),
    () => timeStart(dirs.empty),
    { warmup: 1, target: startupTarget, maxRuns: 11, extraMs: 5_000 },
  );
  const figures: Figure[] = [
    pairFigure({
      name: "endpoint start-up, 10,000 secrets",
      unit: "ms",
      measured: startup,
      baselineName: "empty",
      target: startupTarget,
      detail: { fillMs },
    }),
  ];

  const small = await spawnEndpoint(dirs.small);
  const large = await spawnEndpoint(dirs.large);
  try {
    const failures: Record<string, number>[] = [];
    const rps = (endpoint: EndpointProcess, operation: Operation, count: number) => async () => {
      const result = await load(endpoint, operation, count);
      const bad = Object.entries(result.outcomes).filter(([status]) => status !== "200");
      if (bad.length > 0) failures.push(Object.fromEntries(bad));
      return result.rps;
    };
    // The two windows on 10,000 secrets side by side, the 100-secret ones after them: a put on 100
    // secrets prunes versions (and truncates the WAL after it), work that spills into the next window,
    // which is then never the 10,000-secret put's alone.
    const [get10k = [], put10k = [], get100 = [], put100 = []] = await interleave(
      [
        rps(large, "GetSecretValue", LARGE),
        rps(large, "PutSecretValue", LARGE),
        rps(small, "GetSecretValue", SMALL),
        rps(small, "PutSecretValue", SMALL),
      ],
      { warmup: 1, runs: 6, maxRuns: 20, extraMs: 30_000 },
      ([g10k = [], p10k = [], g100 = [], p100 = []]) =>
        settled(ratiosOf(g10k, g100), SCALE_TARGET) &&
        settled(ratiosOf(p10k, p100), SCALE_TARGET) &&
        settled(ratiosOf(p10k, g10k), PUT_TARGET),
    );
    const detail = failures.length > 0 ? { nonOkAnswers: failures } : {};
    figures.push(
      pairFigure({
        name: "endpoint GetSecretValue req/s, 16 clients, 10,000 secrets",
        unit: "req/s",
        measured: pairMeasured(get10k, get100),
        baselineName: "100 secrets",
        target: SCALE_TARGET,
        detail,
      }),
      pairFigure({
        name: "endpoint PutSecretValue req/s, 16 clients, 10,000 secrets",
        unit: "req/s",
        measured: pairMeasured(put10k, put100),
        baselineName: "100 secrets",
        target: SCALE_TARGET,
        detail,
      }),
      pairFigure({
        name: "endpoint PutSecretValue against GetSecretValue req/s, 10,000 secrets",
        unit: "req/s",
        measured: pairMeasured(put10k, get10k),
        baselineName: "GetSecretValue",
        target: PUT_TARGET,
        detail,
      }),
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

type Operation = "GetSecretValue" | "PutSecretValue";

async function timeStart(dataDir: string): Promise<number> {
  const endpoint = await spawnEndpoint(dataDir);
  await endpoint.stop();
  return endpoint.startupMs;
}

/**
 * Values for the puts, made before the load starts: making a random value costs the load generator ten
 * times what a GetSecretValue request costs it, and the figure is about the endpoint. Every put still
 * has its own ClientRequestToken, so each one makes a new version.
 */
const PUT_VALUES = Array.from({ length: 4096 }, randomValue);

function load(endpoint: EndpointProcess, operation: Operation, count: number): Promise<LoadResult> {
  const pick = () => benchSecretName(Math.floor(Math.random() * count));
  let sent = 0;
  return runLoad({
    url: endpoint.url,
    concurrency: CLIENTS,
    durationMs: WINDOW_MS,
    next: () => {
      sent += 1;
      return operation === "GetSecretValue"
        ? awsJsonRequest(operation, { SecretId: pick() })
        : awsJsonRequest(operation, {
            SecretId: pick(),
            SecretString: PUT_VALUES[sent % PUT_VALUES.length],
            ClientRequestToken: randomUUID(),
          });
    },
  });
}
