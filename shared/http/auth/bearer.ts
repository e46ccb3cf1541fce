import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The token of an `Authorization: Bearer <token>` header, from the headers (any case) or else the
 * identity source; undefined when absent or of another scheme.
 */
export function bearerToken(
  event: Pick<APIGatewayRequestAuthorizerEventV2, "headers" | "identitySource">,
): string | undefined {
  const headers = event.headers ?? {};
  const headerName = Object.keys(headers).find((name) => name.toLowerCase() === "authorization");
  const header = (headerName ? headers[headerName] : undefined) ?? event.identitySource?.[0];
  return header ? BEARER.exec(header)?.[1] : undefined;
}
