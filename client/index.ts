/**
 * The HTTP API's typed client: `openapi-fetch` over the types `openapi-typescript` generates from
 * `openapi.yaml` (`client/schema.d.ts`, made by `npm run client:generate`). The console and the
 * end-to-end tests call the API through it; only tests of malformed input send raw HTTP.
 *
 * Works in a browser and in Node.js 20 (both have `fetch`). It never logs: a request's token and a
 * secret's value stay in the request and the answer.
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./schema";

export type { components, operations, paths };

/** A typed client of the secrets HTTP API: `api.GET("/secrets/{id}", { params: { path: { id } } })`. */
export type SecretsApi = Client<paths>;

/** The schemas of `openapi.yaml`, by name: `ApiSchema<"SecretMetadata">`. */
export type ApiSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** Every error answer's body. */
export type ApiErrorBody = ApiSchema<"Error">;

export interface SecretsApiOptions {
  /** The API's base URL (`http://127.0.0.1:3000`, or a deployed stage's invoke URL). */
  baseUrl: string;
  /**
   * The bearer token, or a function that answers it at each request (so a console can forget it on sign
   * out without making a new client). No token: the request goes without `Authorization`.
   */
  token?: string | (() => string | undefined);
  /** Another fetch (tests); the global one when absent. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * Makes a client of the API at `baseUrl` that sends `Authorization: Bearer <token>`. Requests carry no
 * cookies and no referrer (the API's answers say `Cache-Control: no-store` themselves).
 *
 * @example
 * const api = createSecretsApi({ baseUrl: "http://127.0.0.1:3000", token: process.env.API_TOKEN });
 * const { data, error, response } = await api.GET("/secrets/{id}/value", {
 *   params: { path: { id: "app/db" }, query: { key: "password" } },
 * });
 * if (error) console.log(response.status, error.error.code); // never the value
 */
export function createSecretsApi(options: SecretsApiOptions): SecretsApi {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    credentials: "omit",
    referrerPolicy: "no-referrer",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { token: given } = options;
  const tokenOf = typeof given === "function" ? given : () => given;
  client.use({
    onRequest({ request }) {
      const token = tokenOf();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  });
  return client;
}

/** The error code of an error answer (`VersionConflict`, ...), when its body is the API's error shape. */
export function errorCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: { code?: unknown } }).error;
  return typeof error?.code === "string" ? error.code : undefined;
}
