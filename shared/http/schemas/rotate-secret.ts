import * as z from "zod/mini";
import { text } from "./fields.js";

/** `POST /secrets/{id}/rotate`: rotate now or not, the rotation function, the schedule. */
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
