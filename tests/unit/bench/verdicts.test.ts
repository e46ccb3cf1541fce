/**
 * The bench's verdicts: the spread is a distribution-free confidence interval of the median, a verdict
 * is ok or MISSED only when the whole spread is on one side of the target, and measurements alternate a
 * figure with its baseline and go on while the spread straddles the target.
 */
import { describe, expect, it } from "vitest";
import { type Target, verdictOf } from "../../../bench/lib/figure";
import { interleave, measurePair, TimeBudget } from "../../../bench/lib/measure";
import { medianInterval } from "../../../bench/lib/stats";

const AT_MOST_1_25: Target = { of: "ratio", op: "<=", limit: 1.25 };

describe("the spread of a median", () => {
  it("is [min, max] for 5 samples (93.75%), and narrows with more samples", () => {
    expect(medianInterval([5, 1, 4, 2, 3])).toEqual({ low: 1, high: 5, confidence: 0.9375 });
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    const spread = medianInterval(twenty);
    // Binomial(20, 1/2): the 6th smallest and 6th largest hold the median with 95.9%.
    expect([spread.low, spread.high]).toEqual([6, 15]);
    expect(spread.confidence).toBeCloseTo(0.9586, 4);
  });

  it("weighs one wild sample as one sample", () => {
    const spread = medianInterval([10, 10.1, 9.9, 10.2, 9.8, 10, 10.1, 9.9, 10, 500]);
    expect(spread.high).toBeLessThan(11);
  });
});

describe("verdicts", () => {
  it("are ok or MISSED only when the whole spread is on one side of the target", () => {
    expect(verdictOf({ low: 1.05, high: 1.2, confidence: 0.95 }, AT_MOST_1_25)).toBe("ok");
    expect(verdictOf({ low: 1.26, high: 1.4, confidence: 0.95 }, AT_MOST_1_25)).toBe("missed");
    expect(verdictOf({ low: 1.2, high: 1.3, confidence: 0.95 }, AT_MOST_1_25)).toBe("inconclusive");
    expect(verdictOf({ low: 0.72, high: 0.9, confidence: 0.95 }, { of: "ratio", op: ">=", limit: 0.7 })).toBe(
      "ok",
    );
  });
});

describe("interleaved measurement", () => {
  it("alternates which series goes first, round by round", async () => {
    const calls: string[] = [];
    const sampler = (name: string) => () => {
      calls.push(name);
      return 1;
    };
    await interleave([sampler("A"), sampler("B")], { runs: 5 }, () => true);
    expect(calls.join(" ")).toBe("A B B A A B B A A B");
  });

  it("stops after the first runs when the spread is clear of the target", async () => {
    let subjectCalls = 0;
    const measured = await measurePair(
      () => {
        subjectCalls += 1;
        return 100 + (subjectCalls % 3);
      },
      () => 100,
      { runs: 5, maxRuns: 30, target: AT_MOST_1_25 },
    );
    expect(measured.ratios).toHaveLength(5);
    expect(verdictOf(measured.ratioSpread, AT_MOST_1_25)).toBe("ok");
  });

  it("takes more pairs while the spread straddles the target, up to maxRuns", async () => {
    let round = 0;
    // Ratios alternating 1.1 and 1.4: the median sits on the target whatever the number of pairs.
    const measured = await measurePair(
      () => {
        round += 1;
        return round % 2 === 0 ? 140 : 110;
      },
      () => 100,
      { runs: 5, maxRuns: 12, target: AT_MOST_1_25 },
    );
    expect(measured.ratios).toHaveLength(12);
    expect(verdictOf(measured.ratioSpread, AT_MOST_1_25)).toBe("inconclusive");
  });

  it("takes no pair past the first runs once the section's time pool is spent", async () => {
    let round = 0;
    const straddling = () => {
      round += 1;
      return round % 2 === 0 ? 140 : 110;
    };
    const measured = await measurePair(straddling, () => 100, {
      runs: 5,
      maxRuns: 12,
      target: AT_MOST_1_25,
      pool: new TimeBudget(0),
    });
    expect(measured.ratios).toHaveLength(5);
  });
});
