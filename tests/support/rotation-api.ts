/**
 * The HTTP API's routes a rotation test needs, invoked in this process against the test's local endpoint
 * (through the container's default Secrets Manager client, which the test points at it).
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { handler as cancelRotation } from "../../functions/http/cancel-rotation";
import { handler as patchSecretValue } from "../../functions/http/patch-secret-value";
import { handler as putSecretValue } from "../../functions/http/put-secret-value";
import { handler as rotateSecret } from "../../functions/http/rotate-secret";
import type { HttpHandler } from "../../shared/http/stack";
import { setSecretsClient } from "../../shared/secrets/client";
import { httpEvent, lambdaContext } from "./lambda-event";

export interface RouteAnswer {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

/** The error code of an answer, or undefined for a success. */
export const errorCode = (answer: RouteAnswer): string | undefined =>
  (answer.json.error as { code?: string } | undefined)?.code;

async function call(
  handler: HttpHandler,
  method: string,
  route: string,
  id: string,
  body?: unknown,
): Promise<RouteAnswer> {
  const event = httpEvent({
    method,
    route,
    pathParameters: { id },
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const result = (await handler(event, lambdaContext("rotation-test"))) as {
    statusCode: number;
    headers?: Record<string, string>;
    body?: string;
  };
  return {
    status: result.statusCode,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    json: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {},
  };
}

/** The routes, talking to `client`'s endpoint. */
export function rotationApi(client: SecretsManagerClient) {
  setSecretsClient(client);
  return {
    put: (id: string, value: unknown) => call(putSecretValue, "PUT", "/secrets/{id}/value", id, { value }),
    patch: (id: string, set: Record<string, unknown>) =>
      call(patchSecretValue, "PATCH", "/secrets/{id}/value", id, { set }),
    rotate: (id: string, body: Record<string, unknown> = {}) =>
      call(rotateSecret, "POST", "/secrets/{id}/rotate", id, body),
    cancel: (id: string) => call(cancelRotation, "POST", "/secrets/{id}/rotate/cancel", id),
    /** Points the routes' default client back at the environment's endpoint. */
    release: () => setSecretsClient(undefined),
  };
}

export type RotationApi = ReturnType<typeof rotationApi>;
