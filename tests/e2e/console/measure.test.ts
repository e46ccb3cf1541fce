/**
 * The console's bench figures (tests/support/console-measure.ts) can be measured: a build's gzipped
 * JavaScript, and renders of 100 secrets and of an empty list from fixed API answers. The times are
 * printed, not asserted (they belong to `npm run bench`); the bundle's size is a property of the build.
 */
import { describe, expect, it } from "vitest";
import { measureConsoleRender } from "../../support/console-measure";

describe("the console's figures", () => {
  it("renders 100 secrets and an empty list from fixed answers; the JavaScript is at most 60 KiB gzipped", async () => {
    const figures = await measureConsoleRender({ runs: 1 });
    expect(figures.rows).toEqual({ full: 100, empty: 0 });
    expect(figures.jsGzipBytes).toBeGreaterThan(0);
    expect(figures.jsGzipBytes).toBeLessThanOrEqual(60 * 1024);
    console.log(
      `console: ${(figures.jsGzipBytes / 1024).toFixed(1)} KiB gzipped JS; 100 secrets ${figures.medianFullMs.toFixed(0)} ms, empty ${figures.medianEmptyMs.toFixed(0)} ms, ratio ${figures.ratio.toFixed(2)}`,
    );
  }, 120_000);
});
