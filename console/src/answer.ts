/**
 * One API call's outcome as the console shows it: the status, and either the answer's data or its error
 * code and message (plus Retry-After's seconds when the API sends one). Nothing here logs; a failure's
 * text comes from the API's message or from this module, never from a value.
 */
import { errorCode } from "../../client";

export type Answer<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string; message: string; retryAfterSeconds?: number };

/** What an openapi-fetch call resolves to, loosely. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The status 0 answer: no HTTP answer at all (the API is down, or its CORS does not allow this origin). */
export const UNREACHABLE = {
  ok: false,
  status: 0,
  code: "NetworkError",
  message:
    "The API could not be reached (is it running, and does its CORS setting allow this console's origin?)",
} as const;

/**
 * Waits for a typed-client call and turns it into an Answer; a thrown fetch (network, CORS) is UNREACHABLE.
 *
 * @example
 * const answer = await answerOf(api.POST("/secrets/{id}/restore", { params: { path: { id } } }));
 * if (!answer.ok) show(failureText(answer));
 */
export async function answerOf<T>(call: Promise<FetchResult<T>>): Promise<Answer<T>> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    return UNREACHABLE;
  }
  const { response } = result;
  if (response.ok) return { ok: true, status: response.status, data: result.data as T };
  return failureOf(response, result.error);
}

/** An error answer's code, message and Retry-After. */
export function failureOf(response: Response, body: unknown): Answer<never> {
  const retryAfterSeconds = retryAfter(response.headers.get("Retry-After"));
  const message = messageOf(body);
  return {
    ok: false,
    status: response.status,
    code: errorCode(body) ?? (response.status === 401 ? "Unauthorized" : `HTTP${response.status}`),
    message: message ?? (response.status === 401 ? "The API refused the token." : response.statusText),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}

function messageOf(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === "string" ? error.message : undefined;
}

/** Retry-After as seconds from now: a number of seconds or an HTTP date. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * What a failed answer means for the person at the console, in one sentence.
 *
 * @example
 * failureText({ ok: false, status: 409, code: "RotationInProgress", message: "...", retryAfterSeconds: 20 })
 * // "A rotation is running on this secret: retry after 20 s."
 */
export function failureText(answer: Extract<Answer<unknown>, { ok: false }>): string {
  if (answer.status === 412)
    return "Someone changed this secret since you loaded it: reload it to see the current version, then edit again.";
  if (
    answer.status === 409 &&
    (answer.code === "RotationInProgress" || answer.retryAfterSeconds !== undefined)
  ) {
    const when =
      answer.retryAfterSeconds !== undefined ? `after ${answer.retryAfterSeconds} s` : "in a moment";
    return `A rotation is running on this secret: retry ${when}.`;
  }
  if (answer.status === 429) {
    const when =
      answer.retryAfterSeconds !== undefined ? `after ${answer.retryAfterSeconds} s` : "in a moment";
    return `Secrets Manager is throttling requests: retry ${when}.`;
  }
  return answer.message;
}
