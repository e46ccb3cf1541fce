/**
 * `openapi.yaml` against the routes' own input schemas (`shared/http/schemas`): which route takes which
 * schema is read from the code (serverless/http-functions.yml names each route's handler; the handler's
 * `body:` and `query:` name an import from `shared/http/schemas/`), and each schema is turned into JSON
 * Schema by zod 4 (`toJSONSchema`, `io: "input"`: what a client may send) and compared with what the
 * document says. What the comparison can and cannot see is listed in docs/console.md ("The typed client").
 *
 * @example
 * for (const route of await routeInputSchemas()) {
 *   const mismatches = routeMismatches(readOpenapi(), route);
 *   if (mismatches.length) console.log(route.operation, mismatches);
 * }
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import * as z from "zod/mini";
import { REPO } from "./paths";

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components?: Record<string, Record<string, JsonSchema>>;
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
  $ref?: string;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** One route as the code declares it: its method and path and the schemas its handler parses with. */
export interface RouteInputs {
  /** The function's name in serverless/http-functions.yml (`createSecret`). */
  operation: string;
  method: string;
  path: string;
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
}

/** `openapi.yaml`, parsed. */
export function readOpenapi(file = join(REPO, "openapi.yaml")): OpenApiDocument {
  return parse(readFileSync(file, "utf8")) as OpenApiDocument;
}

/** Every HTTP route of serverless/http-functions.yml with the body and query schemas its handler uses. */
export async function routeInputSchemas(): Promise<RouteInputs[]> {
  const functions = parse(readFileSync(join(REPO, "serverless", "http-functions.yml"), "utf8")) as Record<
    string,
    { handler: string; events?: { httpApi?: { method: string; path: string } }[] }
  >;
  const routes: RouteInputs[] = [];
  for (const [operation, fn] of Object.entries(functions)) {
    const event = fn.events?.find((candidate) => candidate.httpApi)?.httpApi;
    if (!event) continue;
    const handlerFile = join(REPO, `${fn.handler.replace(/\.[^.]+$/, "")}.ts`);
    const source = readFileSync(handlerFile, "utf8");
    routes.push({
      operation,
      method: event.method.toLowerCase(),
      path: event.path,
      body: await schemaNamedBy(source, handlerFile, "body"),
      query: await schemaNamedBy(source, handlerFile, "query"),
    });
  }
  return routes;
}

/** The schema a handler passes as `body:` or `query:`, imported from where the handler imports it. */
async function schemaNamedBy(
  source: string,
  handlerFile: string,
  field: "body" | "query",
): Promise<z.ZodMiniType | undefined> {
  const name = new RegExp(`\\b${field}:\\s*(\\w+)`).exec(source)?.[1];
  if (!name) return undefined;
  const from = new RegExp(`import\\s*{[^}]*\\b${name}\\b[^}]*}\\s*from\\s*"([^"]+)"`).exec(source)?.[1];
  if (!from) throw new Error(`${handlerFile}: ${field} schema ${name} is not imported from a module`);
  const module = (await import(join(handlerFile, "..", from.replace(/\.js$/, "")))) as Record<
    string,
    unknown
  >;
  const schema = module[name];
  if (!schema) throw new Error(`${handlerFile}: ${from} exports no ${name}`);
  return schema as z.ZodMiniType;
}

