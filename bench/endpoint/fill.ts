/**
 * Fills a data folder with N secrets straight through `createCore` (no HTTP), so a 10,000-secret store
 * takes seconds to make. Values are random and never printed.
 */
import { randomBytes } from "node:crypto";
import { createClock, createCore } from "../../local/core/index";

export const BENCH_REGION = { region: "us-east-1", accountId: "000000000000" };

export function benchSecretName(index: number): string {
  return `bench/secret-${String(index).padStart(5, "0")}`;
}

export function randomValue(): string {
  return JSON.stringify({ username: "bench", password: randomBytes(16).toString("base64url") });
}

/** Creates secrets 0..count-1 in `dataDir` (which should be empty); closes the store when done. */
export function fillDataDir(dataDir: string, count: number): void {
  const core = createCore({
    dataDir,
    clock: createClock(),
    rotation: { startRotation: () => {}, rotationAbandoned: () => {} },
  });
  try {
    for (let i = 0; i < count; i += 1) {
      core.dispatch("CreateSecret", { Name: benchSecretName(i), SecretString: randomValue() }, BENCH_REGION);
    }
  } finally {
    core.close();
  }
}
