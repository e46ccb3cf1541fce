/**
 * SigV4 verification against AWS's own published example (the IAM ListUsers request of "Create a signed
 * AWS API request", whose signature AWS prints), and every way a request can differ from what was signed.
 * The SDKs, the AWS CLI, boto3 and curl signing real requests: tests/integration/local/allow-remote.test.ts.
 */
import { describe, expect, it } from "vitest";
import { AwsError } from "../../../local/core/errors";
import { generateAccessKey, type ReceivedRequest, verifySignature } from "../../../local/sigv4";

const KEY = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const SIGNED_AT = Date.UTC(2015, 7, 30, 12, 36, 0) / 1000;
const SIGNATURE = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

function example(
  overrides: { url?: string; headers?: Record<string, string>; body?: string } = {},
): ReceivedRequest {
  const headers: Record<string, string> = {
    Host: "iam.amazonaws.com",
    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
    "X-Amz-Date": "20150830T123600Z",
    Authorization:
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " +
      `SignedHeaders=content-type;host;x-amz-date, Signature=${SIGNATURE}`,
    ...overrides.headers,
  };
  return {
    method: "GET",
    url: overrides.url ?? "/?Action=ListUsers&Version=2010-05-08",
    rawHeaders: Object.entries(headers).flat(),
    body: Buffer.from(overrides.body ?? ""),
  };
}

const codeOf = (request: ReceivedRequest, now = SIGNED_AT, key = KEY) => {
  try {
    verifySignature(request, key, now, "iam");
    return "ok";
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError);
    return (error as AwsError).code;
  }
};

describe("SigV4 verification", () => {
  it("accepts AWS's published example, also with the query in another order and within 5 minutes", () => {
    expect(codeOf(example())).toBe("ok");
    expect(codeOf(example({ url: "/?Version=2010-05-08&Action=ListUsers" }))).toBe("ok");
    expect(codeOf(example(), SIGNED_AT + 299)).toBe("ok");
    expect(codeOf(example(), SIGNED_AT - 299)).toBe("ok");
  });

  it("refuses a request changed after signing: path, query, a signed header, the body, the method", () => {
    expect(codeOf(example({ url: "/other?Action=ListUsers&Version=2010-05-08" }))).toBe(
      "InvalidSignatureException",
    );
    expect(codeOf(example({ url: "/?Action=DeleteUser&Version=2010-05-08" }))).toBe(
      "InvalidSignatureException",
    );
    expect(codeOf(example({ headers: { Host: "evil.example" } }))).toBe("InvalidSignatureException");
    expect(codeOf(example({ headers: { "Content-Type": "text/plain" } }))).toBe("InvalidSignatureException");
    expect(codeOf(example({ body: "Action=DeleteUser" }))).toBe("InvalidSignatureException");
    expect(codeOf({ ...example(), method: "POST" })).toBe("InvalidSignatureException");
  });

  it("refuses the wrong secret key, another access key id, and a scope for another service", () => {
    expect(codeOf(example(), SIGNED_AT, { ...KEY, secretAccessKey: `${KEY.secretAccessKey}x` })).toBe(
      "InvalidSignatureException",
    );
    expect(codeOf(example(), SIGNED_AT, { ...KEY, accessKeyId: "AKIDOTHER" })).toBe(
      "UnrecognizedClientException",
    );
    const request = example();
    expect(() => verifySignature(request, KEY, SIGNED_AT)).toThrow(
      /scoped to correct service: 'secretsmanager'/,
    );
  });

  it("refuses a signature more than 5 minutes old or early, naming the times", () => {
    expect(codeOf(example(), SIGNED_AT + 301)).toBe("InvalidSignatureException");
    expect(() => verifySignature(example(), KEY, SIGNED_AT + 3600, "iam")).toThrow(
      "Signature expired: 20150830T123600Z is now earlier than 20150830T133100Z (20150830T133600Z - 5 min.)",
    );
    expect(() => verifySignature(example(), KEY, SIGNED_AT - 3600, "iam")).toThrow(
      /^Signature not yet current: 20150830T123600Z is still later than/,
    );
  });

  it("refuses no Authorization, a malformed one, an unsigned Host or X-Amz-Date, a date outside the scope", () => {
    const without = example();
    without.rawHeaders = without.rawHeaders.slice(0, 6);
    expect(codeOf(without)).toBe("MissingAuthenticationTokenException");
    for (const authorization of [
      "Bearer abc",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request",
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`,
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz",
    ])
      expect([authorization, codeOf(example({ headers: { Authorization: authorization } }))]).toEqual([
        authorization,
        "IncompleteSignatureException",
      ]);
    const unsignedHost = example({
      headers: {
        Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;x-amz-date, Signature=${SIGNATURE}`,
      },
    });
    expect(codeOf(unsignedHost)).toBe("IncompleteSignatureException");
    const otherDay = example({
      headers: {
        Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${SIGNATURE}`,
      },
    });
    expect(codeOf(otherDay)).toBe("InvalidSignatureException");
  });

  it("never quotes the secret key in a refusal", () => {
    for (const now of [SIGNED_AT, SIGNED_AT + 3600]) {
      try {
        verifySignature(example({ body: "changed" }), KEY, now, "iam");
      } catch (error) {
        expect((error as Error).message.includes(KEY.secretAccessKey)).toBe(false);
      }
    }
  });

  it("generates key pairs shaped like AWS's, different each time", () => {
    const [a, b] = [generateAccessKey(), generateAccessKey()];
    expect(a.accessKeyId).toMatch(/^LKIA[A-Z2-7]{16}$/);
    expect(a.secretAccessKey).toHaveLength(40);
    expect(a.accessKeyId === b.accessKeyId || a.secretAccessKey === b.secretAccessKey).toBe(false);
  });
});
