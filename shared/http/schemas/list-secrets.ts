import * as z from "zod/mini";
import { booleanText, intText, text } from "./fields.js";

/** `GET /secrets`: the page size, the page, and AWS's filters. */
export const listSecretsQuery = z.strictObject({
  maxResults: z.optional(intText(1, 100)),
  nextToken: z.optional(text(1, 4096)),
  namePrefix: z.optional(text(1, 512)),
  tagKey: z.optional(text(1, 128)),
  tagValue: z.optional(text(1, 256)),
  includePlannedDeletion: z.optional(booleanText()),
  sortOrder: z.optional(z.enum(["asc", "desc"])),
});
