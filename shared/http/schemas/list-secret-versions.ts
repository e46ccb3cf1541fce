import * as z from "zod/mini";
import { booleanText, intText, text } from "./fields.js";

/** `GET /secrets/{id}/versions`: the page size, the page, whether to include deprecated versions. */
export const listVersionsQuery = z.strictObject({
  maxResults: z.optional(intText(1, 100)),
  nextToken: z.optional(text(1, 4096)),
  includeDeprecated: z.optional(booleanText()),
});
