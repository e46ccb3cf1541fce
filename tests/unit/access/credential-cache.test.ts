import { describe, expect, it } from "vitest";
import { createCredentialCache } from "../../../shared/access/credential-cache.js";

function world(values: Record<string, string | undefined | Error>) {
  let clock = 0;
  const loads: string[] = [];
  const cache = createCredentialCache<string>({
    load: async (key) => {
      loads.push(key);
      const value = values[key];
      if (value instanceof Error) throw value;
      return value;
    },
    ttlMs: 30_000,
    unknownTtlMs: 5_000,
    minRefetchMs: 1_000,
    maxEntries: 3,
    maxUnknown: 2,
    now: () => clock,
  });
  return { cache, loads, values, advance: (ms: number) => (clock += ms) };
}

describe("the credential cache", () => {
  it("reads each client once per cache lifetime, and again after it", async () => {
    const { cache, loads, advance } = world({ a: "A" });
    expect(await cache.get("a")).toBe("A");
    advance(29_999);
    expect(await cache.get("a")).toBe("A");
    expect(loads).toEqual(["a"]);
    advance(1);
    await cache.get("a");
    expect(loads).toEqual(["a", "a"]);
  });

  it("shares one read among concurrent requests", async () => {
    const { cache, loads } = world({ a: "A" });
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get("a")));
    expect(new Set(answers)).toEqual(new Set(["A"]));
    expect(loads).toEqual(["a"]);
  });

  it("remembers unknown ids briefly and apart, so they push no client out", async () => {
    const { cache, loads, values, advance } = world({ a: "A", b: "B", c: "C" });
    for (const key of ["a", "b", "c"]) await cache.get(key);
    for (const key of ["x", "y", "z", "x"]) expect(await cache.get(key)).toBeUndefined();
    // x was remembered, then pushed out by z (two unknown ids kept): read again; the clients stayed.
    expect(loads).toEqual(["a", "b", "c", "x", "y", "z", "x"]);
    for (const key of ["a", "b", "c"]) await cache.get(key);
    expect(loads).toHaveLength(7);
    values.z = "Z";
    advance(4_999);
    expect(await cache.get("z")).toBeUndefined();
    advance(1);
    expect(await cache.get("z")).toBe("Z");
  });

  it("keeps at most maxEntries clients, the least recently used going first", async () => {
    const { cache, loads } = world({ a: "A", b: "B", c: "C", d: "D" });
    for (const key of ["a", "b", "c", "a", "d"]) await cache.get(key);
    await cache.get("a");
    await cache.get("b");
    expect(loads).toEqual(["a", "b", "c", "d", "b"]);
  });

  it("never keeps a failed read: its waiters get the error, the next request reads again", async () => {
    const { cache, loads, values } = world({ a: new Error("unusable") });
    const both = await Promise.allSettled([cache.get("a"), cache.get("a")]);
    expect(both.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    values.a = "A";
    expect(await cache.get("a")).toBe("A");
    expect(loads).toEqual(["a", "a"]);
  });

  it("refetches a client at most once per minRefetchMs: a miss within it waits for that read, shared", async () => {
    let loads = 0;
    let value = "A";
    const cache = createCredentialCache<string>({
      load: async () => {
        loads += 1;
        return value;
      },
      ttlMs: 30_000,
      unknownTtlMs: 5_000,
      minRefetchMs: 50,
    });
    await cache.get("a");
    value = "A2";
    const started = Date.now();
    // Ten misses at once: one read, once 50 ms have passed since the last.
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.refetch("a")));
    expect(new Set(answers)).toEqual(new Set(["A2"]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(loads).toBe(2);
    // Misses one after another: never more than one read per 50 ms.
    const from = Date.now();
    for (let i = 0; i < 6; i += 1) await cache.refetch("a");
    expect(loads - 2).toBeLessThanOrEqual(Math.floor((Date.now() - from) / 45) + 1);
    expect(await cache.get("a")).toBe("A2");
  });
});