/** What a client may send to a schema, as JSON Schema (refinements and transforms are not visible). */
export function inputJsonSchema(schema: z.ZodMiniType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/**
 * Where `openapi.yaml` and a route's schemas disagree, one line each (empty: they agree): the body's and
 * the query's fields, which are required, whether others are refused, each field's type, and every bound
 * or enum the document states.
 */
export function routeMismatches(document: OpenApiDocument, route: RouteInputs): string[] {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  const operation = document.paths[route.path]?.[route.method] as OpenApiOperation | undefined;
  if (!operation) return [`${where}: not in openapi.yaml`];
  const mismatches: string[] = [];

  const documentedBody = operation.requestBody?.content?.["application/json"]?.schema;
  if (documentedBody && !route.body)
    mismatches.push(`${where}: openapi.yaml documents a body the route ignores`);
  if (!documentedBody && route.body) mismatches.push(`${where}: the route takes a body openapi.yaml omits`);
  if (documentedBody && route.body) {
    mismatches.push(
      ...compareShapes(
        openapiShape(document, documentedBody, `${where} body`, mismatches),
        routeShape(inputJsonSchema(route.body)),
        `${where} body`,
      ),
    );
  }

  const documentedQuery = queryShape(document, operation);
  const routeQuery = route.query
    ? queryRouteShape(inputJsonSchema(route.query))
    : {
        types: new Set(["object"]),
        properties: new Map(),
        required: new Set<string>(),
        closed: true,
        bounds: {},
      };
  mismatches.push(...compareShapes(documentedQuery, routeQuery, `${where} query`));
  return mismatches;
}

/** A schema reduced to what both sides can say. `types` undefined: anything (unrepresentable or `{}`). */
interface Shape {
  types?: Set<string>;
  properties?: Map<string, Shape>;
  required?: Set<string>;
  /** Other properties refused (`additionalProperties: false` / `unevaluatedProperties: false`). */
  closed?: boolean;
  /** A map's values (`additionalProperties: {schema}`). */
  values?: Shape;
  items?: Shape;
  bounds: Record<string, number>;
  enum?: unknown[];
}

const BOUNDS = ["minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"] as const;

function boundsOf(schema: JsonSchema): Record<string, number> {
  return Object.fromEntries(
    BOUNDS.filter((bound) => typeof schema[bound] === "number").map((b) => [b, schema[b] as number]),
  );
}

function resolveRef(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
  const target = section && name ? document.components?.[section]?.[name] : undefined;
  if (!target) throw new Error(`openapi.yaml: unresolved ${ref}`);
  return resolveRef(document, target);
}

/** openapi.yaml's schema as a Shape: `$ref`s followed, `allOf` merged, `oneOf`/`anyOf` as a union of types. */
function openapiShape(
  document: OpenApiDocument,
  given: JsonSchema,
  where: string,
  problems: string[],
): Shape {
  const schema = resolveRef(document, given);
  const members = (schema.allOf as JsonSchema[] | undefined)?.map((member) =>
    openapiShape(document, member, where, problems),
  );
  const own = plainShape(schema, (inner) => openapiShape(document, inner, where, problems));
  if (!members) return own;
  // allOf: every member must hold. A member that refuses other properties refuses its siblings' too,
  // which no body could pass: JSON Schema's answer is `unevaluatedProperties: false` on the allOf.
  const merged: Shape = { ...own, properties: new Map(own.properties), required: new Set(own.required) };
  for (const member of members) {
    const siblingsAdd = members
      .filter((other) => other !== member)
      .flatMap((other) => [...(other.properties?.keys() ?? [])])
      .filter((name) => !member.properties?.has(name));
    if (member.closed && siblingsAdd.length > 0)
      problems.push(`${where}: an allOf member refuses ${siblingsAdd.join(", ")}, which another member adds`);
    for (const [name, property] of member.properties ?? []) merged.properties?.set(name, property);
    for (const name of member.required ?? []) merged.required?.add(name);
    merged.types ??= member.types;
    Object.assign(merged.bounds, member.bounds);
  }
  merged.closed = schema.unevaluatedProperties === false || members.some((member) => member.closed);
  return merged;
}

/** zod's JSON Schema as a Shape. */
function routeShape(schema: JsonSchema): Shape {
  return plainShape(schema, routeShape);
}

function plainShape(schema: JsonSchema, inner: (schema: JsonSchema) => Shape): Shape {
  const union = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  let types: Set<string> | undefined;
  if (union) {
    const members = union.map(inner);
    types = members.some((member) => !member.types)
      ? undefined
      : new Set(members.flatMap((member) => [...(member.types ?? [])]));
  } else if (typeof schema.type === "string") {
    types = new Set([schema.type]);
  }
  const shape: Shape = { types, bounds: boundsOf(schema) };
  if (Array.isArray(schema.enum)) shape.enum = schema.enum;
  if (schema.properties && typeof schema.properties === "object") {
    shape.properties = new Map(
      Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, property]) => [
        name,
        inner(property),
      ]),
    );
  }
  if (Array.isArray(schema.required)) shape.required = new Set(schema.required as string[]);
  if (schema.additionalProperties === false || schema.unevaluatedProperties === false) shape.closed = true;
  if (schema.additionalProperties && typeof schema.additionalProperties === "object")
    shape.values = inner(schema.additionalProperties as JsonSchema);
  if (schema.items && typeof schema.items === "object") shape.items = inner(schema.items as JsonSchema);
  return shape;
}

