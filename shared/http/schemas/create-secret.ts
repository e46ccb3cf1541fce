import * as z from "zod/mini";
import { exactlyOneValue, tags, text, valueFields } from "./fields.js";

/** `POST /secrets`: a name under the prefix and its first value; optional description, KMS key, tags. */
export const createSecretBody = z
  .strictObject({
    name: text(1, 512),
    ...valueFields(),
    description: z.optional(text(0, 2048)),
    kmsKeyId: z.optional(text(1, 2048)),
    tags: z.optional(tags()),
  })
  .check(exactlyOneValue());
