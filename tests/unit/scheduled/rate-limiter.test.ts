import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../shared/audit/rate-limiter.js";

describe("createRateLimiter", () => {
  it("lets a burst through, then spaces calls at the rate", async () => {
    let clock = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      perSecond: 50,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    for (let i = 0; i < 50; i += 1) await limiter.take();
    expect(waits).toEqual([]);
    await limiter.take();
    await limiter.take();
    expect(waits).toEqual([20, 40]);
    clock += 1_000;
    await limiter.take();
    expect(waits).toHaveLength(2);
  });

  it("holds a real sequence of calls to the rate", async () => {
    const limiter = createRateLimiter({ perSecond: 100, burst: 1 });
    const started = performance.now();
    for (let i = 0; i < 21; i += 1) await limiter.take();
    // 20 spaced calls at 100/s take at least ~200 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});
