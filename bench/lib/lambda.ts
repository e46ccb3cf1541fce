/** A minimal API Gateway v2 event and Lambda context for invoking handlers in-process. */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

export function getEvent(
  routeKey: string,
  rawPath: string,
  pathParameters?: Record<string, string>,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  const [method = "GET"] = routeKey.split(" ");
  const now = Date.now();
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: "",
    headers,
    ...(pathParameters ? { pathParameters } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "bench",
      domainName: "bench.local",
      domainPrefix: "bench",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
  };
}

export function context(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "bench",
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
