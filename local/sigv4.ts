/**
 * AWS Signature Version 4, verified: what the endpoint checks when it serves the network
 * (`--allow-remote`), so that only a client holding the generated access key pair gets an answer. The
 * AWS SDKs, the AWS CLI, boto3 and `curl --aws-sigv4` sign this way unchanged.
 *
 * The verification rebuilds the canonical request from what was received (method, path normalized and
 * escaped as the SDKs do for every service but S3, sorted query, the signed headers' values trimmed, the
 * SHA-256 of the body actually read), derives the signing key from the secret key, date, region and
 * service, and compares signatures in constant time. The request time (`X-Amz-Date`, which must be
 * signed, as must `Host`) must be within 5 minutes of the endpoint's clock, as on AWS; the endpoint's
 * `Date` header tells SDKs that clock, so they correct their offset after `/_local/clock` too.
 * Refusals use the codes AWS's JSON services answer with; their messages never quote a key.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { AwsError } from "./core/errors";

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the verifier needs of a received request. */
export interface ReceivedRequest {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  url: string;
  /** Node's `rawHeaders`: names and values alternating, in the order received. */
  rawHeaders: readonly string[];
  body: Buffer;
}

export const SIGNING_SERVICE = "secretsmanager";
const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_SKEW_SECONDS = 300;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * A fresh access key pair: an id shaped like AWS's (`LKIA` and 16 base-32 characters) and a 40-character
 * secret from 30 random bytes.
 *
 * @example
 * const key = generateAccessKey(); // { accessKeyId: "LKIA...", secretAccessKey: "..." }
 */
export function generateAccessKey(): AccessKeyPair {
  const id = [...randomBytes(16)].map((byte) => BASE32[byte % 32]).join("");
  return { accessKeyId: `LKIA${id}`, secretAccessKey: randomBytes(30).toString("base64") };
}

/**
 * Verifies the request's SigV4 `Authorization` header against `key` at `nowSeconds` (epoch seconds),
 * for `service` (the credential scope's service, `secretsmanager` by default); throws an `AwsError` for
 * a missing, malformed, foreign, expired or wrong signature.
 *
 * @example
 * verifySignature({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body }, key, clock.now());
 */
export function verifySignature(
  request: ReceivedRequest,
  key: AccessKeyPair,
  nowSeconds: number,
  service = SIGNING_SERVICE,
): void {
  const headers = headerValues(request.rawHeaders);
  const authorization = headers.get("authorization");
  if (authorization === undefined)
    throw new AwsError("MissingAuthenticationTokenException", "Request is missing Authentication Token");
  const parsed = parseAuthorization(authorization, service);
  if (!sameSecret(parsed.accessKeyId, key.accessKeyId))
    throw new AwsError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  const amzDate = headers.get("x-amz-date");
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate))
    throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!parsed.signedHeaders.includes("host") || !parsed.signedHeaders.includes("x-amz-date"))
    throw incomplete("The request must sign the 'host' and 'x-amz-date' headers.");
  if (amzDate.slice(0, 8) !== parsed.date)
    throw invalidSignature("Credential should be scoped to a valid date matching the request's X-Amz-Date.");
  checkSkew(amzDate, nowSeconds);

  const bodyHash = sha256Hex(request.body);
  const declaredHash = headers.get("x-amz-content-sha256");
  if (declaredHash !== undefined && declaredHash !== bodyHash)
    throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const canonical = canonicalRequest(request, headers, parsed.signedHeaders, bodyHash);
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join("\n");
  const signingKey = [parsed.date, parsed.region, parsed.service, "aws4_request"].reduce<Buffer>(
    (secret, part) => hmac(secret, part),
    Buffer.from(`AWS4${key.secretAccessKey}`, "utf8"),
  );
  const expected = hmac(signingKey, stringToSign).toString("hex");
  if (!sameSecret(parsed.signature, expected))
    throw invalidSignature(
      "The request signature we calculated does not match the signature you provided. Check your AWS " +
        "Secret Access Key and signing method. Consult the service documentation for details.",
    );
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string, expectedService: string): ParsedAuthorization {
  if (!header.startsWith(`${ALGORITHM} `))
    throw incomplete("Authorization header must use the AWS4-HMAC-SHA256 algorithm.");
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(",")) {
    const [name, ...rest] = part.trim().split("=");
    if (name) fields.set(name, rest.join("="));
  }
  const credential = fields.get("Credential")?.split("/") ?? [];
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  const [accessKeyId, date, region, service, terminator] = credential;
  if (
    credential.length !== 5 ||
    !accessKeyId ||
    !date ||
    !/^\d{8}$/.test(date) ||
    !region ||
    !service ||
    terminator !== "aws4_request" ||
    !signedHeaders ||
    !signature ||
    !/^[0-9a-f]{64}$/.test(signature)
  )
    throw incomplete(
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in SigV4 form.",
    );
  if (service !== expectedService)
    throw invalidSignature(`Credential should be scoped to correct service: '${expectedService}'.`);
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(";"), signature };
}

function checkSkew(amzDate: string, nowSeconds: number): void {
  const signedAt =
    Date.UTC(
      Number(amzDate.slice(0, 4)),
      Number(amzDate.slice(4, 6)) - 1,
      Number(amzDate.slice(6, 8)),
      Number(amzDate.slice(9, 11)),
      Number(amzDate.slice(11, 13)),
      Number(amzDate.slice(13, 15)),
    ) / 1000;
  const now = Math.floor(nowSeconds);
  if (signedAt < now - MAX_SKEW_SECONDS)
    throw invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${amzTime(now - MAX_SKEW_SECONDS)} (${amzTime(now)} - 5 min.)`,
    );
  if (signedAt > now + MAX_SKEW_SECONDS)
    throw invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${amzTime(now + MAX_SKEW_SECONDS)} (${amzTime(now)} + 5 min.)`,
    );
}

function canonicalRequest(
  request: ReceivedRequest,
  headers: Map<string, string>,
  signedHeaders: readonly string[],
  bodyHash: string,
): string {
  const queryStart = request.url.indexOf("?");
  const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const query = queryStart === -1 ? "" : request.url.slice(queryStart + 1);
  const headerLines = signedHeaders.map((name) => `${name}:${headers.get(name) ?? ""}\n`).join("");
  return [
    request.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    headerLines,
    signedHeaders.join(";"),
    bodyHash,
  ].join("\n");
}

/** Dot segments resolved, empty segments dropped, then escaped (`%` too: the path is escaped twice). */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return escapeUri(`/${segments.join("/")}${trailing}`).replace(/%2F/g, "/");
}

function canonicalQuery(query: string): string {
  if (query === "") return "";
  return query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const name = equals === -1 ? pair : pair.slice(0, equals);
      const value = equals === -1 ? "" : pair.slice(equals + 1);
      return [escapeUri(safeDecode(name)), escapeUri(safeDecode(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** Header name (lower case) -> its values in order, each trimmed and with runs of spaces collapsed. */
function headerValues(rawHeaders: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = (rawHeaders[i + 1] as string).trim().replace(/\s+/g, " ");
    const previous = values.get(name);
    values.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return values;
}

/** RFC 3986 escaping, as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Equal in constant time: both sides are hashed first, so neither their length nor content leaks. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

function sha256(data: string | Buffer): Buffer {
  return createHash("sha256").update(data).digest();
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function amzTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function incomplete(message: string): AwsError {
  return new AwsError("IncompleteSignatureException", message);
}

function invalidSignature(message: string): AwsError {
  return new AwsError("InvalidSignatureException", message);
}
