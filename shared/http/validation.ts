import type { $ZodType, output } from "zod/v4/core";
import { invalidInput } from "./errors.js";

/** A `zod` or `zod/mini` schema: both kinds parse with their own `safeParse`. */
export type RequestSchema = $ZodType & {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
};

/**
 * Parses `data` with `schema` or throws `InvalidInput` (400). The message names the fields and what was
 * wrong with them, never the values given.
 *
 * @example
 * const query = parseInput(listQuerySchema, event.queryStringParameters ?? {}, "query");
 */
export function parseInput<Schema extends RequestSchema>(
  schema: Schema,
  data: unknown,
  where: "body" | "query",
): output<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data as output<Schema>;
  const problems = result.error.issues.map((issue) => {
    const path = [where, ...issue.path.map(String)].join(".");
    return `${path}: ${issue.message}`;
  });
  throw invalidInput(problems.join("; "));
}
