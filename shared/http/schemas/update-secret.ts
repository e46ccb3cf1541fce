import * as z from "zod/mini";
import { tags, text } from "./fields.js";

/** `PATCH /secrets/{id}`: description, KMS key, tags to add and to remove; at least one. */
export const updateSecretBody = z
  .strictObject({
    description: z.optional(text(0, 2048)),
    kmsKeyId: z.optional(text(1, 2048)),
    addTags: z.optional(tags()),
    removeTags: z.optional(z.array(text(1, 128))),
  })
  .check(
    z.refine((body) => Object.values(body).some((field) => field !== undefined), {
      message: "give at least one of description, kmsKeyId, addTags, removeTags",
    }),
  );
