import * as z from "zod/mini";
import { text } from "./fields.js";

/** `GET /secrets/{id}/value`: which version (a stage or an id, not both) and optionally one key. */
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
