/**
 * The console's one API client (the typed client, `client/`), the token it sends, and who is signed in.
 * The token lives in this module's memory only: never in storage, a cookie or a URL, and it is gone on
 * sign out, on reload, and after 15 minutes without use (App's idle rule).
 */
import { createSecretsApi } from "../../client";
import { type Answer, answerOf, failureOf, UNREACHABLE } from "./answer";
import { config } from "./config";
import { type Permissions, parseMe, permissionsFrom, permissionsWithoutMe } from "./permissions";

let token: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** The typed client every page calls the API with. */
export const api = createSecretsApi({ baseUrl: config.apiUrl, token: () => token });

// A 401 on any call means the token no longer works (rotated, revoked): sign out.
api.use({
  onResponse({ response }) {
    if (response.status === 401 && token !== undefined) onUnauthorized?.();
  },
});

/** Called when the API refuses the token after sign-in. */
export function whenUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
}

/** Forgets the token. */
export function forgetToken(): void {
  token = undefined;
}

/**
 * Signs in with `candidate`: keeps it only if the API accepts it, and answers what it may do. `GET /me`
 * is not in openapi.yaml yet, so it is called with fetch here (the typed client once it is); an API
 * without it (404) has one admin token, which the list then checks.
 */
export async function signIn(candidate: string): Promise<Answer<Permissions>> {
  const answer = await whoIs(candidate);
  token = answer.ok ? candidate : undefined;
  return answer;
}

async function whoIs(candidate: string): Promise<Answer<Permissions>> {
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl}/me`, {
      headers: { Authorization: `Bearer ${candidate}` },
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
  } catch {
    return UNREACHABLE;
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const me = parseMe(body);
    return me
      ? { ok: true, status: response.status, data: permissionsFrom(me) }
      : {
          ok: false,
          status: response.status,
          code: "UnexpectedAnswer",
          message: "GET /me answered an unknown shape.",
        };
  }
  if (response.status !== 404) return failureOf(response, body);
  const probe = createSecretsApi({ baseUrl: config.apiUrl, token: candidate });
  const listed = await answerOf(probe.GET("/secrets", { params: { query: { maxResults: 1 } } }));
  return listed.ok ? { ok: true, status: listed.status, data: permissionsWithoutMe() } : listed;
}
