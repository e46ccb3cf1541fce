import { describe, expect, it } from "vitest";
import { deadlineFrom } from "../../../shared/audit/deadline.js";
import { runInOrder } from "../../../shared/audit/pool.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runInOrder", () => {
  it("never runs more than the limit at once and runs every item", async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const started = await runInOrder([...Array(25).keys()], 4, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick(item % 3);
      done.push(item);
      running -= 1;
    });
    expect(started).toBe(25);
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
  });

  it("stops starting when told, and what it did is a prefix of the list", async () => {
    const done: number[] = [];
    const started = await runInOrder(
      [...Array(20).keys()],
      3,
      async (item) => {
        await tick(1);
        done.push(item);
      },
      () => done.length < 7,
    );
    expect(started).toBeGreaterThanOrEqual(7);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(started).keys()]);
  });
});

describe("deadlineFrom", () => {
  it("stops new work inside the margin and keeps half of it for the finish", () => {
    let remaining = 30_000;
    const deadline = deadlineFrom(() => remaining, 10_000);
    expect(deadline.shouldStop()).toBe(false);
    expect(deadline.canWait(26_000)).toBe(false);
    expect(deadline.canWait(10_000)).toBe(true);
    remaining = 10_000;
    expect(deadline.shouldStop()).toBe(true);
    expect(deadline.canWait(4_000)).toBe(true);
    expect(deadline.canWait(6_000)).toBe(false);
  });
});
