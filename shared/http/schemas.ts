import { z } from "zod";
import { hasOneValue, jsonObject, valueFields } from "./secret-value-input.js";

/** Request schemas, one per route that takes input. Query values arrive as strings. */

const booleanText = z.enum(["true", "false"]).transform((text) => text === "true");
const tags = z.record(z.string().min(1).max(128), z.string().max(256));
const ONE_VALUE = { message: "give exactly one of value and secretBinary" };

export const createSecretBody = z
  .strictObject({
    name: z.string().min(1).max(512),
    ...valueFields,
    description: z.string().max(2048).optional(),
    kmsKeyId: z.string().min(1).max(2048).optional(),
    tags: tags.optional(),
  })
  .refine(hasOneValue, ONE_VALUE);

export const listSecretsQuery = z.strictObject({
  maxResults: z.coerce.number().int().min(1).max(100).optional(),
  nextToken: z.string().min(1).max(4096).optional(),
  namePrefix: z.string().min(1).max(512).optional(),
  tagKey: z.string().min(1).max(128).optional(),
  tagValue: z.string().min(1).max(256).optional(),
  includePlannedDeletion: booleanText.optional(),
  sortOrder: z.enum(["asc", "desc"]).optional(),
});

export const getSecretValueQuery = z
  .strictObject({
    versionStage: z.string().min(1).max(256).optional(),
    versionId: z.string().min(32).max(64).optional(),
    key: z.string().min(1).optional(),
  })
  .refine((query) => !(query.versionStage && query.versionId), {
    message: "give versionStage or versionId, not both",
  });

export const putSecretValueBody = z.strictObject(valueFields).refine(hasOneValue, ONE_VALUE);

export const patchSecretValueBody = z
  .strictObject({
    set: jsonObject({ nonEmptyKeys: true }).optional(),
    remove: z.array(z.string().min(1)).optional(),
  })
  .refine((body) => Object.keys(body.set ?? {}).length + (body.remove?.length ?? 0) > 0, {
    message: "give keys to set or to remove",
  })
  .refine((body) => !(body.remove ?? []).some((key) => Object.hasOwn(body.set ?? {}, key)), {
    message: "a key cannot be both set and removed",
  });

export const updateSecretBody = z
  .strictObject({
    description: z.string().max(2048).optional(),
    kmsKeyId: z.string().min(1).max(2048).optional(),
    addTags: tags.optional(),
    removeTags: z.array(z.string().min(1).max(128)).optional(),
  })
  .refine((body) => Object.values(body).some((field) => field !== undefined), {
    message: "give at least one of description, kmsKeyId, addTags, removeTags",
  });

export const deleteSecretQuery = z
  .strictObject({
    recoveryWindowInDays: z.coerce.number().int().min(7).max(30).optional(),
    force: booleanText.optional(),
  })
  .refine((query) => !(query.force && query.recoveryWindowInDays !== undefined), {
    message: "give recoveryWindowInDays or force=true, not both",
  });

export const rotateSecretBody = z.strictObject({
  rotateImmediately: z.boolean().optional(),
  rotationLambdaArn: z.string().min(1).max(2048).optional(),
  rotationRules: z
    .strictObject({
      automaticallyAfterDays: z.number().int().min(1).max(1000).optional(),
      scheduleExpression: z.string().min(1).max(256).optional(),
      duration: z.string().min(1).max(3).optional(),
    })
    .optional(),
});

export const listVersionsQuery = z.strictObject({
  maxResults: z.coerce.number().int().min(1).max(100).optional(),
  nextToken: z.string().min(1).max(4096).optional(),
  includeDeprecated: booleanText.optional(),
});
