/**
 * A route takes only the inputs it declares: a body field, a query parameter or a whole body it does not
 * take answers 400 with a code that names what was not taken, never silently ignored (a recovery window
 * sent in a DELETE body would otherwise be dropped and the default 30 days applied).
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ApiError, HttpErrorCodes } from "./errors.js";
import type { RequestSchema } from "./validation.js";

/** The names an object schema takes (`zod/mini` strictObject, checks or not), or none. */
export function fieldsOf(schema: RequestSchema | undefined): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def
    ?.shape;
  return shape ? Object.keys(shape) : [];
}

/** How a list of names reads in a message: `a, b and c`, or "none". */
function listed(names: readonly string[]): string {
  if (names.length === 0) return "none";
  return names.length === 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** A body field or query parameter the route does not take: UnknownField / UnknownQueryParameter. */
export function unknownInput(
  where: "body" | "query",
  names: readonly string[],
  schema: RequestSchema,
): ApiError {
  const takes = listed(fieldsOf(schema));
  return where === "body"
    ? new ApiError(
        HttpErrorCodes.UnknownField,
        `body: this route takes no field ${listed(names.map((name) => JSON.stringify(name)))} (its fields: ${takes})`,
      )
    : new ApiError(
        HttpErrorCodes.UnknownQueryParameter,
        `query: this route takes no parameter ${listed(names.map((name) => JSON.stringify(name)))} (its parameters: ${takes})`,
      );
}

/**
 * Refuses what a route without a body schema or a query schema was sent anyway: any body (400
 * `UnexpectedBody`, naming the query parameters the route does take), any query parameter (400
 * `UnknownQueryParameter`).
 *
 * @example
 * assertOnlyDeclaredInputs(event, { query: deleteSecretQuery }); // a DELETE with a JSON body: 400 UnexpectedBody
 */
export function assertOnlyDeclaredInputs(
  event: Pick<APIGatewayProxyEventV2, "body" | "queryStringParameters">,
  schemas: { body?: RequestSchema; query?: RequestSchema },
): void {
  if (!schemas.body && event.body !== undefined && event.body !== null && event.body !== "") {
    const query = fieldsOf(schemas.query);
    const hint = query.length > 0 ? ` (its options go in the query string: ${listed(query)})` : "";
    throw new ApiError(HttpErrorCodes.UnexpectedBody, `This route takes no request body${hint}`);
  }
  const parameters = Object.keys(event.queryStringParameters ?? {});
  if (!schemas.query && parameters.length > 0) {
    throw new ApiError(
      HttpErrorCodes.UnknownQueryParameter,
      `query: this route takes no query parameters (got ${listed(parameters.map((name) => JSON.stringify(name)))})`,
    );
  }
}
