import * as z from "zod/mini";
import "./zod-locale.js";
import { hasOneValue, jsonObject, valueFields } from "./secret-value-input.js";

/**
 * Request schemas, one per route that takes input. Query values arrive as strings. Built with `zod/mini`
 * (zod 4's tree-shakable API, the same checks and messages as `zod`): a route's bundle carries only the
 * checks it uses, about 30 KiB instead of 470 KiB, which is most of the gap to the bare SDK's cold start.
 */

const text = (min: number, max?: number) =>
  max === undefined
    ? z.string().check(z.minLength(min))
    : min === 0
      ? z.string().check(z.maxLength(max))
      : z.string().check(z.minLength(min), z.maxLength(max));
const intText = (min: number, max: number) => z.coerce.number().check(z.int(), z.gte(min), z.lte(max));
const booleanText = z.pipe(
  z.enum(["true", "false"]),
  z.transform((value) => value === "true"),
);
const tags = z.record(text(1, 128), text(0, 256));
const ONE_VALUE = { message: "give exactly one of value and secretBinary" };

export const createSecretBody = z
  .strictObject({
    name: text(1, 512),
    ...valueFields,
    description: z.optional(text(0, 2048)),
    kmsKeyId: z.optional(text(1, 2048)),
    tags: z.optional(tags),
  })
  .check(z.refine(hasOneValue, ONE_VALUE));

export const listSecretsQuery = z.strictObject({
  maxResults: z.optional(intText(1, 100)),
  nextToken: z.optional(text(1, 4096)),
  namePrefix: z.optional(text(1, 512)),
  tagKey: z.optional(text(1, 128)),
  tagValue: z.optional(text(1, 256)),
  includePlannedDeletion: z.optional(booleanText),
  sortOrder: z.optional(z.enum(["asc", "desc"])),
});

export const getSecretValueQuery = z
  .strictObject({
    versionStage: z.optional(text(1, 256)),
    versionId: z.optional(text(32, 64)),
    key: z.optional(text(1)),
  })
  .check(
    z.refine((query) => !(query.versionStage && query.versionId), {
      message: "give versionStage or versionId, not both",
    }),
  );

export const putSecretValueBody = z.strictObject(valueFields).check(z.refine(hasOneValue, ONE_VALUE));

export const patchSecretValueBody = z
  .strictObject({
    set: z.optional(jsonObject({ nonEmptyKeys: true })),
    remove: z.optional(z.array(text(1))),
  })
  .check(
    z.refine((body) => Object.keys(body.set ?? {}).length + (body.remove?.length ?? 0) > 0, {
      message: "give keys to set or to remove",
    }),
    z.refine((body) => !(body.remove ?? []).some((key) => Object.hasOwn(body.set ?? {}, key)), {
      message: "a key cannot be both set and removed",
    }),
  );

export const updateSecretBody = z
  .strictObject({
    description: z.optional(text(0, 2048)),
    kmsKeyId: z.optional(text(1, 2048)),
    addTags: z.optional(tags),
    removeTags: z.optional(z.array(text(1, 128))),
  })
  .check(
    z.refine((body) => Object.values(body).some((field) => field !== undefined), {
      message: "give at least one of description, kmsKeyId, addTags, removeTags",
    }),
  );

export const deleteSecretQuery = z
  .strictObject({
    recoveryWindowInDays: z.optional(intText(7, 30)),
    force: z.optional(booleanText),
  })
  .check(
    z.refine((query) => !(query.force && query.recoveryWindowInDays !== undefined), {
      message: "give recoveryWindowInDays or force=true, not both",
    }),
  );

export const rotateSecretBody = z.strictObject({
  rotateImmediately: z.optional(z.boolean()),
  rotationLambdaArn: z.optional(text(1, 2048)),
  rotationRules: z.optional(
    z.strictObject({
      automaticallyAfterDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1000))),
      scheduleExpression: z.optional(text(1, 256)),
      duration: z.optional(text(1, 3)),
    }),
  ),
});

export const listVersionsQuery = z.strictObject({
  maxResults: z.optional(intText(1, 100)),
  nextToken: z.optional(text(1, 4096)),
  includeDeprecated: z.optional(booleanText),
});
