import type { Clock, EpochSeconds } from "./types";

/** Real time plus an offset that only grows; `advance` lets tests and `POST /_local/clock` jump ahead. */
export function createClock(start?: EpochSeconds): Clock {
  let offsetSeconds = start === undefined ? 0 : start - Date.now() / 1000;
  return {
    now: () => Date.now() / 1000 + offsetSeconds,
    advance(seconds: number) {
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new RangeError("advance takes a finite, non-negative number");
      offsetSeconds += seconds;
    },
  };
}
