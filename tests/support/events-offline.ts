/**
 * `serverless offline` for the rotation-events e2e test (`onRotationEvent`), reading the functions' output
 * back: the on-rotation-event records are JSON log lines.
 */
import { type Offline, startOffline } from "./offline";

export interface WatchedOffline extends Offline {
  /** Every JSON line the functions wrote so far, parsed. */
  jsonLines(): Record<string, unknown>[];
}

export async function startWatchedOffline(
  lambdaPort: number,
  env: Record<string, string>,
): Promise<WatchedOffline> {
  const offline = await startOffline({
    env,
    lambdaPort,
    startTimeoutMs: 150_000,
    captureAs: "events-offline",
  });
  return { ...offline, jsonLines: () => jsonLines(offline.output()) };
}

function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .map((line) => line.slice(line.indexOf("{")))
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