/** An operation's query parameters as one closed object (a route refuses parameters it does not take). */
function queryShape(document: OpenApiDocument, operation: OpenApiOperation): Shape {
  const properties = new Map<string, Shape>();
  const required = new Set<string>();
  for (const given of operation.parameters ?? []) {
    const parameter = resolveRef(document, given as unknown as JsonSchema) as unknown as OpenApiParameter;
    if (parameter.in !== "query") continue;
    properties.set(parameter.name, routeShape(parameter.schema ?? {}));
    if (parameter.required) required.add(parameter.name);
  }
  return { types: new Set(["object"]), properties, required, closed: true, bounds: {} };
}

/** A query schema's Shape: a query value arrives as text, so `"true" | "false"` is the document's boolean. */
function queryRouteShape(schema: JsonSchema): Shape {
  const shape = routeShape(schema);
  for (const [name, property] of shape.properties ?? []) {
    const isBooleanText =
      property.types?.size === 1 && property.types.has("string") && sameSet(property.enum, ["true", "false"]);
    if (isBooleanText) shape.properties?.set(name, { types: new Set(["boolean"]), bounds: {} });
  }
  shape.required ??= new Set();
  return shape;
}

function sameSet(left: Iterable<unknown> | undefined, right: Iterable<unknown> | undefined): boolean {
  const a = new Set(left ?? []);
  const b = new Set(right ?? []);
  return a.size === b.size && [...a].every((item) => b.has(item));
}

const list = (items: Iterable<unknown>) => [...items].map(String).sort().join(", ") || "none";

function compareShapes(documented: Shape, route: Shape, where: string): string[] {
  const out: string[] = [];
  if (documented.types && route.types && !sameSet(documented.types, route.types))
    out.push(`${where}: type ${list(documented.types)} in openapi.yaml, ${list(route.types)} in the route`);
  for (const bound of BOUNDS) {
    const stated = documented.bounds[bound];
    if (stated !== undefined && stated !== route.bounds[bound])
      out.push(`${where}: ${bound} ${stated} in openapi.yaml, ${route.bounds[bound] ?? "none"} in the route`);
  }
  if (documented.enum && !sameSet(documented.enum, route.enum))
    out.push(
      `${where}: enum ${list(documented.enum)} in openapi.yaml, ${list(route.enum ?? [])} in the route`,
    );

  if (documented.properties || route.properties) {
    const documentedNames = new Set(documented.properties?.keys());
    const routeNames = new Set(route.properties?.keys());
    const onlyDocumented = [...documentedNames].filter((name) => !routeNames.has(name));
    const onlyRoute = [...routeNames].filter((name) => !documentedNames.has(name));
    if (onlyDocumented.length)
      out.push(`${where}: openapi.yaml has ${list(onlyDocumented)}, the route does not`);
    if (onlyRoute.length) out.push(`${where}: the route takes ${list(onlyRoute)}, openapi.yaml does not`);
    if (!sameSet(documented.required, route.required))
      out.push(
        `${where}: required ${list(documented.required ?? [])} in openapi.yaml, ${list(route.required ?? [])} in the route`,
      );
    if (Boolean(documented.closed) !== Boolean(route.closed))
      out.push(
        `${where}: other fields ${documented.closed ? "refused" : "allowed"} by openapi.yaml, ${route.closed ? "refused" : "allowed"} by the route`,
      );
    for (const name of documentedNames) {
      const [left, right] = [documented.properties?.get(name), route.properties?.get(name)];
      if (left && right) out.push(...compareShapes(left, right, `${where}.${name}`));
    }
  }
  if (documented.values && route.values)
    out.push(...compareShapes(documented.values, route.values, `${where}{}`));
  else if (documented.values || route.values)
    out.push(
      `${where}: a map of values on one side only (${documented.values ? "openapi.yaml" : "the route"})`,
    );
  if (documented.items && route.items)
    out.push(...compareShapes(documented.items, route.items, `${where}[]`));
  return out;
}
