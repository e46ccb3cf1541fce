import * as z from "zod/mini";
import { booleanText, intText } from "./fields.js";

/** `DELETE /secrets/{id}`: a recovery window of 7-30 days or `force=true`, not both. */
export const deleteSecretQuery = z
  .strictObject({
    recoveryWindowInDays: z.optional(intText(7, 30)),
    force: z.optional(booleanText()),
  })
  .check(
    z.refine((query) => !(query.force && query.recoveryWindowInDays !== undefined), {
      message: "give recoveryWindowInDays or force=true, not both",
    }),
  );
