import { describe, expect, it } from "vitest";
import { jitteredDelay, withBackoff } from "../../../shared/audit/backoff.js";
import { SecretsError } from "../../../shared/secrets/errors.js";

const throttled = () => new SecretsError("ThrottlingException", "Rate exceeded", { retryable: true });
const options = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

function failing(times: number, error: () => Error = throttled) {
  let calls = 0;
  return {
    call: async () => {
      calls += 1;
      if (calls <= times) throw error();
      return "ok";
    },
    calls: () => calls,
  };
}

describe("withBackoff", () => {
  it("retries ThrottlingException with growing, jittered delays and then succeeds", async () => {
    const waits: number[] = [];
    const target = failing(3);
    const result = await withBackoff(target.call, {
      ...options,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(result).toBe("ok");
    expect(target.calls()).toBe(4);
    expect(waits).toEqual([50, 100, 200]);
  });

  it("gives up after maxAttempts with the last error", async () => {
    const target = failing(10);
    await expect(withBackoff(target.call, { ...options, sleep: async () => {} })).rejects.toMatchObject({
      code: "ThrottlingException",
    });
    expect(target.calls()).toBe(5);
  });

  it("does not retry an error that is not retryable", async () => {
    const target = failing(1, () => new SecretsError("ResourceNotFoundException", "gone"));
    await expect(withBackoff(target.call, { ...options, sleep: async () => {} })).rejects.toMatchObject({
      code: "ResourceNotFoundException",
    });
    expect(target.calls()).toBe(1);
  });

  it("stops waiting when the deadline leaves no time for the wait", async () => {
    const target = failing(3);
    await expect(
      withBackoff(target.call, {
        ...options,
        random: () => 0.9,
        sleep: async () => {},
        canWait: (ms) => ms < 100,
      }),
    ).rejects.toMatchObject({ code: "ThrottlingException" });
    expect(target.calls()).toBe(2);
  });
});

describe("jitteredDelay", () => {
  it("stays within [0, min(max, base * 2^(retry-1)))", () => {
    for (let retry = 1; retry <= 12; retry += 1) {
      const ceiling = Math.min(1_000, 100 * 2 ** (retry - 1));
      for (const r of [0, 0.25, 0.999999]) {
        const delay = jitteredDelay(retry, options, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it("spreads concurrent callers apart", () => {
    const delays = new Set(Array.from({ length: 50 }, () => jitteredDelay(4, options)));
    expect(delays.size).toBeGreaterThan(25);
  });
});
