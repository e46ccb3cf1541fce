/**
 * API Gateway HTTP API (payload 2.0) events and a Lambda context, for invoking handlers in-process (fuzz
 * tests, benchmarks).
 *
 * @example
 * const event = httpEvent({ method: "GET", route: "/secrets/{id}/value", pathParameters: { id: "app/db" } });
 * await getSecretValue(event, lambdaContext("getSecretValue"));
 */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2, Context } from "aws-lambda";
import { type AuthorizerContext, toAuthorizerContext } from "../../shared/access/authorizer-context";
import { ADMIN_CLIENT_ID } from "../../shared/access/principal";
import { allActionsOn } from "../../shared/access/scopes";

export interface EventInput {
  method: string;
  /** The route's path template, e.g. `/secrets/{id}/value`. */
  route: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  /**
   * The authorizer's context as API Gateway hands it to the route; the admin client's (every action on
   * `SECRETS_PREFIX`) when absent, none at all with `null`.
   */
  authorizer?: AuthorizerContext | null;
}

/** The admin client's authorizer context: every action on `prefix` (default `SECRETS_PREFIX`, else `app/`). */
export function adminContext(prefix = process.env.SECRETS_PREFIX ?? "app/"): AuthorizerContext {
  return toAuthorizerContext({ clientId: ADMIN_CLIENT_ID, scopes: allActionsOn(prefix) });
}

export function httpEvent(input: EventInput): APIGatewayProxyEventV2 {
  const rawPath = input.route.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(input.pathParameters?.[name] ?? ""),
  );
  const query = input.query && Object.keys(input.query).length > 0 ? input.query : undefined;
  const now = Date.now();
  const authorizer = input.authorizer === undefined ? adminContext() : input.authorizer;
  return {
    version: "2.0",
    routeKey: `${input.method} ${input.route}`,
    rawPath,
    rawQueryString: query ? new URLSearchParams(query).toString() : "",
    headers: input.headers ?? {},
    ...(query ? { queryStringParameters: query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
    isBase64Encoded: input.isBase64Encoded ?? false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: "local.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "local",
      http: {
        method: input.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "local",
      },
      requestId: randomUUID(),
      routeKey: `${input.method} ${input.route}`,
      stage: "$default",
      time: new Date(now).toISOString(),
      timeEpoch: now,
      ...(authorizer ? { authorizer: { lambda: authorizer } } : {}),
    },
  } as APIGatewayProxyEventV2;
}

export function authorizerEvent(headers: Record<string, string>): APIGatewayRequestAuthorizerEventV2 {
  const base = httpEvent({ method: "GET", route: "/secrets", headers });
  return {
    version: "2.0",
    type: "REQUEST",
    routeArn: "arn:aws:execute-api:us-east-1:000000000000:local/$default/GET/secrets",
    identitySource: headers.authorization ? [headers.authorization] : [],
    routeKey: base.routeKey,
    rawPath: base.rawPath,
    rawQueryString: "",
    cookies: [],
    headers,
    requestContext: base.requestContext,
  } as APIGatewayRequestAuthorizerEventV2;
}

export function lambdaContext(functionName = "local"): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
