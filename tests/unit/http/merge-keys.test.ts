/**
 * PATCH's key merge and its body schema with keys that are special to JavaScript objects: `__proto__`
 * is an ordinary key in JSON, so it must be stored as a key (and round-trip), never set a prototype.
 */
import { describe, expect, it } from "vitest";
import { mergeKeys } from "../../../shared/http/merge-keys.js";
import { patchSecretValueBody } from "../../../shared/http/schemas/patch-secret-value.js";
import { putSecretValueBody } from "../../../shared/http/schemas/put-secret-value.js";

describe("mergeKeys", () => {
  it("keeps untouched keys, sets and removes the others, leaves the input alone", () => {
    const current = { user: "a", password: "b", old: "c" };
    const next = mergeKeys(current, { set: { password: "d" }, remove: ["old"] });
    expect(next).toEqual({ user: "a", password: "d" });
    expect(current).toEqual({ user: "a", password: "b", old: "c" });
  });

  it("stores a __proto__ key as a real key, which JSON round-trips, without touching the prototype", () => {
    const edit = JSON.parse('{"set": {"__proto__": {"polluted": "yes"}, "plain": "p"}}');
    const next = mergeKeys({ user: "a" }, edit);
    expect(Object.keys(next).sort()).toEqual(["__proto__", "plain", "user"]);
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect((next as { polluted?: unknown }).polluted).toBeUndefined();
    const text = JSON.stringify(next);
    expect(JSON.parse(text)).toEqual(JSON.parse('{"user":"a","__proto__":{"polluted":"yes"},"plain":"p"}'));
    expect(Object.hasOwn(JSON.parse(text), "__proto__")).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("replaces and removes a stored __proto__ key", () => {
    const current = JSON.parse('{"__proto__": "old", "user": "a"}');
    expect(JSON.stringify(mergeKeys(current, { set: JSON.parse('{"__proto__": "new"}') }))).toBe(
      '{"__proto__":"new","user":"a"}',
    );
    expect(JSON.stringify(mergeKeys(current, { remove: ["__proto__"] }))).toBe('{"user":"a"}');
  });
});

describe("the value schemas", () => {
  it("keep a __proto__ key of PATCH's set as a real key", () => {
    const body = patchSecretValueBody.parse(JSON.parse('{"set": {"__proto__": "x", "a": "1"}}'));
    expect(Object.keys(body.set ?? {}).sort()).toEqual(["__proto__", "a"]);
    expect(JSON.stringify(body.set)).toBe('{"__proto__":"x","a":"1"}');
  });

  it("keep a __proto__ key of a PUT value as a real key", () => {
    const body = putSecretValueBody.parse(JSON.parse('{"value": {"__proto__": {"k": "v"}, "a": "1"}}'));
    expect(JSON.stringify(body.value)).toBe('{"__proto__":{"k":"v"},"a":"1"}');
  });

  it("still refuse an empty key, a non-object set and a key both set and removed", () => {
    expect(patchSecretValueBody.safeParse({ set: { "": "x" } }).success).toBe(false);
    expect(patchSecretValueBody.safeParse({ set: ["x"] }).success).toBe(false);
    expect(patchSecretValueBody.safeParse({ set: null }).success).toBe(false);
    expect(patchSecretValueBody.safeParse({ set: { a: "1" }, remove: ["a"] }).success).toBe(false);
    expect(putSecretValueBody.safeParse({ value: ["x"] }).success).toBe(false);
  });
});
