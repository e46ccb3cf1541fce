import type { $ZodType, output } from "zod/v4/core";
import { ApiError, invalidInput } from "./errors.js";
import { unknownInput } from "./route-inputs.js";

/** A `zod` or `zod/mini` schema: both kinds parse with their own `safeParse`. */
export type RequestSchema = $ZodType & {
  safeParse(
    data: unknown,
  ): { success: true; data: unknown } | { success: false; error: { issues: readonly Issue[] } };
};

/** What zod says of one input it refused. */
interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  expected?: string;
  keys?: string[];
}

/**
 * zod's message, or ours where zod's would mislead: tags are a map here, not AWS's `[{Key, Value}]` list.
 */
function messageOf(issue: Issue): string {
  const field = String(issue.path.at(-1) ?? "");
  if (issue.code === "invalid_type" && issue.expected === "record" && /tags$/i.test(field))
    return 'expected an object of tag keys to values, e.g. {"team": "a"} (not AWS\'s [{"Key", "Value"}] list)';
  return issue.message;
}

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
  const { issues } = result.error;
  // A name the route does not take gives the answer its code (UnknownField, UnknownQueryParameter): it is
  // named first, the other problems after it.
  const unknownTopLevel = issues.find(
    (issue) => issue.code === "unrecognized_keys" && issue.path.length === 0,
  );
  const problems = issues
    .filter((issue) => issue !== unknownTopLevel)
    .map((issue) => `${[where, ...issue.path.map(String)].join(".")}: ${messageOf(issue)}`);
  if (!unknownTopLevel?.keys) throw invalidInput(problems.join("; "));
  const unknown = unknownInput(where, unknownTopLevel.keys, schema);
  throw new ApiError(unknown.code, [unknown.message, ...problems].join("; "));
}
