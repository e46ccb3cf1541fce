/**
 * Fills a data folder with N secrets straight through `createCore` (no HTTP), so a 10,000-secret store
 * takes seconds to make. Values are random and never printed.
 */
import { randomBytes, randomUUID } from "node:crypto";
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
      // As an SDK sends it: a raw call without ClientRequestToken is refused, as AWS refuses it.
      const input = {
        Name: benchSecretName(i),
        SecretString: randomValue(),
        ClientRequestToken: randomUUID(),
      };
      core.dispatch("CreateSecret", input, BENCH_REGION);
    }
  } finally {
    core.close();
  }
}
