/**
 * Issue 13, the console: the built bundle's gzipped JavaScript (target: at most 60 KiB), and the time from
 * navigation to a rendered page of 100 secrets from a fixed API answer against the same for an empty list,
 * in one run, alternating (target: ratio at most 3). tests/support/console-measure.ts builds, serves and
 * drives the console in Debian's Chromium.
 */

import { startRenderSession } from "../../tests/support/console-measure";
import { type Figure, figure, pairFigure, type Target } from "../lib/figure";
import { measurePair } from "../lib/measure";

const BUNDLE_TARGET: Target = { of: "value", op: "<=", limit: 60 * 1024 };
const RENDER_TARGET: Target = { of: "ratio", op: "<=", limit: 3 };

export async function consoleFigures(): Promise<Figure[]> {
  const session = await startRenderSession();
  try {
    const sample = (list: "full" | "empty") => async () => {
      const { ms, rows } = await session.render(list);
      if (rows !== (list === "full" ? 100 : 0)) throw new Error(`the ${list} list rendered ${rows} rows`);
      return ms;
    };
    const render = await measurePair(sample("full"), sample("empty"), {
      warmup: 1,
      target: RENDER_TARGET,
      maxRuns: 15,
      extraMs: 15_000,
    });
    return [
      figure({
        name: "console JavaScript, gzipped",
        value: session.jsGzipBytes,
        unit: "bytes",
        target: BUNDLE_TARGET,
      }),
      pairFigure({
        name: "console: 100 secrets rendered, from navigation",
        unit: "ms",
        measured: render,
        baselineName: "empty list",
        target: RENDER_TARGET,
      }),
    ];
  } finally {
    await session.close();
  }
}
