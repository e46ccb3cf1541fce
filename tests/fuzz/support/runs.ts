/** Fast-check run counts: quick in `npm test`, thorough with `LONG=1` (`npm run test:long`). */
export const LONG = process.env.LONG === "1";

/** 500 runs in `npm test`, 10,000 with LONG=1 (or the `long` count given). */
export function fuzzRuns(quick = 500, long = 10_000): number {
  return LONG ? long : quick;
}
