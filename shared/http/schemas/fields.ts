/**
 * The pieces the request schemas share, as factories so that a route's bundle builds only what its own
 * schema uses. The schemas use `zod/mini` (zod 4's tree-shakable API: the same checks, the same English
 * messages as `zod`), one module per route: a route's bundle carries about 30 KiB of zod instead of
 * 470 KiB, and its cold start builds one schema, not nine.
 */

import * as z from "zod/mini";
import "./locale.js";

/** A string of `min` to `max` characters (`min` 0: no lower bound; no `max`: no upper bound). */
export function text(min: number, max?: number) {
  const checks = [];
  if (min > 0) checks.push(z.minLength(min));
  if (max !== undefined) checks.push(z.maxLength(max));
  return z.string().check(...checks);
}

/** A query value holding an integer from `min` to `max`. */
export function intText(min: number, max: number) {
  return z.coerce.number().check(z.int(), z.gte(min), z.lte(max));
}

/** A query value `true` or `false`, as a boolean. */
export function booleanText() {
  return z.pipe(
    z.enum(["true", "false"]),
    z.transform((value) => value === "true"),
  );
}

/** Tags: keys of 1-128 characters, values of at most 256. */
export function tags() {
  return z.record(text(1, 128), text(0, 256));
}

/**
 * A JSON object (not an array, not null) as the body parser made it, passed through unchanged. Not
 * `z.record`: that rebuilds the object by assignment, which drops a `__proto__` key (or sets the
 * prototype from it); JSON treats `__proto__` as an ordinary key, and so does this API.
 *
 * @example
 * jsonObject({ nonEmptyKeys: true }).parse(JSON.parse('{"__proto__": "x"}')) // keeps the "__proto__" key
 */
export function jsonObject(options: { nonEmptyKeys?: boolean } = {}) {
  return z
    .custom<Record<string, unknown>>(
      (input) => typeof input === "object" && input !== null && !Array.isArray(input),
      { message: "expected a JSON object" },
    )
    .check(
      z.refine((object) => !options.nonEmptyKeys || !Object.hasOwn(object, ""), {
        message: "keys must not be empty",
      }),
    );
}

/** A value as a request gives it: a JSON object or a string (`value`), or base64 bytes (`secretBinary`). */
export function valueFields() {
  return {
    value: z.optional(z.union([jsonObject(), z.string().check(z.minLength(1))])),
    secretBinary: z.optional(z.base64().check(z.minLength(1))),
  };
}

/** The check that exactly one of `value` and `secretBinary` is given. */
export function exactlyOneValue() {
  return z.refine<{ value?: unknown; secretBinary?: unknown }>(
    (input) => (input.value === undefined) !== (input.secretBinary === undefined),
    { message: "give exactly one of value and secretBinary" },
  );
}
