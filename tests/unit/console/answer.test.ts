import { describe, expect, it } from "vitest";
import {
  type Answer,
  answerOf,
  failureOf,
  failureText,
  retryAfter,
  UNREACHABLE,
} from "../../../console/src/answer";

type Failure = Extract<Answer<unknown>, { ok: false }>;

/** The console's reading of an error answer with the API's error body. */
function failure(status: number, code: string, headers: Record<string, string> = {}): Failure {
  const body = { error: { code, message: `the API's message for ${code}` } };
  const answer = failureOf(new Response(JSON.stringify(body), { status, headers }), body);
  if (answer.ok) throw new Error("not a failure");
  return answer;
}

describe("the console's answers", () => {
  it("says what a 412 and a 409 during a rotation mean, with Retry-After's seconds", () => {
    const conflict = failure(412, "VersionConflict");
    expect(conflict).toMatchObject({ status: 412, code: "VersionConflict" });
    expect(failureText(conflict)).toMatch(/^Someone changed this secret since you loaded it: reload/);
    const rotating = failure(409, "RotationInProgress", { "Retry-After": "20" });
    expect(rotating.retryAfterSeconds).toBe(20);
    expect(failureText(rotating)).toBe("A rotation is running on this secret: retry after 20 s.");
    expect(failureText(failure(409, "RotationInProgress"))).toBe(
      "A rotation is running on this secret: retry in a moment.",
    );
    expect(failureText(failure(429, "ThrottlingException", { "Retry-After": "1" }))).toBe(
      "Secrets Manager is throttling requests: retry after 1 s.",
    );
  });

  it("shows the API's own message for other failures, and names a 401 without a body", () => {
    expect(failureText(failure(409, "ResourceExistsException"))).toBe(
      "the API's message for ResourceExistsException",
    );
    expect(failureOf(new Response("", { status: 401 }), undefined)).toMatchObject({
      status: 401,
      code: "Unauthorized",
      message: "The API refused the token.",
    });
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-05-01T10:00:00Z");
    expect(retryAfter("7", now)).toBe(7);
    expect(retryAfter("Fri, 01 May 2026 10:00:30 GMT", now)).toBe(30);
    expect(retryAfter(null, now)).toBeUndefined();
    expect(retryAfter("soon", now)).toBeUndefined();
  });

  it("turns a call that threw (network, CORS) into a NetworkError answer, and a success into its data", async () => {
    expect(await answerOf(Promise.reject(new TypeError("Failed to fetch")))).toEqual(UNREACHABLE);
    const ok = await answerOf(
      Promise.resolve({ data: { versionId: "v2" }, response: new Response("{}", { status: 200 }) }),
    );
    expect(ok).toEqual({ ok: true, status: 200, data: { versionId: "v2" } });
  });
});
