import type { z } from "zod";
import { invalidInput } from "./errors.js";

/**
 * Parses `data` with `schema` or throws `InvalidInput` (400). The message names the fields and what was
 * wrong with them, never the values given.
 *
 * @example
 * const query = parseInput(listQuerySchema, event.queryStringParameters ?? {}, "query");
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  where: "body" | "query",
): z.output<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [where, ...issue.path.map(String)].join(".");
    return `${path}: ${issue.message}`;
  });
  throw invalidInput(problems.join("; "));
}
