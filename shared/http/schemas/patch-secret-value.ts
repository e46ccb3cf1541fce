import * as z from "zod/mini";
import { jsonObject, text } from "./fields.js";

/** `PATCH /secrets/{id}/value`: keys to set and keys to remove, at least one, none in both. */
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
